import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { AnswerError, answer, escapeHtml, oauthError, pageLanguage } from '@pwless/mock/rules';
import { asset } from './assets.js';
import { createChallengeEndpoint, nativeRedirectUri } from './challenge.js';
import { pageClient, pageClientId, rulesClient } from './clients.js';
import { isLoopbackUrl, passkeysOn, type ProviderConfig } from './config.js';
import { createDelivery } from './delivery.js';
import { devApp, devMail } from './dev-app.js';
import { maxBodyBytes, readBody, replayRequest, sendHtml, sendJson } from './http.js';
import { createInteractionRoutes } from './interaction.js';
import { generateKeys } from './keys.js';
import { jsonLogger, type Logger } from './log.js';
import { createOidcProvider } from './oidc.js';
import { openStore } from './open-store.js';
import { pagePolicy, signInPage } from './pages.js';
import { createPasskeysEndpoint } from './passkeys.js';
import { StoreError, type Store } from './store.js';

/** How long a stopping provider lets requests under way finish before it cuts their connections. */
const closeGraceMs = 3_000;

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
  const allClients = [pageClient(config.issuer), ...config.clients];
  const clientsForRules = allClients.map(rulesClient);
  const originsOfClients = new Set(allClients.flatMap((client) => client.origins ?? []));
  const callback = oidc.callback();
  const devAppHandler = config.dev ? devApp(config.issuer) : undefined;
  const challenge = createChallengeEndpoint({ config, oidc, store, deliver: delivery.deliver, log, clientsForRules, corsHeaders });
  const passkeys = createPasskeysEndpoint({ config, oidc, store, clientsForRules, corsHeaders });
  const { interactionPage, finishInteraction } = createInteractionRoutes({ config, oidc, store, keys, log });

  function corsHeaders(request: IncomingMessage, methods = 'POST'): Record<string, string> {
    const origin = request.headers.origin;
    if (!origin || !originsOfClients.has(origin)) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Headers': 'Content-Type, Authorization, DPoP',
      'Access-Control-Allow-Methods': methods,
      'Access-Control-Expose-Headers': 'Retry-After, DPoP-Nonce, WWW-Authenticate',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    };
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
    if (path === '/passkeys' || path.startsWith('/passkeys/')) return passkeys(request, response, path);
    if (path.startsWith('/assets/') && method === 'GET' && (await asset(response, path.slice('/assets/'.length)))) return;
    if (path === '/link' && method === 'GET') {
      const text = pageLanguage({ uiLocales: url.searchParams.get('ui_locales'), acceptLanguage: request.headers['accept-language'] ?? null });
      return sendHtml(response, 200, signInPage({ issuer: config.issuer, clientId: pageClientId, text, appName: issuerUrl.host, passkeys: passkeysOn(config) }), pagePolicy);
    }
    const interaction = /^\/interaction\/([A-Za-z0-9_-]{1,64})(\/finish)?$/.exec(path);
    if (interaction) {
      if (!interaction[2] && method === 'GET') return interactionPage(request, response, interaction[1]!);
      if (interaction[2] && method === 'POST') return finishInteraction(request, response, interaction[1]!);
    }
    if (config.dev && (path === '/dev/mail' || path === '/dev/mail.json') && method === 'GET') return devMail(store, response, path.endsWith('.json'));
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
    // A body larger than any endpoint reads is refused (413) or ignored unread: the connection closes
    // with the answer (Connection: close) instead of Node reading on for a client sending megabytes.
    if (Number(request.headers['content-length']) > maxBodyBytes) response.shouldKeepAlive = false;
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
      // New connections are refused at once; requests under way get a grace period to finish.
      // Keep-alive connections of clients (openid-client, browsers, a load balancer) would hold
      // server.close() open until they time out: the idle ones are closed as they become idle,
      // and whatever is still open after the grace period is cut.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      const grace = setTimeout(() => server.closeAllConnections(), closeGraceMs);
      try {
        await closed;
      } finally {
        clearInterval(idle);
        clearTimeout(grace);
      }
      delivery.close();
      await store.close();
    },
  };
}

export { isLoopbackUrl };
