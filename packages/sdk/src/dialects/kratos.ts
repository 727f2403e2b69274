/**
 * Ory Kratos (`dialect: 'kratos'`): the browser login flow with the `code` method over Kratos' JSON
 * API, the registration flow for a new address when sign-up is on, the `ory_kratos_session` cookie
 * as the session, and Ory Hydra's `login_challenge` passed through and followed.
 * `issuer` is the Kratos public URL; no client ID.
 * @see https://www.ory.sh/docs/kratos/reference/api (frontend API: createBrowserLoginFlow, updateLoginFlow)
 */
import { PwlessError, type PwlessErrorCode } from '../errors.js';
import type { StoredSession } from '../session-store.js';
import type { Challenge, Session, StartOptions } from '../types.js';
import { jwtClaims, maskAddress, secondsUntil, stringFields, timedSession, VendorDialect, type Answer } from './vendor.js';

/** Kratos' codes are 6 digits, live 15 minutes and take 5 tries (its defaults: `selfservice.methods.code`). */
const codeLength = 6;
const codeLifetime = 15 * 60_000;
const codeTries = 5;
/** Kratos has no resend cooldown of its own; this keeps people from flooding their own inbox. */
const resendPause = 30_000;

/** Kratos' message ids (text/id.go) that decide what happens next. */
const codeSent = [1010014, 1040005];
const wrongCode = [4010008, 4040003];
const unknownAddress = [4000035, 4000037, 4010010];
const badAddress = [4000004, 4000040, 4000041];
const expiredFlow = [4010001, 4040001];
const disabledIdentity = 4010011;

/** Kratos' error ids (`error.id`) as our codes. */
const errorIds: Record<string, PwlessErrorCode> = {
  self_service_flow_expired: 'session_expired',
  security_csrf_violation: 'session_expired',
  session_inactive: 'session_expired',
  self_service_flow_disabled: 'signup_disabled',
  self_service_flow_return_to_forbidden: 'invalid_client',
  security_identity_mismatch: 'access_denied',
};

interface UiNode {
  attributes?: { name?: string; value?: unknown };
  messages?: UiMessage[];
}

interface UiMessage {
  id: number;
  type: string;
  text?: string;
}

interface Flow {
  id: string;
  expires_at?: string;
  state?: string;
  ui: { action: string; nodes: UiNode[]; messages?: UiMessage[] };
}

interface KratosSession {
  id: string;
  expires_at?: string;
  tokenized?: string;
  identity?: { id: string; traits?: Record<string, unknown> };
}

interface ContinueWith {
  action?: string;
  redirect_browser_to?: string;
}

function isFlow(body: unknown): body is Flow {
  const flow = body as Partial<Flow> | undefined;
  return typeof flow?.id === 'string' && typeof flow.ui?.action === 'string' && Array.isArray(flow.ui.nodes);
}

/** Every message of a flow: the form's and each field's. */
function messagesOf(flow: Flow): UiMessage[] {
  return [...(flow.ui.messages ?? []), ...flow.ui.nodes.flatMap((node) => node.messages ?? [])];
}

function has(flow: Flow, ids: readonly number[]): boolean {
  return messagesOf(flow).some((message) => ids.includes(message.id));
}

/** Where Kratos sends the browser on (Ory Hydra's consent, `return_to`), from the answer or its `continue_with`. */
function browserTarget(body: unknown): string | undefined {
  const answer = body as { redirect_browser_to?: unknown; continue_with?: ContinueWith[] } | undefined;
  if (typeof answer?.redirect_browser_to === 'string') return answer.redirect_browser_to;
  return answer?.continue_with?.find((item) => item.action === 'redirect_browser_to')?.redirect_browser_to;
}

