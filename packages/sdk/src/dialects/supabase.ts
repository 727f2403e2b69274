/**
 * Supabase Auth (`dialect: 'supabase'`, GoTrue): `POST /auth/v1/otp` sends an email with a code and
 * a link; a code is checked at `POST /auth/v1/verify`, a link comes back (PKCE) as `?code=` traded at
 * `POST /auth/v1/token?grant_type=pkce` with the verifier kept in this browser. The session is
 * GoTrue's JWT and rotating refresh token, renewed at `grant_type=refresh_token` once for all tabs.
 * `issuer` is the project URL, `clientId` the anon (publishable) key, sent as `apikey`.
 * @see https://github.com/supabase/auth/blob/master/openapi.yaml
 */
import { PwlessError, type PwlessErrorCode } from '../errors.js';
import { pollPause, type LinkInfo } from '../link.js';
import type { StoredSession } from '../session-store.js';
import type { Challenge, Session, StartOptions } from '../types.js';
import { jwtClaims, maskAddress, timedSession, VendorDialect, stringFields, type Answer } from './vendor.js';

/** GoTrue's defaults: 6-digit codes (MAILER_OTP_LENGTH), valid an hour (MAILER_OTP_EXP), one email a minute (SMTP_MAX_FREQUENCY). */
const codeLength = 6;
const defaultOtpExpiry = 3600;
const resendPause = 60_000;
/** Where `?pwless_link=` marks the page a link returns to as the landing page of `<pwless-login>`. */
const linkMarker = 'pwless_link';

/** GoTrue's `error_code`s as ours. `otp_expired` is also a wrong code: the clock tells them apart. */
const errorCodes: Record<string, PwlessErrorCode> = {
  otp_expired: 'invalid_code',
  over_email_send_rate_limit: 'rate_limited',
  over_request_rate_limit: 'rate_limited',
  over_sms_send_rate_limit: 'rate_limited',
  otp_disabled: 'signup_disabled',
  signup_disabled: 'signup_disabled',
  email_address_invalid: 'invalid_identifier',
  email_address_not_authorized: 'access_denied',
  user_banned: 'access_denied',
  captcha_failed: 'access_denied',
  email_provider_disabled: 'not_supported',
  flow_state_not_found: 'link_invalid',
  flow_state_expired: 'link_invalid',
  bad_code_verifier: 'link_invalid',
  refresh_token_not_found: 'session_expired',
  refresh_token_already_used: 'session_expired',
  session_not_found: 'session_expired',
  session_expired: 'session_expired',
  bad_jwt: 'session_expired',
  no_authorization: 'session_expired',
  validation_failed: 'invalid_request',
  bad_json: 'invalid_request',
};

/** GoTrue's session answer. */
interface GoTrueSession {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  expires_at?: unknown;
  user?: { id?: unknown; email?: unknown; phone?: unknown };
}

export class Engine extends VendorDialect {
  /** Supabase keeps no cookies: its gateway answers any origin with `*`, which a credentialed request may not read. */
  override readonly credentials: RequestCredentials = 'omit';
  /** Set while an address is sent: GoTrue's `validation_failed` is then about the address. */
  #sending = false;

  override headers(): Record<string, string | undefined> {
    return { apikey: this.options.clientId };
  }

  override error({ response, body }: Answer): PwlessError {
    // Only string fields are read: an answer is the server's, and not trusted to hold what it should.
    const { code, error_code: errorCode, msg, message } = stringFields(body, 'code', 'error_code', 'msg', 'message');
    // `{code: 403, error_code, msg}`, or `{code: 'otp_expired', message}` from API version 2024-01-01 on.
    const name = errorCode ?? code ?? '';
    const text = msg ?? message ?? `Supabase answered ${response.status}`;
    let mapped: PwlessErrorCode = Object.hasOwn(errorCodes, name) ? errorCodes[name]! : response.status === 429 ? 'rate_limited' : response.status === 401 ? 'invalid_client' : response.status >= 500 ? 'server_error' : 'invalid_response';
    if (mapped === 'invalid_request' && this.#sending) mapped = 'invalid_identifier';
    if (mapped === 'invalid_code' && (this.challenge?.expiresAt ?? Infinity) <= Date.now()) mapped = 'code_expired';
    // "For security purposes, you can only request this after 42 seconds."
    const seconds = /after (\d+) seconds?/.exec(text)?.[1];
    return new PwlessError(mapped, text, mapped === 'rate_limited' && seconds ? { retryAfter: Number(seconds) } : {});
  }

  /** `createUser` (default true): whether an unknown address may sign up; `otpExpiry`: the project's Email OTP Expiration in seconds. */
  #option(name: 'createUser' | 'otpExpiry', type: string): unknown {
    const value = (this.options.given as unknown as Record<string, unknown>)[name];
    if (value !== undefined && typeof value !== type) throw new TypeError(`option "${name}" must be a ${type}`);
    return value;
  }

  start(loginHint: string, options: StartOptions): Promise<Challenge> {
    return this.#send(loginHint, options, false);
  }

  async resend(signal: AbortSignal | undefined): Promise<Challenge> {
    const pending = await this.requirePending();
    const { hint } = pending.vendor!;
    return this.#send(hint!, { delivery: pending.challenge?.delivery ?? 'code', ...(signal ? { signal } : {}) }, true);
  }

