import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import {
  AnswerError,
  answer,
  challengeEndpoint,
  defaultConfig,
  findUser,
  hashSecret,
  maskAddress,
  oauthError,
  type Answer,
  type AuthSession,
  type Context,
  type InboxMessage,
  type MockClient,
  type MockConfig,
} from '@pwless/mock/rules';
import { passkeysOn, type ProviderConfig } from './config.js';
import { DeliveryError, type Deliver } from './delivery.js';
import { clientAddress, readBody, sendJson } from './http.js';
import type { Logger } from './log.js';
import type { Database, Store } from './store.js';
import { addUser } from './users.js';

const hour = 3600_000;
/** Passkey starts one IP address may make per hour, unless `policy.passkeyStartsPerHourPerIp` says otherwise. */
const passkeyStartsPerHourPerIp = 300;

/** The passwordless rules' policies from the config file. */
export function rulesConfig(config: ProviderConfig): MockConfig {
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
    passkeys: passkeysOn(config),
    passkeyRpId: config.passkeys?.rpId ?? '',
  };
}

/** The redirect URI of codes from the challenge endpoint: never registered, so no redirect can use them. */
export function nativeRedirectUri(issuer: string): string {
  return `${issuer}/challenge`;
}

export interface ChallengeDependencies {
  config: ProviderConfig;
  oidc: Provider;
  store: Store;
  deliver: Deliver;
  log: Logger;
  clientsForRules: MockClient[];
  corsHeaders(request: IncomingMessage): Record<string, string>;
}

