import { createServer, IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Provider from 'oidc-provider';
import {
  AnswerError,
  answer,
  challengeEndpoint,
  defaultConfig,
  escapeHtml,
  findUser,
  maskAddress,
  oauthError,
  pageLanguage,
  type Answer,
  type AuthSession,
  type Context,
  type MockConfig,
} from '@pwless/mock/rules';
import { pageClient, pageClientId, rulesClient } from './clients.js';
import { isLoopbackUrl, type ProviderConfig } from './config.js';
import { createDelivery, DeliveryError } from './delivery.js';
import { devApp } from './dev-app.js';
import { generateKeys } from './keys.js';
import { jsonLogger, type Logger } from './log.js';
import { createOidcProvider, noScriptPolicy } from './oidc.js';
import { csrfMatches, csrfToken, pagePolicy, signInPage } from './pages.js';
import { openStore } from './open-store.js';
import { StoreError, type Database, type Store } from './store.js';
import { addUser } from './users.js';

const assetsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');
const elementDir = dirname(fileURLToPath(import.meta.resolve('@pwless/login/pwless-login.min.js')));
const hour = 3600_000;
const maxBodyBytes = 56 * 1024;

export interface RunningProvider {
  readonly issuer: string;
  readonly url: string;
  readonly oidc: Provider;
  readonly store: Store;
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
}

/** The passwordless rules' policies from the config file. */
function rulesConfig(config: ProviderConfig): MockConfig {
  const { policy } = config;
  return {
    ...defaultConfig,
    ...(policy.codeLength === undefined ? {} : { codeLength: policy.codeLength }),
    ...(policy.codeLifetime === undefined ? {} : { codeLifetime: policy.codeLifetime }),
    ...(policy.maxAttempts === undefined ? {} : { maxAttempts: policy.maxAttempts }),
    ...(policy.resendAfter === undefined ? {} : { resendAfter: policy.resendAfter }),
    ...(policy.sendsPerHour === undefined ? {} : { sendsPerHour: policy.sendsPerHour }),
    ...(policy.securityPhrase === undefined ? {} : { securityPhrase: policy.securityPhrase }),
    ...(policy.enumerationProtection === undefined ? {} : { enumerationProtection: policy.enumerationProtection }),
    ...(policy.deliveries === undefined ? {} : { deliveries: policy.deliveries }),
    signupsOpen: config.signups,
    channels: config.sms ? ['email', 'sms'] : ['email'],
  };
}

/** The redirect URI of codes from the challenge endpoint: never registered, so no redirect can use them. */
function nativeRedirectUri(issuer: string): string {
  return `${issuer}/challenge`;
}

async function readBody(request: IncomingMessage, limit = maxBodyBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AnswerError(oauthError(413, 'invalid_request', 'the body is too large'));
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The same request with a new body, for oidc-provider, which reads the body itself. */
function replayRequest(original: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(original.socket);
  copy.method = original.method!;
  copy.url = original.url!;
  copy.httpVersion = original.httpVersion;
  copy.httpVersionMajor = original.httpVersionMajor;
  copy.httpVersionMinor = original.httpVersionMinor;
  copy.headers = { ...original.headers, 'content-length': String(body.length) };
  delete copy.headers['transfer-encoding'];
  // The body is all here: reading must not go back to the socket, which has nothing more for it.
  copy._read = () => undefined;
  // Marked complete, or ending the copy would destroy the socket the answer goes out on.
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

/**
 * The address a request came from. Behind a proxy (`proxy: true`) it is the last `X-Forwarded-For`
 * entry, the one the proxy itself appended: entries before it come from the client and prove nothing.
 */
function clientAddress(request: IncomingMessage, behindProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  const last = typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() : undefined;
  return (behindProxy && last) || request.socket.remoteAddress || 'unknown';
}

function sendJson(response: ServerResponse, result: Answer, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(result.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...extraHeaders, ...result.headers });
  response.end(result.body === null ? undefined : JSON.stringify(result.body));
}

function sendHtml(response: ServerResponse, status: number, html: string, policy = noScriptPolicy): void {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': policy,
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  });
  response.end(html);
}

