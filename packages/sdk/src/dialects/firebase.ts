/**
 * Firebase Authentication (`dialect: 'firebase'`): email link sign-in through the Identity Toolkit
 * REST API, the calls the `firebase/auth` SDK makes (`sendSignInLinkToEmail`, `signInWithEmailLink`,
 * `getIdToken(true)`). Firebase sends no codes: every sign-in is a link. `issuer` is the Identity
 * Toolkit base (`https://identitytoolkit.googleapis.com`, or an emulator's
 * `http://127.0.0.1:9099/identitytoolkit.googleapis.com`), `clientId` the web API key.
 * @see https://firebase.google.com/docs/reference/rest/auth
 */
import { pollPause, type LinkInfo } from '../link.js';
import { PwlessError, type PwlessErrorCode } from '../errors.js';
import { isLoopback } from '../options.js';
import type { StoredSession } from '../session-store.js';
import type { Challenge, Session, StartOptions } from '../types.js';
import { jwtClaims, maskAddress, secondsUntil, timedSession, VendorDialect, stringFields, type Answer } from './vendor.js';

/** Firebase keeps no resend cooldown of its own; this keeps people from tripping `TOO_MANY_ATTEMPTS_TRY_LATER`. */
const resendPause = 30_000;
/** Email sign-in links stay valid for six hours (the link's `oobCode`). */
const linkLifetime = 6 * 3600_000;
/** How often a tab waiting for its link looks whether another tab of this browser signed in. */
const pollInterval = 3_000;
/** Marks the page a link opens (Firebase's `continueUrl`) as the landing page of `<pwless-login>`. */
const linkMarker = 'pwless_link';
/** What Firebase adds to `continueUrl` for the app to handle the link. */
const linkParameters = ['mode', 'oobCode', 'apiKey', 'continueUrl', 'lang', 'tenantId'];

/** Firebase's error messages (`error.message`, before any ` : ` detail), as our codes. */
const errorMessages: Record<string, PwlessErrorCode> = {
  INVALID_OOB_CODE: 'link_invalid',
  EXPIRED_OOB_CODE: 'link_invalid',
  MISSING_OOB_CODE: 'link_invalid',
  INVALID_EMAIL: 'invalid_identifier',
  MISSING_EMAIL: 'invalid_identifier',
  INVALID_IDENTIFIER: 'invalid_identifier',
  TOO_MANY_ATTEMPTS_TRY_LATER: 'rate_limited',
  QUOTA_EXCEEDED: 'rate_limited',
  RESET_PASSWORD_EXCEED_LIMIT: 'rate_limited',
  OPERATION_NOT_ALLOWED: 'not_supported',
  PASSWORD_LOGIN_DISABLED: 'not_supported',
  ADMIN_ONLY_OPERATION: 'signup_disabled',
  USER_DISABLED: 'access_denied',
  TOKEN_EXPIRED: 'session_expired',
  USER_NOT_FOUND: 'session_expired',
  INVALID_REFRESH_TOKEN: 'session_expired',
  INVALID_ID_TOKEN: 'session_expired',
  CREDENTIAL_TOO_OLD_LOGIN_AGAIN: 'session_expired',
  INVALID_GRANT_TYPE: 'invalid_request',
  MISSING_GRANT_TYPE: 'invalid_request',
  MISSING_REFRESH_TOKEN: 'invalid_request',
  INVALID_CONTINUE_URI: 'invalid_client',
  MISSING_CONTINUE_URI: 'invalid_client',
  UNAUTHORIZED_DOMAIN: 'invalid_client',
  UNAUTHORIZED_CONTINUE_URI: 'invalid_client',
  INVALID_API_KEY: 'invalid_client',
  API_KEY_INVALID: 'invalid_client',
  API_KEY_EXPIRED: 'invalid_client',
  PROJECT_NOT_FOUND: 'invalid_client',
  CONFIGURATION_NOT_FOUND: 'invalid_client',
};

interface LinkSignIn {
  idToken: string;
  refreshToken: string;
  expiresIn: string;
  localId: string;
  email?: string;
}