/** POST /challenge: the pwless profile's challenge endpoint, the shared rules on the provider's store and oidc-provider's codes. */
export function createChallengeEndpoint({ config, oidc, store, deliver, log, clientsForRules, corsHeaders }: ChallengeDependencies) {
  const policies = rulesConfig(config);

  /** Ends a verified sign-in of the challenge endpoint with one of oidc-provider's authorization codes. */
  async function issueCode(context: Context, session: AuthSession): Promise<Answer> {
    const data = context.state as unknown as Database['rules'];
    delete data.sessions[session.id];
    // A passkey names the account itself; a code or link proves an address.
    let user = session.sub !== undefined ? (Object.hasOwn(data.users, session.sub) ? data.users[session.sub] : undefined) : findUser(context.state, session);
    if (!user && session.sub !== undefined) {
      throw new AnswerError(oauthError(400, 'invalid_passkey', 'this passkey is not known here (deleted, or never registered)', { pwless_reason: 'unknown_credential' }));
    }
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
    const amr = session.amr ?? (session.channel === 'sms' ? ['otp', 'sms'] : ['otp']);
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
    const method = session.delivery === 'passkey' ? 'passkey' : session.approvedAt === undefined ? 'code' : 'link';
    log({ event: 'sign_in_verified', client: client.clientId, delivery: method, to: maskAddress(user.email ?? user.phone ?? session.identifier) });
    return answer(200, { authorization_code: value });
  }

  /** Per-IP send limit: the rules limit each address; this limits one machine trying many addresses. */
  function ipSendsLeft(data: Database, ip: string, now: number): number {
    const key = `ip:${ip}`;
    const recent = (data.rules.sends[key] ?? []).filter((time) => time > now - hour);
    data.rules.sends[key] = recent;
    return (config.policy.sendsPerHourPerIp ?? 30) - recent.length;
  }

  /** Passkey starts per IP and hour: generous (the autofill starts one per visit and after each refusal), but bounded. */
  function ipPasskeyStartsLeft(data: Database, ip: string, now: number): number {
    const key = `passkey-ip:${ip}`;
    const recent = (data.rules.sends[key] ?? []).filter((time) => time > now - hour);
    data.rules.sends[key] = recent;
    return (config.policy.passkeyStartsPerHourPerIp ?? passkeyStartsPerHourPerIp) - recent.length;
  }

  /**
   * A message that could not be sent takes back what its request saved: a new sign-in is removed,
   * a resent code is forgotten (the sign-in can ask again at once), and the send counts of the
   * address and the network are given back, so nothing usable is left that nobody received.
   */
  async function withdraw(result: Answer, form: URLSearchParams, ip: string, at: number, addresses: string[]): Promise<void> {
    const held = form.get('auth_session') ?? (result.body as { auth_session?: unknown } | undefined)?.auth_session;
    const id = typeof held === 'string' ? await hashSecret(held) : undefined;
    await store.transact((data) => {
      const unsend = (key: string) => {
        const times = data.rules.sends[key];
        const index = times?.lastIndexOf(at) ?? -1;
        if (index >= 0) times!.splice(index, 1);
      };
      for (const address of addresses) unsend(address);
      unsend(`ip:${ip}`);
      const session = id !== undefined && Object.hasOwn(data.rules.sessions, id) ? data.rules.sessions[id] : undefined;
      if (!session) return;
      if (!form.has('auth_session')) {
        delete data.rules.sessions[session.id];
        return;
      }
      delete session.otpHash;
      delete session.link;
      session.otpExpiresAt = 0;
      session.lastSentAt = 0;
    });
  }

  /**
   * How long handing a message to the mail server takes lately (a moving average). With enumeration
   * protection, a start for an unknown address sends nothing; it then waits about as long before it
   * answers, so the time does not tell which addresses have accounts.
   */
  let typicalSendMs = 0;

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
    // A passkey start sends nothing, but each one is a sign-in kept for five minutes: capped per IP too.
    const passkeyStart = form.get('pwless_action') === 'passkey' && !form.has('auth_session');
    const ip = clientAddress(request, config.proxy);
    // Messages are handed to the mail server (or SMS webhook) after the transaction that made their
    // code is saved, so a slow mail server never holds the store: other sign-ins go on meanwhile.
    // The dev mail catcher is part of the state, so it is filled inside the transaction.
    const outbox: { context: Context; message: InboxMessage }[] = [];
    const deferredDeliver: Deliver = async (context, message) => {
      if (config.dev) return deliver(context, message);
      outbox.push({ context, message });
    };
    let startedAt = 0;
    let result: Answer = await store.transact(async (data) => {
      const now = Date.now();
      startedAt = now;
      data.rules.config = policies;
      if (sends && ipSendsLeft(data, ip, now) <= 0) {
        return { ...oauthError(429, 'slow_down', 'too many messages from this network; try again later', { retry_after: 600 }), headers: { 'Retry-After': '600' } };
      }
      if (passkeyStart && ipPasskeyStartsLeft(data, ip, now) <= 0) {
        return { ...oauthError(429, 'slow_down', 'too many passkey sign-ins from this network; try again later', { retry_after: 600 }), headers: { 'Retry-After': '600' } };
      }
      const context: Context = {
        state: data.rules,
        issuer: config.issuer,
        clients: clientsForRules,
        defaults: policies,
        now,
        notify: () => undefined,
        issueCode,
        deliver: deferredDeliver,
      };
      try {
        const outcome = await challengeEndpoint(context, webRequest);
        if (sends && outcome.status === 403) (data.rules.sends[`ip:${ip}`] ??= []).push(now);
        if (passkeyStart && outcome.status === 403) (data.rules.sends[`passkey-ip:${ip}`] ??= []).push(now);
        return outcome;
      } catch (error) {
        // An error answer still counts what the request spent (a wrong try, a dead sign-in).
        if (error instanceof AnswerError) return error.answer;
        throw error;
      }
    });
    let delivered = false;
    try {
      for (const { context, message } of outbox) {
        const started = performance.now();
        await deliver(context, message);
        delivered = true;
        const elapsed = performance.now() - started;
        typicalSendMs = typicalSendMs === 0 ? elapsed : typicalSendMs * 0.8 + elapsed * 0.2;
      }
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      await withdraw(result, form, ip, startedAt, outbox.map(({ message }) => message.to));
      result = oauthError(503, 'temporarily_unavailable', 'the message could not be sent; try again in a moment');
    }
    if (sends && result.status === 403 && !delivered && typicalSendMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, typicalSendMs * (0.85 + Math.random() * 0.3)));
    }
    sendJson(response, result, cors);
  }

  return challenge;
}