export class Engine extends VendorDialect {
  override error({ response, body }: Answer): PwlessError {
    // A body may hold any JSON: fields that are not strings count as absent.
    const error = stringFields((body as { error?: unknown } | null | undefined)?.error, 'id', 'reason', 'message');
    const known = error?.id && Object.hasOwn(errorIds, error.id) ? errorIds[error.id]! : undefined;
    let code: PwlessErrorCode = known ?? (response.status === 429 ? 'rate_limited' : response.status === 410 ? 'session_expired' : response.status >= 500 ? 'server_error' : 'invalid_response');
    // Kratos names no id for the spent tries of a code (ErrCodeSubmittedTooOften), only this reason.
    if (/submitted too often/i.test(error?.reason ?? '')) code = 'too_many_attempts';
    const retryAfter = code === 'rate_limited' ? secondsUntil(response.headers.get('retry-after')) : undefined;
    return new PwlessError(code, error?.reason ?? error?.message ?? `Kratos answered ${response.status}`, retryAfter === undefined ? {} : { retryAfter });
  }

  /** The Hydra `login_challenge`: the option, else this page's address. */
  get #loginChallenge(): string | undefined {
    const given = this.options.given.loginChallenge;
    if (given !== undefined && typeof given !== 'string') throw new TypeError('option "loginChallenge" must be a string');
    return given ?? (typeof location === 'undefined' ? undefined : new URL(location.href).searchParams.get('login_challenge') ?? undefined);
  }

  async start(loginHint: string, { locale, signal }: StartOptions): Promise<Challenge> {
    const vendor = { hint: loginHint, kind: 'login', ...(locale ? { locale } : {}) };
    return this.#send(vendor, await this.#newFlow('login', locale, signal), false, signal);
  }

  async resend(signal: AbortSignal | undefined): Promise<Challenge> {
    const pending = await this.requirePending();
    const vendor = pending.vendor!;
    try {
      return await this.#send(vendor, await this.#flow(pending.authSession!, vendor['kind']!, signal), true, signal);
    } catch (error) {
      if ((error as PwlessError).code !== 'session_expired') throw error;
      // The flow expired while the person read the email: a new one for the same address, unnoticed.
      return this.#send(vendor, await this.#newFlow(vendor['kind']!, vendor['locale'], signal), true, signal);
    }
  }

  async verify(code: string, signal: AbortSignal | undefined): Promise<Session> {
    const pending = await this.requirePending();
    const vendor = pending.vendor!;
    const flow = await this.#flow(pending.authSession!, vendor['kind']!, signal).catch((error: PwlessError) => {
      throw error.code === 'session_expired' ? new PwlessError('code_expired', 'the flow expired', { cause: error }) : error;
    });
    const answer = await this.#submit(flow, vendor, { code }, signal).catch((error: PwlessError) => {
      throw error.code === 'session_expired' ? new PwlessError('code_expired', 'the flow expired', { cause: error }) : error;
    });
    if (isFlow(answer.body)) {
      // Kratos' ErrCodeSubmittedTooOften has no id of its own: a generic message (4000001) with this reason.
      if (messagesOf(answer.body).some((message) => /submitted too often/i.test(message.text ?? ''))) {
        await this.forget();
        throw new PwlessError('too_many_attempts', 'Kratos took the code too often');
      }
      if (has(answer.body, wrongCode)) {
        const expired = (pending.challenge?.expiresAt ?? Infinity) <= Date.now();
        const attemptsRemaining = Math.max((pending.challenge?.attemptsRemaining ?? codeTries) - 1, 0);
        if (pending.challenge) await this.remember({ ...pending.challenge, attemptsRemaining }, flow.id, vendor, false);
        throw new PwlessError(expired ? 'code_expired' : 'invalid_code', 'Kratos refused the code', expired ? {} : { attemptsRemaining });
      }
      throw this.#flowError(answer.body);
    }
    const session = await this.#session((answer.body as { session?: KratosSession } | undefined)?.session, signal);
    const target = browserTarget(answer.body);
    // Behind Ory Hydra the sign-in goes on at Hydra (consent, then the app): the browser is sent there.
    if (target && vendor['challenge']) location.assign(target);
    return session;
  }

  async renew(stored: StoredSession): Promise<StoredSession> {
    const { body } = await this.request(this.#whoami(), {}, ({ response }) => response.ok || response.status === 401);
    const session = body as KratosSession | undefined;
    if (!session?.identity) throw new PwlessError('session_expired', 'the Kratos session is over');
    return { ...stored, ...this.#timed(session) };
  }

  /** Browser logout: Kratos hands out a logout token, and the logout with it ends the session and its cookie. */
  async revoke(_refreshToken: string | undefined, signal: AbortSignal | undefined): Promise<void> {
    const { response, body } = await this.request('self-service/logout/browser', { signal }, ({ response }) => response.ok || response.status === 401);
    const token = (body as { logout_token?: unknown } | undefined)?.logout_token;
    if (!response.ok || typeof token !== 'string') return;
    const logout = this.url('self-service/logout');
    logout.searchParams.set('token', token);
    await this.request(logout, { signal });
  }

  /**
   * A new browser flow (`GET /self-service/{kind}/browser`, JSON). A browser that is already signed
   * in is signed out first: the person asked to sign in, perhaps as somebody else. Behind Hydra, a
   * session Kratos already has may finish the OpenID sign-in at once: the browser goes on.
   */
  async #newFlow(kind: string, locale: string | undefined, signal: AbortSignal | undefined): Promise<Flow> {
    const url = this.url(`self-service/${kind}/browser`);
    const challenge = this.#loginChallenge;
    if (challenge) url.searchParams.set('login_challenge', challenge);
    const get = () => this.request(url, { headers: { 'Accept-Language': locale }, signal }, ({ response }) => response.ok || response.status === 400 || response.status === 422);
    let { response, body } = await get();
    const target = browserTarget(body);
    if (response.status === 422 && target) {
      location.assign(target);
      return new Promise<never>(() => undefined);
    }
    if ((body as { error?: { id?: string } } | undefined)?.error?.id === 'session_already_available') {
      await this.revoke(undefined, signal);
      ({ response, body } = await get());
    }
    if (!response.ok || !isFlow(body)) throw this.error({ response, body });
    return body;
  }

  /** The flow `id` as Kratos has it now (its CSRF token and state). */
  async #flow(id: string, kind: string, signal: AbortSignal | undefined): Promise<Flow> {
    const url = this.url(`self-service/${kind}/flows`);
    url.searchParams.set('id', id);
    const { body } = await this.request(url, { signal });
    if (!isFlow(body)) throw new PwlessError('invalid_response', 'not a Kratos flow');
    return body;
  }

  /**
   * Posts the `code` method to the flow's action: the address alone sends a code (Kratos answers 400
   * with the flow in `sent_email` and message 1010014); with `code` it signs in (200 with the session).
   * An expired flow (410) is answered by the caller.
   */
  async #submit(flow: Flow, vendor: Record<string, string>, extra: Record<string, string>, signal: AbortSignal | undefined): Promise<Answer> {
    const csrfToken = flow.ui.nodes.find((node) => node.attributes?.name === 'csrf_token')?.attributes?.value;
    const hint = vendor['hint']!;
    const address = hint.startsWith('+') ? { phone: hint } : { email: hint };
    const json = { method: 'code', csrf_token: typeof csrfToken === 'string' ? csrfToken : '', ...(vendor['kind'] === 'registration' ? { traits: address } : { identifier: hint }), ...extra };
    return this.request(new URL(flow.ui.action, this.options.issuer), { method: 'POST', json, headers: { 'Accept-Language': vendor['locale'] }, signal }, ({ response }) => response.ok || response.status === 400 || response.status === 422);
  }

  /** Asks the flow to send a code (or a new one), moving to the registration flow for a new address. */
  async #send(vendor: Record<string, string>, flow: Flow, again: boolean, signal: AbortSignal | undefined): Promise<Challenge> {
    let answer: Answer;
    try {
      answer = await this.#submit(flow, vendor, again ? { resend: 'code' } : {}, signal);
    } catch (error) {
      if ((error as PwlessError).code !== 'session_expired' || again) throw error;
      // The flow expired between loading and sending: once more with a new one.
      const renewed = await this.#newFlow(vendor['kind']!, vendor['locale'], signal);
      answer = await this.#submit(renewed, vendor, {}, signal);
    }
    const sent = answer.body;
    if (!isFlow(sent)) throw new PwlessError('invalid_response', 'Kratos answered no flow');
    if (has(sent, unknownAddress) && vendor['kind'] === 'login') {
      // A new address: sign-up through the registration flow (refused when sign-up is off).
      const registration = { ...vendor, kind: 'registration' };
      return this.#send(registration, await this.#newFlow('registration', vendor['locale'], signal), false, signal);
    }
    if (!has(sent, codeSent) && sent.state !== 'sent_email') throw this.#flowError(sent);
    const now = Date.now();
    const flowEnds = sent.expires_at ? Date.parse(sent.expires_at) : NaN;
    const challenge: Challenge = {
      channel: vendor['hint']!.startsWith('+') ? 'sms' : 'email',
      delivery: 'code',
      to: maskAddress(vendor['hint']!),
      codeLength,
      expiresAt: Math.min(now + codeLifetime, Number.isNaN(flowEnds) ? Infinity : flowEnds),
      resendAt: now + resendPause,
      attemptsRemaining: codeTries,
    };
    const loginChallenge = this.#loginChallenge;
    return this.remember(challenge, sent.id, { ...vendor, ...(loginChallenge ? { challenge: loginChallenge } : {}) }, again);
  }

  /** What a flow's error messages mean for the person. */
  #flowError(flow: Flow): PwlessError {
    const ids = messagesOf(flow).filter((message) => message.type === 'error').map((message) => message.id);
    let code: PwlessErrorCode = 'invalid_response';
    if (ids.some((id) => badAddress.includes(id))) code = 'invalid_identifier';
    else if (ids.some((id) => unknownAddress.includes(id))) code = 'signup_disabled';
    else if (ids.some((id) => expiredFlow.includes(id))) code = 'session_expired';
    else if (ids.includes(disabledIdentity)) code = 'access_denied';
    return new PwlessError(code, `Kratos refused the flow (messages ${ids.join(', ') || 'none'})`);
  }

  #whoami(): URL {
    const url = this.url('sessions/whoami');
    const template = this.options.given.tokenizeAs;
    if (template !== undefined && typeof template !== 'string') throw new TypeError('option "tokenizeAs" must be a string');
    if (template) url.searchParams.set('tokenize_as', template);
    return url;
  }

  /** The session of a finished sign-in, with its JWT when a `tokenizeAs` template is set. */
  async #session(session: KratosSession | undefined, signal: AbortSignal | undefined): Promise<Session> {
    let known = session;
    if (!known?.identity || this.options.given.tokenizeAs) known = (await this.request(this.#whoami(), { signal })).body as KratosSession;
    if (!known?.identity) throw new PwlessError('invalid_response', 'the answer lacks the session');
    return this.establish(this.#timed(known));
  }

  #timed(session: KratosSession) {
    const identity = session.identity!;
    const traits = identity.traits ?? {};
    const email = typeof traits['email'] === 'string' ? traits['email'] : undefined;
    const phone = typeof traits['phone'] === 'string' ? traits['phone'] : undefined;
    const user = { sub: identity.id, ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
    const claims = { sub: identity.id, sid: session.id, ...(email ? { email } : {}), ...(phone ? { phone_number: phone } : {}) };
    const sessionEnds = session.expires_at ? Date.parse(session.expires_at) : Date.now() + 60 * 60_000;
    if (session.tokenized) {
      const exp = jwtClaims(session.tokenized)['exp'];
      return timedSession(user, claims, session.tokenized, 'Bearer', typeof exp === 'number' ? exp * 1000 : sessionEnds);
    }
    // Without a template the session is the cookie alone: `getAccessToken()` answers '', `client.fetch` sends the cookie.
    return timedSession(user, claims, '', 'cookie', sessionEnds);
  }
}