export class Engine extends VendorDialect {
  override error({ response, body }: Answer): PwlessError {
    // Only string fields (and a real list of details) are read: an answer is not trusted to hold what it should.
    const inner: unknown = typeof body === 'object' && body !== null && Object.hasOwn(body, 'error') ? (body as { error: unknown }).error : undefined;
    const { message, status } = stringFields(inner, 'message', 'status');
    const rawDetails: unknown = typeof inner === 'object' && inner !== null && Object.hasOwn(inner, 'details') ? (inner as { details: unknown }).details : undefined;
    const details = Array.isArray(rawDetails) ? rawDetails.map((detail: unknown) => stringFields(detail, 'reason')) : undefined;
    // `MESSAGE : detail`; a rejected API key answers Google's generic INVALID_ARGUMENT with the reason in `details`.
    const name = (message ?? '').split(' : ')[0]!;
    const reason = details?.find((detail) => detail.reason)?.reason;
    const known = Object.hasOwn(errorMessages, name) ? errorMessages[name] : reason && Object.hasOwn(errorMessages, reason) ? errorMessages[reason] : undefined;
    const code: PwlessErrorCode = known ?? (response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'server_error' : 'invalid_response');
    const retryAfter = code === 'rate_limited' ? (secondsUntil(response.headers.get('retry-after')) ?? 60) : undefined;
    return new PwlessError(code, message ?? status ?? `Firebase answered ${response.status}`, retryAfter === undefined ? {} : { retryAfter });
  }

  /** The secure token service: the Identity Toolkit base with `securetoken.googleapis.com` for its host name (also in an emulator's path). */
  get secureTokenBase(): string {
    return this.options.issuer.href.replace('identitytoolkit.googleapis.com', 'securetoken.googleapis.com');
  }

  /** One Identity Toolkit call, `POST v1/<method>?key=API_KEY`, without cookies as the Firebase SDK sends it. */
  async call(method: string, body: unknown, signal: AbortSignal | undefined, locale?: string): Promise<Record<string, unknown>> {
    const url = this.url(`v1/${method}`);
    url.searchParams.set('key', this.options.clientId);
    return this.post(url, JSON.stringify(body), 'application/json', signal, locale);
  }

