/**
 * Auth0 (`dialect: 'auth0'`): `/passwordless/start` (code or link), then the completion Auth0 allows
 * single-page applications: the embedded cross-origin sign-in (`POST /co/authenticate` answers a
 * login ticket), redeemed at `/authorize` in a hidden iframe with `response_mode=web_message`, and
 * the authorization code traded at `/oauth/token` with the PKCE verifier. Magic links come back as
 * a redirect with `?code=&state=`. Tokens, renewal, `fetch` and revocation are OAuth's, done by the
 * pwless engine. `issuer` is the tenant URL, `clientId` the application's client ID.
 * @see https://auth0.com/docs/api/authentication#get-code-or-link
 * @see https://auth0.com/docs/authenticate/login/cross-origin-authentication
 */
import type { AuthorizationServer } from 'oauth4webapi';
import type { RedirectFlow } from '../dialect.js';
import type { Engine as ProfileEngine } from '../engine.js';
import { PwlessError, type PwlessErrorCode } from '../errors.js';
import { pollPause } from '../link.js';
import type { StoredSession } from '../session-store.js';
import type { Transaction } from '../transactions.js';
import type { Challenge, Session, StartOptions } from '../types.js';
import { maskAddress, secondsUntil, stringFields, VendorDialect, type Answer } from './vendor.js';

/** Auth0's passwordless defaults: 6 digits, valid 3 minutes, 3 tries. */
const codeLength = 6;
const codeLifetime = 3 * 60_000;
const codeTries = 3;
const resendPause = 30_000;
/** How long the hidden `/authorize` may take before the sign-in counts as failed (auth0-spa-js waits as long). */
const authorizeTimeout = 60_000;
/** The passwordless OTP credential of `/co/authenticate`. */
const otpCredential = 'http://auth0.com/oauth/grant-type/passwordless/otp';

/** Auth0's `error` codes (dotted ones from `/passwordless/start`) as ours; descriptions refine `access_denied` and `invalid_grant`. */
const errorCodes: Record<string, PwlessErrorCode> = {
  'bad.email': 'invalid_identifier',
  'bad.phone_number': 'invalid_identifier',
  'bad.connection': 'not_supported',
  'bad.send': 'not_supported',
  'bad.client_id': 'invalid_client',
  'bad.request': 'invalid_request',
  'bad.authParams': 'invalid_request',
  too_many_requests: 'rate_limited',
  too_many_attempts: 'too_many_attempts',
  unauthorized_client: 'invalid_client',
  invalid_request: 'invalid_request',
  access_denied: 'access_denied',
  invalid_grant: 'invalid_code',
  login_required: 'access_denied',
};

