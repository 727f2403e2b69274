/**
 * Appwrite (`dialect: 'appwrite'`): email OTP with its security phrase, SMS OTP, and magic URLs,
 * ending in Appwrite's cookie session; `getAccessToken()` answers the account JWT.
 * `issuer` is the endpoint with `/v1`, `clientId` the project ID.
 * @see https://appwrite.io/docs/references/cloud/client-web/account
 */
import { pollPause, type LinkInfo } from '../link.js';
import { PwlessError, type PwlessErrorCode } from '../errors.js';
import type { StoredSession } from '../session-store.js';
import type { Challenge, Session, StartOptions } from '../types.js';
import { jwtClaims, maskAddress, secondsUntil, stringFields, timedSession, VendorDialect, type Answer } from './vendor.js';

/** Appwrite's OTPs are 6 digits. */
const codeLength = 6;
/** Appwrite keeps no resend cooldown of its own; this keeps people from tripping its rate limits. */
const resendPause = 30_000;
/** Account JWTs live 15 minutes. */
const jwtLifetime = 15 * 60_000;
/** How often a tab waiting for its magic link looks whether the session has arrived. */
const pollInterval = 3_000;
/** Where `?pwless_link=` marks the page a magic URL opens as the landing page of `<pwless-login>`. */
const linkMarker = 'pwless_link';

/** Appwrite's error `type`s, as our codes. */
const errorTypes: Record<string, PwlessErrorCode> = {
  user_invalid_token: 'invalid_code',
  general_rate_limit_exceeded: 'rate_limited',
  general_argument_invalid: 'invalid_identifier',
  user_blocked: 'access_denied',
  user_email_not_whitelisted: 'access_denied',
  user_phone_not_whitelisted: 'access_denied',
  user_count_exceeded: 'signup_disabled',
  user_unauthorized: 'session_expired',
  general_unauthorized_scope: 'session_expired',
  user_session_not_found: 'session_expired',
  project_not_found: 'invalid_client',
  general_access_forbidden: 'invalid_client',
  project_unknown: 'invalid_client',
  general_unknown_origin: 'invalid_client',
  general_service_disabled: 'not_supported',
};

interface Token {
  userId: string;
  expire?: string;
  phrase?: string;
}

interface Account {
  $id: string;
  email?: string;
  phone?: string;
  name?: string;
}

export class Engine extends VendorDialect {
  /** Appwrite's `X-Fallback-Cookies`, for browsers that refuse its cookie; kept with the session, never in a URL or event. */
  #fallback: string | undefined;