  /** `POST /otp`: a link carries the PKCE challenge, and returns to this page marked as the landing page. */
  async #send(loginHint: string, { delivery, signal }: StartOptions, resent: boolean): Promise<Challenge> {
    if (loginHint.startsWith('+')) throw new PwlessError('not_supported', 'this Supabase sign-in is by email');
    const link = delivery === 'link';
    const to = maskAddress(loginHint);
    const createUser = this.#option('createUser', 'boolean') ?? true;
    const expiry = (this.#option('otpExpiry', 'number') as number | undefined) ?? defaultOtpExpiry;
    const url = this.url('auth/v1/otp');
    const secrets: { codeVerifier?: string } = {};
    let pkce = {};
    if (link) {
      const landing = new URL(this.options.linkUri ?? `${location.origin}${location.pathname}`);
      landing.searchParams.set(linkMarker, to);
      url.searchParams.set('redirect_to', landing.href);
      secrets.codeVerifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
      pkce = { code_challenge: base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secrets.codeVerifier)))), code_challenge_method: 's256' };
    }
    this.#sending = true;
    try {
      await this.request(url, { method: 'POST', json: { email: loginHint, create_user: createUser, ...pkce }, signal });
    } finally {
      this.#sending = false;
    }
    const now = Date.now();
    const challenge: Challenge = {
      channel: 'email',
      delivery: link ? 'link' : 'code',
      to,
      codeLength,
      expiresAt: now + expiry * 1000,
      resendAt: now + resendPause,
      // GoTrue counts wrong codes only in its rate limit; the count is not known here.
      attemptsRemaining: 1,
    };
    return this.remember(challenge, to, { hint: loginHint }, resent, secrets);
  }

  async verify(code: string, signal: AbortSignal | undefined): Promise<Session> {
    const pending = await this.requirePending();
    const { body } = await this.request('auth/v1/verify', { method: 'POST', json: { type: 'email', email: pending.vendor!['hint'], token: code }, signal });
    return this.establish(this.#stored(body));
  }

  /** The tab that asked for a link: the tab the link opens signs in; the session comes over the tab channel. */
  override async waitForApproval(signal: AbortSignal | undefined): Promise<Session> {
    const pending = await this.requirePending();
    if (pending.challenge?.delivery !== 'link') throw new PwlessError('no_pending_sign_in', 'no link sign-in is in progress');
    for (;;) {
      const session = this.holder.timed?.session;
      if (session) return session;
      await pollPause(1000, this.wakers, signal);
    }
  }

  override async inspectLink(url: string | URL): Promise<LinkInfo> {
    return { to: this.#link(url).get(linkMarker)! };
  }

  /** The landing page's Confirm: trades the link's `code` with the verifier this browser kept. */
  override async approveLink(url: string | URL, signal: AbortSignal | undefined): Promise<Session> {
    const authCode = this.#link(url).get('code');
    const pending = await this.requirePending().catch(() => undefined);
    // Opened in another browser: the verifier is not here, so the link cannot sign in.
    if (!authCode || !pending?.codeVerifier) throw new PwlessError('link_invalid', 'the link was asked for in another browser');
    const { body } = await this.request('auth/v1/token?grant_type=pkce', { method: 'POST', json: { auth_code: authCode, code_verifier: pending.codeVerifier }, signal });
    const session = await this.establish(this.#stored(body));
    if (typeof location !== 'undefined' && String(url) === location.href) {
      const clean = new URL(location.href);
      for (const name of [linkMarker, 'code']) clean.searchParams.delete(name);
      history.replaceState(history.state, '', clean);
    }
    this.holder.post({ type: 'wake' });
    return session;
  }

  async renew(stored: StoredSession): Promise<StoredSession> {
    if (!stored.refreshToken) throw new PwlessError('session_expired', 'the session has no refresh token');
    const { body } = await this.request('auth/v1/token?grant_type=refresh_token', { method: 'POST', json: { refresh_token: stored.refreshToken } });
    return { ...stored, ...this.#stored(body) };
  }

  /** `POST /logout?scope=local` with the access token; a token already refused means the session is over anyway. */
  async revoke(_refreshToken: string | undefined, signal: AbortSignal | undefined, stored: StoredSession): Promise<void> {
    await this.request('auth/v1/logout?scope=local', { method: 'POST', headers: { Authorization: `Bearer ${stored.session.accessToken}` }, signal }, ({ response }) => response.ok || [401, 403, 404].includes(response.status));
  }

  /** The link's parameters; GoTrue's own refusal (`error_code=otp_expired`: spent or expired) makes it invalid. */
  #link(url: string | URL): URLSearchParams {
    const parameters = URL.canParse(String(url)) ? new URL(url).searchParams : new URLSearchParams();
    if (!parameters.has(linkMarker) || parameters.has('error_code') || parameters.has('error')) throw new PwlessError('link_invalid', parameters.get('error_code') ?? 'the URL is not a Supabase sign-in link');
    return parameters;
  }

  #stored(body: unknown): StoredSession {
    const { access_token: token, refresh_token: refreshToken, expires_at: expiresAt, expires_in: expiresIn, user } = (body ?? {}) as GoTrueSession;
    if (typeof token !== 'string' || typeof refreshToken !== 'string' || typeof user?.id !== 'string') throw new PwlessError('invalid_response', 'the session lacks its tokens or user');
    const claims = jwtClaims(token);
    const expires = typeof expiresAt === 'number' ? expiresAt * 1000 : Date.now() + (typeof expiresIn === 'number' ? expiresIn : 3600) * 1000;
    const email = typeof user.email === 'string' && user.email ? { email: user.email } : {};
    const phone = typeof user.phone === 'string' && user.phone ? { phone: user.phone } : {};
    return { ...timedSession({ sub: user.id, ...email, ...phone }, claims, token, 'Bearer', expires), refreshToken };
  }
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