/** Random base64url text: state, nonce and PKCE verifier (RFC 7636 §4.1). This chunk leaves oauth4webapi to the engine's. */
function randomText(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The S256 code challenge of a verifier (RFC 7636 §4.2). */
async function codeChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** What Auth0's descriptions of a refused code say, in the order they are told apart. */
function codeProblem(description: string): PwlessErrorCode | undefined {
  if (/maximum number of attempts|too many attempts/i.test(description)) return 'too_many_attempts';
  if (/expired/i.test(description)) return 'code_expired';
  if (/verification code|wrong (email|phone)/i.test(description)) return 'invalid_code';
  return undefined;
}

export class Engine extends VendorDialect {
  #profile: Promise<ProfileEngine> | undefined;

  /** The pwless engine does the OAuth half (discovery, token exchange, renewal, revocation); it is the default path's chunk, loaded once. */
  profile(): Promise<ProfileEngine> {
    this.#profile ??= import('../engine.js').then(({ Engine: Profile }) => new Profile(this.options, this.holder, this.emit));
    return this.#profile;
  }

  override error({ response, body }: Answer): PwlessError {
    // A body may hold any JSON: fields that are not strings count as absent.
    const { error, error_description: description } = stringFields(body, 'error', 'error_description');
    let code: PwlessErrorCode = (error && Object.hasOwn(errorCodes, error) ? errorCodes[error] : undefined) ?? (response.status >= 500 ? 'server_error' : 'invalid_response');
    if (response.status === 429) code = 'rate_limited';
    else if (code === 'access_denied' || code === 'invalid_code') code = codeProblem(description ?? '') ?? (error === 'invalid_grant' ? 'session_expired' : code);
    if (code === 'invalid_code') {
      const attemptsRemaining = Math.max((this.challenge?.attemptsRemaining ?? codeTries) - 1, 0);
      return new PwlessError(code, description ?? 'wrong code', { attemptsRemaining });
    }
    const retryAfter = code === 'rate_limited' ? secondsUntil(response.headers.get('retry-after'), response.headers.get('x-ratelimit-reset')) : undefined;
    return new PwlessError(code, description ?? error ?? `Auth0 answered ${response.status}`, retryAfter === undefined ? {} : { retryAfter });
  }

  override async discover(signal?: AbortSignal): Promise<AuthorizationServer> {
    return (await this.profile()).discover(signal);
  }

  start(loginHint: string, options: StartOptions): Promise<Challenge> {
    return this.#send(loginHint, options, false);
  }

  async resend(signal: AbortSignal | undefined): Promise<Challenge> {
    const pending = await this.requirePending();
    const { hint, locale } = pending.vendor!;
    return this.#send(hint!, { delivery: pending.challenge?.delivery ?? 'code', ...(locale ? { locale } : {}), ...(signal ? { signal } : {}) }, true);
  }

  async verify(code: string, signal: AbortSignal | undefined): Promise<Session> {
    const pending = await this.requirePending();
    const { hint, connection } = pending.vendor!;
    let ticket: string;
    try {
      const { body } = await this.request('co/authenticate', {
        method: 'POST',
        json: { client_id: this.options.clientId, credential_type: otpCredential, realm: connection, username: hint, otp: code },
        signal,
      });
      ticket = String((body as { login_ticket?: unknown } | undefined)?.login_ticket ?? '');
    } catch (error) {
      const problem = error as PwlessError;
      if (problem.code === 'invalid_code' && pending.challenge) await this.remember({ ...pending.challenge, attemptsRemaining: problem.attemptsRemaining ?? 0 }, pending.authSession!, pending.vendor!, false, pending);
      if (problem.code === 'too_many_attempts' || problem.code === 'code_expired') await this.forget();
      throw error;
    }
    if (!ticket) throw new PwlessError('invalid_response', 'the answer lacks its login_ticket');
    const authorizationCode = await this.#authorize(pending, ticket, signal);
    await this.forget();
    return (await this.profile()).exchange(pending, authorizationCode, signal);
  }

  /**
   * The tab that asked for a magic link: the link comes back (in this browser) as a redirect that
   * another tab finishes; its session reaches this tab over the tab channel.
   */
  override async waitForApproval(signal: AbortSignal | undefined): Promise<Session> {
    const pending = await this.requirePending();
    if (pending.challenge?.delivery !== 'link') throw new PwlessError('no_pending_sign_in', 'no link sign-in is in progress');
    for (;;) {
      const session = this.holder.timed?.session;
      if (session) return session;
      await pollPause(1000, this.wakers, signal);
    }
  }

  override async redirectFlow(): Promise<RedirectFlow> {
    const profile = await this.profile();
    const flow = await profile.redirectFlow();
    return {
      authorizationUrl: (_dialect, hints, signal) => flow.authorizationUrl(profile, hints, signal),
      handleRedirectCallback: (_dialect, url, signal) => flow.handleRedirectCallback(profile, url, signal),
    };
  }

  override async refresh(staleToken: string, signal: AbortSignal | undefined): Promise<Session> {
    return (await this.profile()).refresh(staleToken, signal);
  }

  override async fetch(accessToken: (signal: AbortSignal | undefined) => Promise<string>, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    return (await this.profile()).fetch(accessToken, input, init);
  }

  renew(): Promise<StoredSession> {
    return Promise.reject(new PwlessError('session_expired', 'Auth0 sessions renew with their refresh token'));
  }

  async revoke(refreshToken: string | undefined, signal: AbortSignal | undefined): Promise<void> {
    if (refreshToken) await (await this.profile()).revoke(refreshToken, signal);
  }

  /**
   * `/passwordless/start` in the person's language (`x-request-language`). The PKCE challenge, state
   * and nonce ride along in `authParams`: a magic link carries them to `/authorize`, and its redirect
   * back is finished with the verifier that stays in this browser.
   */
  async #send(loginHint: string, { delivery, locale, signal }: StartOptions, resent: boolean): Promise<Challenge> {
    const sms = loginHint.startsWith('+');
    const connection = sms ? 'sms' : 'email';
    const link = delivery === 'link';
    const codeVerifier = randomText();
    const state = randomText();
    const nonce = randomText();
    const redirectUri = link ? this.options.linkUri ?? `${location.origin}${location.pathname}` : location.origin;
    await this.request('passwordless/start', {
      method: 'POST',
      headers: { 'x-request-language': locale },
      json: {
        client_id: this.options.clientId,
        connection,
        [sms ? 'phone_number' : 'email']: loginHint,
        send: link ? 'link' : 'code',
        authParams: {
          response_type: 'code',
          redirect_uri: redirectUri,
          scope: this.options.scope,
          state,
          nonce,
          code_challenge: await codeChallenge(codeVerifier),
          code_challenge_method: 'S256',
        },
      },
      signal,
    });
    const now = Date.now();
    const challenge: Challenge = {
      channel: sms ? 'sms' : 'email',
      delivery: link ? 'link' : 'code',
      to: maskAddress(loginHint),
      codeLength,
      expiresAt: now + codeLifetime,
      resendAt: now + resendPause,
      attemptsRemaining: codeTries,
    };
    // A link's transaction is a redirect one: the page the link returns to finishes it like any redirect sign-in.
    const secrets: Partial<Transaction> = { state, codeVerifier, nonce, redirectUri, flow: link ? 'redirect' : 'native' };
    return this.remember(challenge, state, { hint: loginHint, connection, ...(locale ? { locale } : {}) }, resent, secrets);
  }

  /**
   * Redeems the login ticket at `/authorize` in a hidden iframe; Auth0 answers with a page that
   * posts `{type: 'authorization_response', response}` to this page's origin (web_message).
   */
  async #authorize(pending: Transaction, ticket: string, signal: AbortSignal | undefined): Promise<string> {
    const metadata = await this.discover(signal);
    const url = new URL(metadata.authorization_endpoint ?? this.url('authorize').href);
    const parameters = {
      client_id: this.options.clientId,
      response_type: 'code',
      response_mode: 'web_message',
      redirect_uri: pending.redirectUri!,
      scope: this.options.scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await codeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      login_ticket: ticket,
    };
    for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
    const frame = document.createElement('iframe');
    frame.hidden = true;
    frame.title = 'Auth0';
    const answer = new Promise<Record<string, unknown>>((resolve, reject) => {
      const stop = new AbortController();
      const timer = setTimeout(() => {
        stop.abort();
        reject(new PwlessError('network_error', 'Auth0 did not answer the authorization request'));
      }, authorizeTimeout);
      const end = () => (clearTimeout(timer), stop.abort());
      signal?.addEventListener('abort', () => (end(), reject(signal.reason)), { signal: stop.signal });
      addEventListener('message', (event: MessageEvent<{ type?: unknown; response?: Record<string, unknown> }>) => {
        if (event.origin !== url.origin || event.source !== frame.contentWindow || event.data?.type !== 'authorization_response') return;
        end();
        resolve(event.data.response ?? {});
      }, { signal: stop.signal });
    });
    frame.src = url.href;
    document.body.append(frame);
    try {
      const response = await answer;
      if (response['state'] !== pending.state) throw new PwlessError('state_mismatch', 'the authorization response is not this sign-in\'s');
      if (typeof response['error'] === 'string') throw this.error({ response: new Response(null, { status: 400 }), body: response });
      if (typeof response['code'] !== 'string') throw new PwlessError('invalid_response', 'the authorization response carries no code');
      return response['code'];
    } finally {
      frame.remove();
    }
  }
}