  override headers(): Record<string, string | undefined> {
    return { 'X-Appwrite-Project': this.options.clientId, 'X-Fallback-Cookies': this.#fallback };
  }

  override error({ response, body }: Answer): PwlessError {
    // A body may hold any JSON: fields that are not strings count as absent.
    const { type, message } = stringFields(body, 'type', 'message');
    const known = type && Object.hasOwn(errorTypes, type) ? errorTypes[type]! : undefined;
    let code: PwlessErrorCode = known ?? (response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'server_error' : 'invalid_response');
    // A wrong and an expired code are the same answer: the clock tells them apart.
    if (code === 'invalid_code' && (this.challenge?.expiresAt ?? Infinity) <= Date.now()) code = 'code_expired';
    const retryAfter = code === 'rate_limited' ? secondsUntil(response.headers.get('retry-after'), response.headers.get('x-ratelimit-reset')) : undefined;
    return new PwlessError(code, message ?? type ?? `Appwrite answered ${response.status}`, retryAfter === undefined ? {} : { retryAfter });
  }

  /** Keeps the fallback cookie Appwrite sends when the browser may refuse its own. */
  override async request(...args: Parameters<VendorDialect['request']>): Promise<Answer> {
    const answer = await super.request(...args);
    this.#fallback = answer.response.headers.get('x-fallback-cookies') ?? this.#fallback;
    return answer;
  }

  start(loginHint: string, options: StartOptions): Promise<Challenge> {
    return this.#token(loginHint, options, false);
  }

  /** Asks Appwrite for a token: an email OTP (with its phrase), an SMS OTP, or a magic URL. */
  async #token(loginHint: string, { delivery, locale, signal }: StartOptions, resent: boolean): Promise<Challenge> {
    const phone = loginHint.startsWith('+');
    const link = delivery === 'link' && !phone;
    const to = maskAddress(loginHint);
    // The magic URL's page, marked as a landing page; the masked address shows there before the click.
    const url = new URL(this.options.linkUri ?? `${location.origin}${location.pathname}`);
    url.searchParams.set(linkMarker, to);
    const { body } = await this.request(phone ? 'account/tokens/phone' : link ? 'account/tokens/magic-url' : 'account/tokens/email', {
      method: 'POST',
      headers: { 'X-Appwrite-Locale': locale },
      json: phone ? { userId: 'unique()', phone: loginHint } : { userId: 'unique()', email: loginHint, phrase: true, ...(link ? { url: url.href } : {}) },
      signal,
    });
    const token = body as Token;
    if (typeof token?.userId !== 'string') throw new PwlessError('invalid_response', 'the token lacks its userId');
    const now = Date.now();
    const expiresAt = token.expire ? Date.parse(token.expire) : NaN;
    const challenge: Challenge = {
      channel: phone ? 'sms' : 'email',
      delivery: link ? 'link' : 'code',
      to,
      codeLength,
      expiresAt: Number.isNaN(expiresAt) ? now + 15 * 60_000 : expiresAt,
      resendAt: now + resendPause,
      // Appwrite counts wrong codes only in its rate limit; the count is not known here.
      attemptsRemaining: 1,
      ...(token.phrase ? { phrase: token.phrase } : {}),
    };
    return this.remember(challenge, token.userId, { hint: loginHint, ...(locale ? { locale } : {}) }, resent);
  }

  async verify(code: string, signal: AbortSignal | undefined): Promise<Session> {
    const pending = await this.requirePending();
    return this.#createSession(pending.authSession!, code, signal);
  }

  async resend(signal: AbortSignal | undefined): Promise<Challenge> {
    const pending = await this.requirePending();
    const { hint, locale } = pending.vendor!;
    return this.#token(hint!, { delivery: pending.challenge?.delivery ?? 'code', ...(locale ? { locale } : {}), ...(signal ? { signal } : {}) }, true);
  }

  /**
   * The tab that asked for a magic URL: the session arrives as the cookie the landing page's tab
   * gets (same browser), which `GET /account` then answers; another tab's sign-in also arrives over
   * the tab channel. A magic URL opened on another device signs in only that device.
   */
  override async waitForApproval(signal: AbortSignal | undefined): Promise<Session> {
    const pending = await this.requirePending();
    if (pending.challenge?.delivery !== 'link') throw new PwlessError('no_pending_sign_in', 'no link sign-in is in progress');
    for (;;) {
      const session = this.holder.timed?.session;
      if (session) return session;
      const { response, body } = await this.request('account', { signal }, ({ response }) => response.ok || response.status === 401);
      if (response.ok) return this.#establish(body as Account, signal);
      await pollPause(pollInterval, this.wakers, signal);
    }
  }

  override async inspectLink(url: string | URL): Promise<LinkInfo> {
    const { parameters } = this.#link(url);
    const mine = this.pending?.vendor?.['hint'] ? this.pending : await this.requirePending().catch(() => undefined);
    const expire = Date.parse(parameters.get('expire') ?? '');
    return {
      to: parameters.get(linkMarker)!,
      ...(mine?.authSession === parameters.get('userId') && mine.challenge?.phrase ? { phrase: mine.challenge.phrase } : {}),
      // Magic URLs live an hour.
      ...(Number.isNaN(expire) ? {} : { requestedAt: expire - 60 * 60_000 }),
    };
  }

