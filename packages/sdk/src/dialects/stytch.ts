/**
 * Stytch (`dialect: 'stytch'`): the frontend SDK endpoints of a consumer project. Email OTP
 * (`otps/email/login_or_create`, then `otps/authenticate` with the `method_id`) and email magic
 * links with PKCE (`magic_links/email/login_or_create` with a `code_challenge`; the link comes
 * back with `?stytch_token_type=magic_links&token=`, traded at `magic_links/authenticate` with the
 * verifier), ending in a Stytch session: `getAccessToken()` answers the `session_jwt`, renewed
 * with `sessions/authenticate`; the `session_token` is kept like a refresh token, and signing out
 * revokes it. Every call carries Basic auth built from the public token, as Stytch's own SDK does.
 * `issuer` is the API base (`https://test.stytch.com`, `https://api.stytch.com` or the project's
 * custom domain), `clientId` the public token.
 * @see https://stytch.com/docs/api-reference/consumer/frontend-sdks/vanilla-js
 */
import { PwlessError, type PwlessErrorCode } from '../errors.js';
import { pollPause, type LinkInfo } from '../link.js';
import type { StoredSession } from '../session-store.js';
import type { Challenge, Session, StartOptions } from '../types.js';
import { jwtClaims, maskAddress, secondsUntil, timedSession, VendorDialect, stringFields, type Answer } from './vendor.js';

/** Stytch's email OTPs are 6 digits, valid 2 minutes unless the project says otherwise. */
const codeLength = 6;
const codeLifetime = 2 * 60_000;
/** Magic links live an hour. */
const linkLifetime = 60 * 60_000;
/** Stytch keeps no resend cooldown of its own; this keeps people from tripping its rate limits. */
const resendPause = 30_000;
/** The session each sign-in and renewal asks for: a sliding hour. */
const sessionMinutes = 60;
/** A session JWT lives five minutes. */
const jwtLifetime = 5 * 60_000;
/** How often a tab waiting for its magic link looks whether another tab has signed in. */
const pollInterval = 3_000;
/** Where `?pwless_link=` marks the page a magic link opens as the landing page of `<pwless-login>`. */
const linkMarker = 'pwless_link';

/** The languages Stytch writes its emails in; other pages get its English. */
const emailLocales = ['en', 'es', 'fr', 'pt-br'];

/** Stytch's `error_type`s as our codes. */
const errorTypes: Record<string, PwlessErrorCode> = {
  otp_code_not_found: 'invalid_code',
  // The code is gone (expired, used, or spent by wrong tries): in each case a new one is the way on.
  unable_to_auth_otp_code: 'code_expired',
  unable_to_auth_magic_link: 'link_invalid',
  pkce_mismatch: 'link_invalid',
  too_many_requests: 'rate_limited',
  invalid_email: 'invalid_identifier',
  no_signup_permission: 'signup_disabled',
  session_not_found: 'session_expired',
  invalid_secret_authentication: 'session_expired',
  user_unauthenticated: 'session_expired',
  unauthorized_credentials: 'invalid_client',
  bad_domain_for_stytch_sdk: 'invalid_client',
  endpoint_not_authorized_for_sdk: 'not_supported',
  invalid_request: 'invalid_request',
  bad_request: 'invalid_request',
};

/** What `otps/authenticate`, `magic_links/authenticate` and `sessions/authenticate` answer (inside `data`). */
interface Authenticated {
  user_id?: string;
  user?: { emails?: { email?: string }[]; phone_numbers?: { phone_number?: string }[] };
  session_token?: string;
  session_jwt?: string;
}

