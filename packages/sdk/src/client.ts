import * as oauth from 'oauth4webapi';
import { challengeRequest, processChallengeResponse } from './challenge.js';
import { discover, requestOptions } from './discovery.js';
import { createDpopKeys, withDpopNonce } from './dpop.js';
import { PwlessError, toPwlessError } from './errors.js';
import { ChallengeEvent, type PwlessClientEventMap } from './events.js';
import { loginHint } from './identifier.js';
import { linkToken, pollPause, toLinkInfo, type LinkInfo } from './link.js';
import { ifLockFree } from './lock.js';
import { resolveOptions, type ClientOptions, type ResolvedOptions } from './options.js';
import { SessionKeeper } from './session-keeper.js';
import { deleteTransaction, findTransaction, listTransactions, saveTransaction, transactionLifetime, type Transaction } from './transactions.js';
import type { Challenge, Identifier, Session, StartOptions } from './types.js';

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface PwlessClient {
  addEventListener<K extends keyof PwlessClientEventMap>(type: K, listener: (event: PwlessClientEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof PwlessClientEventMap>(type: K, listener: (event: PwlessClientEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
}

/** Seconds between polls for an approved link when the provider does not say. */
const defaultPollInterval = 5;

/** A passwordless sign-in client for one issuer and one public client. Create it with `createClient`. */
export class PwlessClient extends EventTarget {
  readonly #options: ResolvedOptions;
  readonly #client: oauth.Client;
  readonly #keeper: SessionKeeper;
  readonly #wakers = new Set<() => void>();
  #pending: Transaction | undefined;

  constructor(options: ClientOptions) {
    super();
    this.#options = resolveOptions(options);
    this.#client = { client_id: this.#options.clientId };
    this.#keeper = new SessionKeeper({
      options: this.#options,
      scope: `${this.#options.issuer.href}|${this.#options.clientId}`,
      client: this.#client,
      metadata: (signal) => this.discover(signal),
      emit: (event) => this.dispatchEvent(event),
      wake: () => this.#wake(),
    });
  }

  /** The current session, or `undefined` when signed out. It never holds the refresh token. */
  get session(): Session | undefined {
    return this.#keeper.session;
  }

  /** The challenge of the sign-in in progress in this page, if any. */
  get challenge(): Challenge | undefined {
    return this.#pending?.challenge;
  }

  /** Fetches (once per page) the provider's metadata. Call it early, e.g. while the user types. */
  discover(signal?: AbortSignal): Promise<oauth.AuthorizationServer> {
    return discover(this.#options, signal);
  }

  /**
   * Picks up where this browser left off: a persisted session, and the newest sign-in still in
   * progress (after a reload, or in the tab a magic link opened). Answers its challenge.
   */
  async resume(): Promise<Challenge | undefined> {
    await this.#keeper.restore();
    try {
      return (await this.#requirePending()).challenge;
    } catch {
      return undefined;
    }
  }

  /**
   * Asks the provider to send a code (or a link) to the user. In redirect mode, and in `auto` mode
   * against a provider without a challenge endpoint, the page navigates to the provider instead
   * and the promise never settles.
   */
  async start(identifier: Identifier, options: StartOptions = {}): Promise<Challenge> {
    const hint = loginHint(identifier);
    const { signal } = options;
    try {
      const metadata = await this.discover(signal);
      const endpoint = metadata['authorization_challenge_endpoint'];
      if (this.#options.mode === 'redirect' || (this.#options.mode === 'auto' && typeof endpoint !== 'string')) {
        return await this.#redirectForever(hint, signal);
      }
      if (typeof endpoint !== 'string') throw new PwlessError('not_supported', 'the provider has no authorization_challenge_endpoint');
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const nonce = oauth.generateRandomNonce();
      const delivery = options.delivery ?? 'code';
      const dpopKeys = this.#options.dpop ? await createDpopKeys() : undefined;
      const { response, body } = await challengeRequest(this.#options.fetch, endpoint, {
        response_type: 'code',
        client_id: this.#options.clientId,
        login_hint: hint,
        scope: this.#options.scope,
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        nonce,
        pwless_delivery: delivery,
        pwless_link_uri: delivery === 'link' ? this.#options.linkUri ?? (await import('./redirect.js')).currentPage() : undefined,
        ui_locales: options.locale,
      }, signal, dpopKeys && this.#keeper.dpopHandle(dpopKeys));
      if ((body as { error?: unknown } | null)?.error === 'redirect_to_web' && this.#options.mode === 'auto') {
        return await this.#redirectForever(hint, signal);
      }
      const result = processChallengeResponse(response, body);
      if (result.kind !== 'challenge') throw new PwlessError('invalid_response', 'the provider skipped the code step');
      const transaction: Transaction = {
        state: oauth.generateRandomState(),
        flow: 'native',
        issuer: this.#options.issuer.href,
        clientId: this.#options.clientId,
        codeVerifier,
        nonce,
        authSession: result.authSession,
        challenge: result.challenge,
        expiresAt: Date.now() + transactionLifetime,
        ...(dpopKeys ? { dpopKeys } : {}),
      };
      await saveTransaction(transaction);
      this.#pending = transaction;
      return result.challenge;
    } catch (error) {
      throw toPwlessError(error, signal);
    }
  }

  /** Sends the code the user typed; on success the user is signed in. */
  async verify(code: string, options: CallOptions = {}): Promise<Session> {
    const { signal } = options;
    try {
      const pending = await this.#requirePending();
      const result = await this.#challengeStep(pending, { otp: String(code).replace(/\s|-/g, '') }, signal);
      if (result.kind !== 'code') throw new PwlessError('invalid_response', 'the provider asked for another code');
      return await this.#exchange(pending, result.authorizationCode, signal);
    } catch (error) {
      throw toPwlessError(error, signal);
    }
  }

  /** Asks for a new code (or link); every older one stops working. */
  async resend(options: CallOptions = {}): Promise<Challenge> {
    const { signal } = options;
    try {
      const pending = await this.#requirePending();
      const result = await this.#challengeStep(pending, { pwless_action: 'resend' }, signal);
      if (result.kind !== 'challenge') throw new PwlessError('invalid_response', 'the provider did not send a new code');
      pending.authSession = result.authSession;
      pending.challenge = result.challenge;
      pending.expiresAt = Date.now() + transactionLifetime;
      await saveTransaction(pending);
      this.dispatchEvent(new ChallengeEvent(result.challenge));
      return result.challenge;
    } catch (error) {
      throw toPwlessError(error, signal);
    }
  }

  /**
   * Waits until the user approves the magic link (here, in another tab or on another device), then
   * finishes the sign-in with the PKCE verifier that never left this browser. Polls at the
   * provider's `interval`, slows down when told, rests while the page is hidden, and wakes at once
   * when another tab of this browser approves the link.
   */
  async waitForApproval(options: CallOptions = {}): Promise<Session> {
    const { signal } = options;
    try {
      const pending = await this.#requirePending();
      if (pending.challenge?.delivery !== 'link') throw new PwlessError('no_pending_sign_in', 'no link sign-in is in progress');
      const lockName = `pwless-sign-in:${pending.state}`;
      const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
      // Holding the transaction's lock tells a landing tab in this browser that someone is waiting.
      return locks
        ? await locks.request(lockName, signal ? { signal } : {}, () => this.#poll(pending, signal))
        : await this.#poll(pending, signal);
    } catch (error) {
      throw toPwlessError(error, signal);
    }
  }

  /** On the link landing page: what the link would approve, without spending it. */
  async inspectLink(url: string | URL, options: CallOptions = {}): Promise<LinkInfo> {
    const { signal } = options;
    try {
      const body = await this.#linkAction(url, 'inspect', signal);
      return toLinkInfo(body);
    } catch (error) {
      throw toPwlessError(error, signal);
    }
  }

  /**
   * On the link landing page: approves the sign-in (this spends the link). When no tab of this
   * browser is waiting for the sign-in but its transaction is here, this page finishes it and
   * answers the session; otherwise the waiting tab (or device) does, and this answers `undefined`.
   */
  async approveLink(url: string | URL, options: CallOptions = {}): Promise<Session | undefined> {
    const { signal } = options;
    try {
      await this.#linkAction(url, 'approve', signal);
      this.#keeper.post({ type: 'wake' });
      for (const transaction of await listTransactions(this.#options.issuer.href, this.#options.clientId, 'native')) {
        if (transaction.challenge?.delivery !== 'link') continue;
        const session = await ifLockFree(`pwless-sign-in:${transaction.state}`, () => this.#pollOnce(transaction, signal));
        if (session) return session;
      }
      return undefined;
    } catch (error) {
      throw toPwlessError(error, signal);
    }
  }

  /** Navigates to the provider's sign-in page (redirect mode). */
  async signInWithRedirect(options: { loginHint?: string } & CallOptions = {}): Promise<void> {
    const url = await this.authorizationUrl(options);
    location.assign(url);
  }

  /** The URL `signInWithRedirect` navigates to, for apps that open it themselves (a popup, a native view). */
  async authorizationUrl(options: { loginHint?: string } & CallOptions = {}): Promise<URL> {
    const { signal } = options;
    try {
      const redirect = await import('./redirect.js');
      return await redirect.authorizationUrl(await this.#redirectContext(signal), options.loginHint);
    } catch (error) {
      throw toPwlessError(error, signal);
    }
  }

  /** Finishes a redirect sign-in on the page the provider sent the browser back to. */
  async handleRedirectCallback(url: string | URL = location.href, options: CallOptions = {}): Promise<Session> {
    const { signal } = options;
    try {
      const redirect = await import('./redirect.js');
      const { tokens, dpopKeys } = await redirect.completeRedirect(await this.#redirectContext(signal), new URL(url), signal);
      return await this.#keeper.establish(tokens, dpopKeys);
    } catch (error) {
      throw toPwlessError(error, signal);
    }
  }

  /** A valid access token, renewed first when it is about to expire (once for all tabs). */
  async getAccessToken(options: CallOptions & { forceRefresh?: boolean } = {}): Promise<string> {
    try {
      return await this.#keeper.accessToken(options.signal, options.forceRefresh);
    } catch (error) {
      throw toPwlessError(error, options.signal);
    }
  }

  /** `fetch` that adds `Authorization` (and a DPoP proof), renewing the token once on a 401. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    return this.#keeper.fetch(input, init);
  }

  /** Forgets the sign-in in progress, e.g. when the user wants to use another address. */
  cancel(): void {
    if (this.#pending) void deleteTransaction(this.#pending.state);
    this.#pending = undefined;
  }

  /** Ends the session in every tab, forgets its keys, and revokes the refresh token. */
  async signOut(options: CallOptions = {}): Promise<void> {
    this.cancel();
    await this.#keeper.signOut(options.signal);
  }

  /** Stops listening to other tabs. The client is unusable afterwards. */
  close(): void {
    this.#keeper.close();
  }

  async #requirePending(): Promise<Transaction> {
    const known = this.#pending ? await findTransaction(this.#pending.state) : undefined;
    const pending = known ?? (await listTransactions(this.#options.issuer.href, this.#options.clientId, 'native'))[0];
    if (!pending) {
      this.#pending = undefined;
      throw new PwlessError('no_pending_sign_in', 'call start() first');
    }
    this.#pending = pending;
    return pending;
  }

  /** One challenge request about the pending sign-in; an answer that ends the sign-in also ends the transaction. */
  async #challengeStep(pending: Transaction, parameters: Record<string, string>, signal: AbortSignal | undefined) {
    const endpoint = (await this.discover(signal))['authorization_challenge_endpoint'] as string;
    const { response, body } = await challengeRequest(this.#options.fetch, endpoint, {
      response_type: 'code',
      client_id: this.#options.clientId,
      auth_session: pending.authSession,
      ...parameters,
    }, signal, this.#transactionDpop(pending));
    try {
      return processChallengeResponse(response, body);
    } catch (error) {
      const pwlessError = toPwlessError(error);
      if (pwlessError.code === 'invalid_code' && pwlessError.attemptsRemaining !== undefined && pending.challenge) {
        pending.challenge = { ...pending.challenge, attemptsRemaining: pwlessError.attemptsRemaining };
        await saveTransaction(pending);
      }
      if (pwlessError.code === 'too_many_attempts' || pwlessError.code === 'session_expired') await this.#forget(pending);
      throw pwlessError;
    }
  }

  async #poll(pending: Transaction, signal: AbortSignal | undefined): Promise<Session> {
    let interval = defaultPollInterval;
    for (;;) {
      // Another tab may have finished this sign-in while this one rested.
      if (!(await findTransaction(pending.state))) {
        if (this.session) return this.session;
        throw new PwlessError('no_pending_sign_in', 'the sign-in ended in another tab');
      }
      const endpoint = (await this.discover(signal))['authorization_challenge_endpoint'] as string;
      const { response, body } = await challengeRequest(this.#options.fetch, endpoint, {
        response_type: 'code',
        client_id: this.#options.clientId,
        auth_session: pending.authSession,
      }, signal, this.#transactionDpop(pending));
      const json = body as { error?: unknown; interval?: unknown } | null;
      if (json?.error === 'authorization_pending' || json?.error === 'slow_down') {
        const told = typeof json.interval === 'number' && json.interval > 0 ? json.interval : undefined;
        // RFC 8628 §3.5: without a new interval, slow_down means five seconds more.
        interval = told ?? (json.error === 'slow_down' ? interval + 5 : interval);
        await pollPause(interval * 1000, this.#wakers, signal);
        continue;
      }
      const result = await this.#settlePoll(pending, response, body);
      if (result.kind === 'code') return this.#exchange(pending, result.authorizationCode, signal);
      throw new PwlessError('invalid_response', 'the provider sent a new challenge while waiting for the link');
    }
  }

  /** One poll from the landing page: finishes the sign-in when the link was approved, else leaves it. */
  async #pollOnce(transaction: Transaction, signal: AbortSignal | undefined): Promise<Session | undefined> {
    const endpoint = (await this.discover(signal))['authorization_challenge_endpoint'] as string;
    const { response, body } = await challengeRequest(this.#options.fetch, endpoint, {
      response_type: 'code',
      client_id: this.#options.clientId,
      auth_session: transaction.authSession,
    }, signal, this.#transactionDpop(transaction));
    if (typeof (body as { authorization_code?: unknown } | null)?.authorization_code !== 'string') return undefined;
    const result = await this.#settlePoll(transaction, response, body);
    return result.kind === 'code' ? this.#exchange(transaction, result.authorizationCode, signal) : undefined;
  }

  async #settlePoll(pending: Transaction, response: Response, body: unknown) {
    try {
      return processChallengeResponse(response, body);
    } catch (error) {
      const pwlessError = toPwlessError(error);
      if (pwlessError.code === 'session_expired' || pwlessError.code === 'access_denied') await this.#forget(pending);
      throw pwlessError;
    }
  }

  async #linkAction(url: string | URL, action: 'inspect' | 'approve', signal: AbortSignal | undefined): Promise<unknown> {
    const token = linkToken(url);
    const endpoint = (await this.discover(signal))['authorization_challenge_endpoint'];
    if (typeof endpoint !== 'string') throw new PwlessError('not_supported', 'the provider has no authorization_challenge_endpoint');
    const { response, body } = await challengeRequest(this.#options.fetch, endpoint, {
      response_type: 'code',
      client_id: this.#options.clientId,
      pwless_link: token,
      pwless_action: action,
    }, signal);
    if (!response.ok || (body as { error?: unknown } | null)?.error !== undefined) processChallengeResponse(response, body);
    return body;
  }

  async #forget(transaction: Transaction): Promise<void> {
    await deleteTransaction(transaction.state);
    if (this.#pending?.state === transaction.state) this.#pending = undefined;
  }

  /**
   * Trades the authorization code for tokens (RFC 6749 §4.1.3 with PKCE; no redirect_uri in the
   * profile) and checks the ID token's nonce. The transaction is spent first: a code is never replayed.
   */
  async #exchange(pending: Transaction, authorizationCode: string, signal: AbortSignal | undefined): Promise<Session> {
    const metadata = await this.discover(signal);
    await this.#forget(pending);
    const dpop = this.#transactionDpop(pending);
    const tokens = await withDpopNonce(async () => {
      const response = await oauth.genericTokenEndpointRequest(
        metadata,
        this.#client,
        oauth.None(),
        'authorization_code',
        { code: authorizationCode, code_verifier: pending.codeVerifier },
        { ...requestOptions(this.#options, signal), ...(dpop ? { DPoP: dpop } : {}) },
      );
      return oauth.processAuthorizationCodeResponse(metadata, this.#client, response, {
        expectedNonce: pending.nonce,
        requireIdToken: true,
      });
    });
    return this.#keeper.establish(tokens, pending.dpopKeys);
  }

  async #redirectContext(signal: AbortSignal | undefined) {
    return {
      options: this.#options,
      client: this.#client,
      metadata: await this.discover(signal),
      dpopHandle: (keys: CryptoKeyPair) => this.#keeper.dpopHandle(keys),
    };
  }

  async #redirectForever(hint: string, signal: AbortSignal | undefined): Promise<never> {
    await this.signInWithRedirect({ loginHint: hint, ...(signal ? { signal } : {}) });
    return new Promise<never>(() => undefined);
  }

  #transactionDpop(transaction: Transaction): oauth.DPoPHandle | undefined {
    return transaction.dpopKeys && this.#keeper.dpopHandle(transaction.dpopKeys);
  }

  #wake(): void {
    for (const wake of [...this.#wakers]) wake();
  }
}

/** Creates a client. Bad options throw a `TypeError` that names the option. */
export function createClient(options: ClientOptions): PwlessClient {
  return new PwlessClient(options);
}