  async post(url: URL, body: string, type: string, signal: AbortSignal | undefined, locale?: string): Promise<Record<string, unknown>> {
    // Addresses and tokens: never over plain http to another host.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) throw new PwlessError('invalid_response', `not an https URL: ${url.origin}`);
    const headers: Record<string, string> = { 'Content-Type': type };
    if (locale) headers['X-Firebase-Locale'] = locale;
    const response = await this.options.fetch(url, { method: 'POST', headers, body, ...(signal ? { signal } : {}) });
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      json = undefined;
    }
    if (!response.ok || typeof json !== 'object' || json === null) throw this.error({ response, body: json });
    return json as Record<string, unknown>;
  }

  start(loginHint: string, options: StartOptions): Promise<Challenge> {
    return this.#send(loginHint, options, false);
  }

  /** `accounts:sendOobCode` with `requestType: 'EMAIL_SIGNIN'`: a link to this page (or `linkUri`), marked as a landing page. */
  async #send(loginHint: string, { locale, signal }: StartOptions, resent: boolean): Promise<Challenge> {
    if (loginHint.startsWith('+')) throw new PwlessError('not_supported', 'Firebase signs in by email link only');
    const to = maskAddress(loginHint);
    const continueUrl = new URL(this.options.linkUri ?? `${location.origin}${location.pathname}`);
    continueUrl.searchParams.set(linkMarker, to);
    await this.call('accounts:sendOobCode', { requestType: 'EMAIL_SIGNIN', email: loginHint, continueUrl: continueUrl.href, canHandleCodeInApp: true }, signal, locale);
    const now = Date.now();
    const challenge: Challenge = { channel: 'email', delivery: 'link', to, codeLength: 0, expiresAt: now + linkLifetime, resendAt: now + resendPause, attemptsRemaining: 1 };
    // The address stays in this browser (as Firebase's guide keeps `emailForSignIn`), so the link opened here signs in without asking for it.
    return this.remember(challenge, '', { hint: loginHint, ...(locale ? { locale } : {}) }, resent);
  }

  verify(): Promise<Session> {
    return Promise.reject(new PwlessError('not_supported', 'Firebase sends links, not codes'));
  }

  async resend(signal: AbortSignal | undefined): Promise<Challenge> {
    const { hint, locale } = (await this.requirePending()).vendor!;
    return this.#send(hint!, { delivery: 'link', ...(locale ? { locale } : {}), ...(signal ? { signal } : {}) }, true);
  }

  /**
   * The tab that asked for the link: the session arrives when the link is opened in this browser
   * (another tab signs in, and every tab hears of it). Opened on another device, the link signs in
   * that device only, as with Firebase's own SDK.
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

  /**
   * The sign-in this browser asked `to` (the link's masked address) for, if it did and still keeps
   * it: a link for another address asked here since is not this one.
   */
  async #mine(to: string | null): Promise<{ hint?: string | undefined; expiresAt?: number | undefined }> {
    const pending = this.pending?.vendor?.['hint'] ? this.pending : await this.requirePending().catch(() => undefined);
    const hint = pending?.vendor?.['hint'];
    return hint && maskAddress(hint) === to ? { hint, expiresAt: pending!.challenge?.expiresAt } : {};
  }

  override async inspectLink(url: string | URL): Promise<LinkInfo> {
    const { parameters } = this.#link(url);
    const { hint, expiresAt } = await this.#mine(parameters.get(linkMarker));
    // Another browser or device: the address must be typed again (Firebase checks it against the link).
    return { to: parameters.get(linkMarker)!, ...(hint ? (expiresAt ? { requestedAt: expiresAt - linkLifetime } : {}) : { askIdentifier: true }) };
  }

  /** Spends the link (`accounts:signInWithEmailLink`) with the address kept here, or the one typed on the landing page. */
  override async approveLink(url: string | URL, signal: AbortSignal | undefined, loginHint?: string): Promise<Session> {
    const { oobCode, parameters } = this.#link(url);
    const email = loginHint?.trim() || (await this.#mine(parameters.get(linkMarker))).hint;
    if (!email) throw new PwlessError('invalid_identifier', 'type the address the link was sent to');
    const answer = (await this.call('accounts:signInWithEmailLink', { email, oobCode }, signal)) as unknown as LinkSignIn;
    if (typeof answer.idToken !== 'string' || typeof answer.refreshToken !== 'string' || typeof answer.localId !== 'string') throw new PwlessError('invalid_response', 'the sign-in lacks its tokens');
    const { users } = (await this.call('accounts:lookup', { idToken: answer.idToken }, signal)) as { users?: { localId?: string; email?: string; emailVerified?: boolean; displayName?: string }[] };
    const account = users?.find((user) => user.localId === answer.localId) ?? { localId: answer.localId, email: answer.email ?? email };
    if (typeof location !== 'undefined' && String(url) === location.href) {
      const clean = new URL(location.href);
      for (const name of linkParameters) clean.searchParams.delete(name);
      history.replaceState(history.state, '', clean);
    }
    const session = await this.establish(this.#stored(answer.idToken, answer.refreshToken, answer.expiresIn, account));
    this.holder.post({ type: 'wake' });
    return session;
  }

  /** `getIdToken(true)`: a new ID token from the secure token service (`grant_type=refresh_token`). */
  async renew(stored: StoredSession): Promise<StoredSession> {
    if (!stored.refreshToken) throw new PwlessError('session_expired', 'the session has no refresh token');
    const url = new URL(`${this.secureTokenBase.replace(/\/?$/, '/')}v1/token`);
    url.searchParams.set('key', this.options.clientId);
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stored.refreshToken });
    const answer = await this.post(url, body.toString(), 'application/x-www-form-urlencoded', undefined);
    const { id_token: idToken, refresh_token: refreshToken, expires_in: expiresIn } = answer as Record<string, string>;
    if (typeof idToken !== 'string' || typeof refreshToken !== 'string') throw new PwlessError('invalid_response', 'the renewal lacks its tokens');
    const user = stored.session.user;
    return { ...stored, ...this.#stored(idToken, refreshToken, expiresIn, { localId: user.sub, email: user.email }) };
  }

  /** Firebase's `signOut()` only forgets the tokens in the browser: there is nothing to end at the backend. */
  async revoke(): Promise<void> {}

  #stored(idToken: string, refreshToken: string, expiresIn: string | undefined, account: { localId?: string; email?: string | undefined; emailVerified?: boolean; displayName?: string }): StoredSession {
    const claims = jwtClaims(idToken);
    const sub = String(claims['user_id'] ?? claims['sub'] ?? account.localId ?? '');
    const email = typeof claims['email'] === 'string' ? claims['email'] : account.email;
    const exp = claims['exp'];
    const expiresAt = typeof exp === 'number' ? exp * 1000 : Date.now() + Number(expiresIn ?? 3600) * 1000;
    const user = { sub, ...(email ? { email } : {}) };
    return { ...timedSession(user, { ...claims, ...(account.displayName ? { name: account.displayName } : {}) }, idToken, 'Bearer', expiresAt), refreshToken };
  }

  #link(url: string | URL): { oobCode: string; parameters: URLSearchParams } {
    const parameters = URL.canParse(String(url)) ? new URL(url).searchParams : new URLSearchParams();
    const oobCode = parameters.get('oobCode');
    if (parameters.get('mode') !== 'signIn' || !oobCode || !parameters.has(linkMarker)) throw new PwlessError('link_invalid', 'the URL is not a Firebase email sign-in link');
    return { oobCode, parameters };
  }
}