/** Starts the provider on `config.host:config.port`; resolves once it answers. */
export async function startProvider(config: ProviderConfig, options: StartOptions = {}): Promise<RunningProvider> {
  const log = options.log ?? jsonLogger();
  const store = await openStore(config);
  const keys = await store.transact(async (data) => (data.keys ??= await generateKeys()));
  const extraClaims = await store.read((data) => [...new Set(Object.values(data.rules.users).flatMap((user) => Object.keys(user.claims ?? {})))]);
  const oidc = createOidcProvider({ config, store, keys, extraClaims });
  const delivery = createDelivery(config, log);
  const issuerUrl = new URL(config.issuer);
  const issuerPath = issuerUrl.pathname.replace(/\/$/, '');
  const policies = rulesConfig(config);
  const allClients = [pageClient(config.issuer), ...config.clients];
  const clientsForRules = allClients.map(rulesClient);
  const originsOfClients = new Set(allClients.flatMap((client) => client.origins ?? []));
  const callback = oidc.callback();
  const devAppHandler = config.dev ? devApp(config.issuer) : undefined;

  function corsHeaders(request: IncomingMessage): Record<string, string> {
    const origin = request.headers.origin;
    if (!origin || !originsOfClients.has(origin)) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Headers': 'Content-Type, Authorization, DPoP',
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Expose-Headers': 'Retry-After, DPoP-Nonce, WWW-Authenticate',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    };
  }

  /** Ends a verified sign-in of the challenge endpoint with one of oidc-provider's authorization codes. */
  async function issueCode(context: Context, session: AuthSession): Promise<Answer> {
    const data = context.state as unknown as Database['rules'];
    delete data.sessions[session.id];
    let user = findUser(context.state, session);
    if (!user) {
      if (!config.signups) throw new AnswerError(oauthError(403, 'access_denied', 'sign-ups are closed', { pwless_reason: 'signup_disabled' }));
      user = await store.transact((database) => addUser(database, { address: session.identifier }));
      log({ event: 'user_signed_up', to: maskAddress(session.identifier) });
    }
    const client = await oidc.Client.find(session.clientId);
    if (!client) throw new AnswerError(oauthError(401, 'invalid_client', 'unknown client_id'));
    const grant = new oidc.Grant({ accountId: user.sub, clientId: client.clientId });
    grant.addOIDCScope(['openid', ...session.scope.split(' ')].join(' '));
    const grantId = await grant.save();
    const amr = session.channel === 'sms' ? ['otp', 'sms'] : ['otp'];
    const authTime = Math.floor(context.now / 1000);
    const code = new oidc.AuthorizationCode({
      accountId: user.sub,
      client,
      grantId,
      scope: [...new Set(['openid', ...session.scope.split(' ')])].join(' '),
      codeChallenge: session.codeChallenge,
      codeChallengeMethod: 'S256',
      ...(session.nonce ? { nonce: session.nonce } : {}),
      redirectUri: nativeRedirectUri(config.issuer),
      authTime,
      amr,
      expiresWithSession: false,
      ...(session.jkt ? { dpopJkt: session.jkt } : {}),
    } as ConstructorParameters<typeof oidc.AuthorizationCode>[0]);
    const value = await code.save();
    await store.transact((database) => {
      database.signIns[grantId] = { amr, authTime, expiresAt: context.now + 10 * 60_000 };
    });
    log({ event: 'sign_in_verified', client: client.clientId, delivery: session.approvedAt === undefined ? 'code' : 'link', to: maskAddress(session.identifier) });
    return answer(200, { authorization_code: value });
  }

  /** Per-IP send limit: the rules limit each address; this limits one machine trying many addresses. */
  function ipSendsLeft(data: Database, ip: string, now: number): number {
    const key = `ip:${ip}`;
    const recent = (data.rules.sends[key] ?? []).filter((time) => time > now - hour);
    data.rules.sends[key] = recent;
    return (config.policy.sendsPerHourPerIp ?? 30) - recent.length;
  }

  async function challenge(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const cors = corsHeaders(request);
    const body = await readBody(request, 16 * 1024);
    const headers = new Headers();
    for (const name of ['content-type', 'origin', 'dpop', 'user-agent', 'content-length']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    const webRequest = new Request(`${config.issuer}/challenge`, { method: 'POST', headers, body: new Uint8Array(body) });
    const form = new URLSearchParams(body.toString('utf8'));
    const sends = !form.has('pwless_action') ? !form.has('auth_session') : form.get('pwless_action') === 'resend';
    const ip = clientAddress(request, config.proxy);
    let result: Answer;
    try {
      result = await store.transact(async (data) => {
        const now = Date.now();
        data.rules.config = policies;
        if (sends && ipSendsLeft(data, ip, now) <= 0) {
          return { ...oauthError(429, 'slow_down', 'too many messages from this network; try again later', { retry_after: 600 }), headers: { 'Retry-After': '600' } };
        }
        const context: Context = {
          state: data.rules,
          issuer: config.issuer,
          clients: clientsForRules,
          defaults: policies,
          now,
          notify: () => undefined,
          issueCode,
          deliver: delivery.deliver,
        };
        try {
          const outcome = await challengeEndpoint(context, webRequest);
          if (sends && outcome.status === 403) (data.rules.sends[`ip:${ip}`] ??= []).push(now);
          return outcome;
        } catch (error) {
          // An error answer still counts what the request spent (a wrong try, a dead sign-in).
          if (error instanceof AnswerError) return error.answer;
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof DeliveryError) {
        result = oauthError(503, 'temporarily_unavailable', 'the message could not be sent; try again in a moment');
      } else throw error;
    }
    sendJson(response, result, cors);
  }

  async function interactionPage(request: IncomingMessage, response: ServerResponse, uid: string): Promise<void> {
    const details = await oidc.interactionDetails(request, response);
    if (details.uid !== uid) throw new AnswerError(oauthError(400, 'invalid_request', 'interaction mismatch'));
    const params = details.params as Record<string, string | undefined>;
    const text = pageLanguage({ uiLocales: params['ui_locales'] ?? null, acceptLanguage: request.headers['accept-language'] ?? null });
    if (details.prompt.name !== 'login' && details.session?.accountId) {
      // Consent: every client is the administrator's own, so a signed-in person goes straight back.
      const grant = new oidc.Grant({ accountId: details.session.accountId, clientId: params['client_id']! });
      grant.addOIDCScope(params['scope'] ?? 'openid');
      const location = await oidc.interactionResult(request, response, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      response.writeHead(303, { Location: location, 'Cache-Control': 'no-store' }).end();
      return;
    }
    const client = await oidc.Client.find(params['client_id'] ?? '');
    sendHtml(
      response,
      200,
      signInPage({
        issuer: config.issuer,
        clientId: pageClientId,
        text,
        finishUrl: `${issuerPath}/interaction/${uid}/finish`,
        csrf: csrfToken(keys.cookies[0]!, uid),
        appName: client?.clientName ?? client?.clientId ?? issuerUrl.host,
        ...(params['login_hint'] ? { loginHint: params['login_hint'] } : {}),
      }),
      pagePolicy,
    );
  }

  /** The page's element signed in: its one-time access token proves who, and the app's sign-in goes on. */
  async function finishInteraction(request: IncomingMessage, response: ServerResponse, uid: string): Promise<void> {
    const retry = { location: `${config.issuer}/interaction/${uid}` };
    if (request.headers.origin !== issuerUrl.origin) return sendJson(response, answer(403, retry));
    const form = new URLSearchParams((await readBody(request, 8 * 1024)).toString('utf8'));
    if (!csrfMatches(keys.cookies[0]!, uid, form.get('csrf') ?? '')) return sendJson(response, answer(403, retry));
    const details = await oidc.interactionDetails(request, response);
    if (details.uid !== uid) return sendJson(response, answer(400, retry));
    const token = await oidc.AccessToken.find(form.get('access_token') ?? '');
    if (!token || token.isExpired || token.clientId !== pageClientId || !token.accountId) {
      log({ event: 'interaction_refused', reason: 'proof' });
      return sendJson(response, answer(400, retry));
    }
    const signIn = await store.transact((data) => {
      const found = data.signIns[token.grantId!];
      delete data.signIns[token.grantId!];
      return found;
    });
    await token.destroy();
    await (await oidc.Grant.find(token.grantId!))?.destroy();
    const location = await oidc.interactionResult(
      request,
      response,
      { login: { accountId: token.accountId, ...(signIn ? { amr: signIn.amr, ts: signIn.authTime } : {}) } },
      { mergeWithLastSubmission: false },
    );
    log({ event: 'signed_in', client: (details.params as Record<string, string>)['client_id'] });
    sendJson(response, answer(200, { location }));
  }

  async function asset(response: ServerResponse, name: string): Promise<boolean> {
    const own = name === 'page.css' || name === 'sign-in-page.js';
    const element = /^pwless-login[A-Za-z0-9_.-]*\.min\.js$/.test(name);
    if (!own && !element) return false;
    const file = join(own ? assetsDir : elementDir, name);
    const content = await readFile(file).catch(() => undefined);
    if (!content) return false;
    response.writeHead(200, {
      'Content-Type': name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(content);
    return true;
  }

  async function devMail(response: ServerResponse, json: boolean): Promise<void> {
    const inbox = await store.read((data) => [...data.rules.inbox].reverse());
    if (json) return sendJson(response, answer(200, inbox));
    const rows = inbox
      .map(
        (message) =>
          `<article><h2>${escapeHtml(message.subject || 'SMS')}</h2><p>To ${escapeHtml(message.to)} · ${escapeHtml(new Date(message.sentAt).toLocaleString('en'))}</p>` +
          `${message.code ? `<p>Code: <strong>${escapeHtml(message.code)}</strong></p>` : ''}${message.link ? `<p><a href="${escapeHtml(message.link)}">Open the sign-in link</a></p>` : ''}<pre>${escapeHtml(message.text)}</pre></article>`,
      )
      .join('');
    sendHtml(
      response,
      200,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="refresh" content="3"><meta name="color-scheme" content="light dark"><title>Mail catcher · pwless-provider --dev</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:auto;padding:1rem}pre{white-space:pre-wrap}article{border-block-end:1px solid;padding-block:.5rem}</style></head><body><h1>Mail catcher</h1><p>Messages the provider sent, newest first (this page refreshes itself).</p>${rows || '<p>No messages yet.</p>'}</body></html>`,
    );
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://provider.invalid');
    const path = url.pathname.startsWith(issuerPath) ? url.pathname.slice(issuerPath.length) || '/' : url.pathname;
    const method = request.method ?? 'GET';
    if (path === '/healthz' && method === 'GET') {
      await store.read(() => undefined);
      return sendJson(response, answer(200, { status: 'ok' }));
    }
    if (path === '/challenge') {
      if (method === 'OPTIONS') return void response.writeHead(204, corsHeaders(request)).end();
      if (method !== 'POST') return sendJson(response, { ...oauthError(405, 'invalid_request', 'use POST'), headers: { Allow: 'POST' } });
      return challenge(request, response);
    }
    if (path.startsWith('/assets/') && method === 'GET' && (await asset(response, path.slice('/assets/'.length)))) return;
    if (path === '/link' && method === 'GET') {
      const text = pageLanguage({ uiLocales: url.searchParams.get('ui_locales'), acceptLanguage: request.headers['accept-language'] ?? null });
      return sendHtml(response, 200, signInPage({ issuer: config.issuer, clientId: pageClientId, text, appName: issuerUrl.host }), pagePolicy);
    }
    const interaction = /^\/interaction\/([A-Za-z0-9_-]{1,64})(\/finish)?$/.exec(path);
    if (interaction) {
      if (!interaction[2] && method === 'GET') return interactionPage(request, response, interaction[1]!);
      if (interaction[2] && method === 'POST') return finishInteraction(request, response, interaction[1]!);
    }
    if (config.dev && (path === '/dev/mail' || path === '/dev/mail.json') && method === 'GET') return devMail(response, path.endsWith('.json'));
    if (devAppHandler && method === 'GET' && path.startsWith('/dev/app') && (await devAppHandler(request, response, path))) return;
    if (method === 'POST' && path === '/token') {
      // FiPA's token request carries no redirect_uri; oidc-provider wants one. Codes of the
      // challenge endpoint get theirs filled in here, no other code does.
      const body = await readBody(request);
      const form = new URLSearchParams(body.toString('utf8'));
      const code = form.get('code');
      if (form.get('grant_type') === 'authorization_code' && !form.has('redirect_uri') && code) {
        const found = await oidc.AuthorizationCode.find(code).catch(() => undefined);
        if (found?.redirectUri === nativeRedirectUri(config.issuer)) form.set('redirect_uri', found.redirectUri);
      }
      return callback(replayRequest(request, Buffer.from(form.toString())), response);
    }
    return callback(request, response);
  }

  function errorPageFor(request: IncomingMessage, status: number): string {
    const text = pageLanguage({ uiLocales: null, acceptLanguage: request.headers['accept-language'] ?? null });
    return `<!doctype html><html lang="${escapeHtml(text.locale)}" dir="${text.direction}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${escapeHtml(text.cannotContinueHeading)}</title></head><body><main><h1>${escapeHtml(text.cannotContinueHeading)}</h1><p role="alert">${escapeHtml(status === 503 ? text.serviceTrouble : text.signInExpired)}</p></main></body></html>`;
  }

  const server: Server = createServer((request, response) => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const path = (request.url ?? '/').split('?')[0]!.replace(/\/interaction\/[^/]+/, '/interaction/:uid');
      log({ method: request.method, path, status: response.statusCode, ms: Number((process.hrtime.bigint() - started) / 100_000n) / 10 });
    });
    route(request, response).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      if (error instanceof AnswerError) return sendJson(response, error.answer);
      const status = error instanceof StoreError ? 503 : (error as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) log({ event: 'error', path: (request.url ?? '/').split('?')[0], error: (error as Error).name, message: (error as Error).message });
      const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
      if (wantsHtml) return sendHtml(response, status, errorPageFor(request, status));
      sendJson(response, oauthError(status, status >= 500 ? 'server_error' : 'invalid_request', status >= 500 ? 'something went wrong; try again' : (error as Error).message));
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  return {
    issuer: config.issuer,
    url,
    oidc,
    store,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      delivery.close();
      await store.close();
    },
  };
}

export { isLoopbackUrl };