  /** The landing page's Confirm: spends the magic URL and signs this browser in (tabs waiting in it follow). */
  override async approveLink(url: string | URL, signal: AbortSignal | undefined): Promise<Session> {
    const { userId, secret } = this.#link(url);
    const session = await this.#createSession(userId, secret, signal).catch((error: PwlessError) => {
      // A spent, expired or mistyped magic URL.
      throw error.code === 'invalid_code' || error.code === 'code_expired' ? new PwlessError('link_invalid', error.message, { cause: error }) : error;
    });
    if (typeof location !== 'undefined' && String(url) === location.href) {
      const clean = new URL(location.href);
      for (const name of ['userId', 'secret', 'expire', 'project']) clean.searchParams.delete(name);
      history.replaceState(history.state, '', clean);
    }
    this.holder.post({ type: 'wake' });
    return session;
  }

  async renew(stored: StoredSession): Promise<StoredSession> {
    this.#fallback ??= stored.fallbackCookies;
    const { jwt, expiresAt } = await this.#jwt(undefined);
    return { ...stored, ...timedSession(stored.session.user, stored.session.claims, jwt, 'Bearer', expiresAt) };
  }

  async revoke(_refreshToken: string | undefined, signal: AbortSignal | undefined, stored: StoredSession): Promise<void> {
    this.#fallback ??= stored.fallbackCookies;
    await this.request('account/sessions/current', { method: 'DELETE', signal }, ({ response }) => response.ok || response.status === 401);
    this.#fallback = undefined;
  }

  #link(url: string | URL): { userId: string; secret: string; parameters: URLSearchParams } {
    const parameters = URL.canParse(String(url)) ? new URL(url).searchParams : new URLSearchParams();
    const userId = parameters.get('userId');
    const secret = parameters.get('secret');
    if (!userId || !secret || !parameters.has(linkMarker)) throw new PwlessError('link_invalid', 'the URL is not an Appwrite magic URL');
    return { userId, secret, parameters };
  }

  async #createSession(userId: string, secret: string, signal: AbortSignal | undefined): Promise<Session> {
    const activeSession = ({ response, body }: Answer) => response.ok || (body as { type?: unknown } | undefined)?.type === 'user_session_already_exists';
    const send = () => this.request('account/sessions/token', { method: 'POST', json: { userId, secret }, signal }, activeSession);
    // Appwrite refuses a new session while one is active in this browser: end that one (it is not this sign-in's) and go on.
    if (!(await send()).response.ok) {
      await this.request('account/sessions/current', { method: 'DELETE', signal });
      await this.request('account/sessions/token', { method: 'POST', json: { userId, secret }, signal });
    }
    const { body } = await this.request('account', { signal });
    return this.#establish(body as Account, signal);
  }

  async #establish(account: Account, signal: AbortSignal | undefined): Promise<Session> {
    if (typeof account?.$id !== 'string') throw new PwlessError('invalid_response', 'the account lacks its $id');
    const { jwt, expiresAt } = await this.#jwt(signal);
    const user = { sub: account.$id, ...(account.email ? { email: account.email } : {}), ...(account.phone ? { phone: account.phone } : {}) };
    const claims = { sub: account.$id, ...(account.email ? { email: account.email } : {}), ...(account.phone ? { phone_number: account.phone } : {}), ...(account.name ? { name: account.name } : {}) };
    return this.establish({ ...timedSession(user, claims, jwt, 'Bearer', expiresAt), ...(this.#fallback ? { fallbackCookies: this.#fallback } : {}) });
  }

  /** A new account JWT (`POST /account/jwts`): the short token for the app's own API. */
  async #jwt(signal: AbortSignal | undefined): Promise<{ jwt: string; expiresAt: number }> {
    const { body } = await this.request('account/jwts', { method: 'POST', json: {}, signal });
    const jwt = (body as { jwt?: unknown })?.jwt;
    if (typeof jwt !== 'string') throw new PwlessError('invalid_response', 'the answer lacks its jwt');
    const exp = jwtClaims(jwt)['exp'];
    return { jwt, expiresAt: typeof exp === 'number' ? exp * 1000 : Date.now() + jwtLifetime };
  }
}