function basic(publicToken: string, secret: string): string {
  const bytes = new TextEncoder().encode(`${publicToken}:${secret}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class Engine extends VendorDialect {
  /** Without a session, the SDK's Basic auth is the public token twice. */
  override headers(): Record<string, string | undefined> {
    return { Authorization: basic(this.options.clientId, this.options.clientId) };
  }

  override error({ response, body }: Answer): PwlessError {
    // Only string fields are read: an answer is the server's, and not trusted to hold what it should.
    const { error_type: type, error_message: message } = stringFields(body, 'error_type', 'error_message');
    const known = type && Object.hasOwn(errorTypes, type) ? errorTypes[type]! : undefined;
    let code: PwlessErrorCode = known ?? (response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'server_error' : 'invalid_response');
    const retryAfter = code === 'rate_limited' ? secondsUntil(response.headers.get('retry-after')) : undefined;
    return new PwlessError(code, message ?? type ?? `Stytch answered ${response.status}`, retryAfter === undefined ? {} : { retryAfter });
  }

  /** A frontend SDK call: Stytch wraps what it answers in `data`. */
  async #call(path: string, json: unknown, signal: AbortSignal | undefined, sessionToken?: string): Promise<unknown> {
    const headers = sessionToken ? { Authorization: basic(this.options.clientId, sessionToken) } : {};
    const { body } = await this.request(`sdk/v1/${path}`, { method: 'POST', headers, json, signal });
    return (body as { data?: unknown } | undefined)?.data;
  }

  start(loginHint: string, options: StartOptions): Promise<Challenge> {
    return this.#send(loginHint, options, false);
  }

  async #send(loginHint: string, { delivery, locale, signal }: StartOptions, resent: boolean): Promise<Challenge> {
    if (loginHint.startsWith('+')) throw new PwlessError('not_supported', 'this dialect signs in by email');
    const link = delivery === 'link';
    const to = maskAddress(loginHint);
    const lower = locale?.toLowerCase();
    const tag = lower?.startsWith('pt') ? 'pt-br' : lower?.split('-')[0];
    const language = tag && emailLocales.includes(tag) ? tag : undefined;
    const now = Date.now();
    let vendor: Record<string, string>;
    let secrets = {};
    if (link) {
      // PKCE: only this browser, holding the verifier, can trade the link's token for a session.
      const codeVerifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
      const codeChallenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier))));
      // The link's page, marked as a landing page; the masked address shows there before the click.
      const url = new URL(this.options.linkUri ?? `${location.origin}${location.pathname}`);
      url.searchParams.set(linkMarker, to);
      await this.#call('magic_links/email/login_or_create', { email: loginHint, login_magic_link_url: url.href, signup_magic_link_url: url.href, code_challenge: codeChallenge, ...(language ? { locale: language } : {}) }, signal);
      vendor = { hint: loginHint };
      secrets = { codeVerifier };
    } else {
      const data = (await this.#call('otps/email/login_or_create', { email: loginHint, ...(language ? { locale: language } : {}) }, signal)) as { method_id?: unknown } | undefined;
      if (typeof data?.method_id !== 'string') throw new PwlessError('invalid_response', 'the answer lacks its method_id');
      vendor = { hint: loginHint, methodId: data.method_id };
    }
    const challenge: Challenge = {
      channel: 'email',
      delivery: link ? 'link' : 'code',
      to,
      codeLength,
      expiresAt: now + (link ? linkLifetime : codeLifetime),
      resendAt: now + resendPause,
      // Stytch says nothing of how many tries are left.
      attemptsRemaining: 1,
    };
    return this.remember(challenge, vendor['methodId'] ?? '', { ...vendor, ...(locale ? { locale } : {}) }, resent, secrets);
  }

  async verify(code: string, signal: AbortSignal | undefined): Promise<Session> {
    const pending = await this.requirePending();
    const methodId = pending.vendor?.['methodId'];
    if (!methodId) throw new PwlessError('no_pending_sign_in', 'no code sign-in is in progress');
    const data = await this.#call('otps/authenticate', { token: code, method_id: methodId, session_duration_minutes: sessionMinutes }, signal);
    return this.establish(this.#stored(data));
  }

  async resend(signal: AbortSignal | undefined): Promise<Challenge> {
    const pending = await this.requirePending();
    const { hint, locale } = pending.vendor!;
    return this.#send(hint!, { delivery: pending.challenge?.delivery ?? 'code', ...(locale ? { locale } : {}), ...(signal ? { signal } : {}) }, true);
  }

  /**
   * The tab that asked for a magic link: the session arrives from the tab the link opened in (same
   * browser, as PKCE requires) over the tab channel.
   */
  override async waitForApproval(signal: AbortSignal | undefined): Promise<Session> {
    const pending = await this.requirePending();
    if (pending.challenge?.delivery !== 'link') throw new PwlessError('no_pending_sign_in', 'no link sign-in is in progress');
    for (;;) {
      const session = this.holder.timed?.session;
      if (session) return session;
      await pollPause(pollInterval, this.wakers, signal);
    }
  }

  override async inspectLink(url: string | URL): Promise<LinkInfo> {
    return { to: this.#link(url).get(linkMarker)! };
  }

  /** The landing page's Confirm: trades the link's token and this browser's verifier for a session (tabs waiting follow). */
  override async approveLink(url: string | URL, signal: AbortSignal | undefined): Promise<Session> {
    const token = this.#link(url).get('token')!;
    const pending = await this.requirePending().catch(() => undefined);
    // Without the verifier (another browser or device), Stytch refuses the link: PKCE binds it to the browser that asked.
    if (!pending?.codeVerifier) throw new PwlessError('link_invalid', 'open the link in the browser that asked for it');
    const data = await this.#call('magic_links/authenticate', { token, code_verifier: pending.codeVerifier, session_duration_minutes: sessionMinutes }, signal);
    const session = await this.establish(this.#stored(data));
    if (typeof location !== 'undefined' && String(url) === location.href) {
      const clean = new URL(location.href);
      for (const name of ['stytch_token_type', 'token']) clean.searchParams.delete(name);
      history.replaceState(history.state, '', clean);
    }
    this.holder.post({ type: 'wake' });
    return session;
  }

  async renew(stored: StoredSession): Promise<StoredSession> {
    const data = await this.#call('sessions/authenticate', { session_duration_minutes: sessionMinutes }, undefined, stored.refreshToken).catch((error: PwlessError) => {
      throw error.code === 'invalid_client' ? new PwlessError('session_expired', error.message, { cause: error }) : error;
    });
    return { ...stored, ...this.#stored(data) };
  }

  async revoke(refreshToken: string | undefined, signal: AbortSignal | undefined): Promise<void> {
    if (!refreshToken) return;
    const headers = { Authorization: basic(this.options.clientId, refreshToken) };
    await this.request('sdk/v1/sessions/revoke', { method: 'POST', headers, json: {}, signal }, ({ response }) => response.ok || response.status === 404);
  }

  #link(url: string | URL): URLSearchParams {
    const parameters = URL.canParse(String(url)) ? new URL(url).searchParams : new URLSearchParams();
    if (parameters.get('stytch_token_type') !== 'magic_links' || !parameters.get('token') || !parameters.has(linkMarker)) throw new PwlessError('link_invalid', 'the URL is not a Stytch magic link');
    return parameters;
  }

  /** The session of an authenticate answer: the JWT for `getAccessToken()`, the session token kept like a refresh token. */
  #stored(data: unknown): StoredSession {
    const { user_id: userId, user, session_token: sessionToken, session_jwt: sessionJwt } = (data ?? {}) as Authenticated;
    if (typeof userId !== 'string' || typeof sessionToken !== 'string' || typeof sessionJwt !== 'string') throw new PwlessError('invalid_response', 'the answer lacks its session');
    const email = user?.emails?.[0]?.email;
    const exp = jwtClaims(sessionJwt)['exp'];
    const claims = { sub: userId, ...(email ? { email } : {}) };
    return { ...timedSession({ sub: userId, ...(email ? { email } : {}) }, claims, sessionJwt, 'Bearer', typeof exp === 'number' ? exp * 1000 : Date.now() + jwtLifetime), refreshToken: sessionToken };
  }
}
