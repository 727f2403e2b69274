import * as oauth from 'oauth4webapi';
import { abortable } from './abortable.js';
import { challengeRequest, processChallengeResponse, type ChallengeResult } from './challenge.js';
import { discover, requestOptions } from './discovery.js';
import { createDpopKeys, withDpopNonce } from './dpop.js';
import { networkFailures, PwlessError, toPwlessError } from './errors.js';
import { ChallengeEvent } from './events.js';
import type { ResolvedOptions } from './options.js';
import type { SessionHolder } from './session-holder.js';
import type { Dialect } from './dialect.js';
import { retryingFetch } from './retry.js';
import { establish } from './token-session.js';
import { deleteTransaction, findTransaction, listTransactions, saveTransaction, transactionLifetime, type Transaction } from './transactions.js';
import type { Challenge, Session, StartOptions } from './types.js';

/** The result a step expects (a new challenge, or the authorization code); any other is the provider's mistake. */
function expectKind<K extends ChallengeResult['kind']>(result: ChallengeResult, kind: K): Extract<ChallengeResult, { kind: K }> {
  if (result.kind !== kind) throw new PwlessError('invalid_response', `expected a ${kind} answer, got a ${result.kind}`);
  return result as Extract<ChallengeResult, { kind: K }>;
}

/**
 * The protocol half of the client: every step that talks to the provider. The entry loads it on
 * the first such call (or on `discover()`), so pages that only read the session stay small.
 */
export class Engine implements Dialect {
  readonly options: ResolvedOptions;
  readonly client: oauth.Client;
  readonly holder: SessionHolder;
  readonly emit: (event: Event) => void;
  /** Link polls resting until their next turn; another tab's approval ends the rest early. */
  readonly wakers = new Set<() => void>();
  #pending: Transaction | undefined;
  /** One DPoP handle per key pair, so each remembers the server's nonce. */
  readonly #dpopHandles = new WeakMap<CryptoKeyPair, oauth.DPoPHandle>();
  /** The handle of the current session's key pair, and which session it belongs to (see session-renewal). */
  sessionProofs: { handle: oauth.DPoPHandle; generation: number } | undefined;
  #refreshing: Promise<Session> | undefined;

  constructor(options: ResolvedOptions, holder: SessionHolder, emit: (event: Event) => void) {
    this.options = options;
    this.client = { client_id: options.clientId };
    this.holder = holder;
    this.emit = emit;
  }

  get challenge(): Challenge | undefined {
    return this.#pending?.challenge;
  }

  discover(signal?: AbortSignal): Promise<oauth.AuthorizationServer> {
    return discover(this.options, signal);
  }

  /** oauth4webapi's DPoP handle for `keys`. */
  dpopHandle(keys: CryptoKeyPair): oauth.DPoPHandle {
    let handle = this.#dpopHandles.get(keys);
    if (!handle) {
      handle = oauth.DPoP(this.client, keys);
      this.#dpopHandles.set(keys, handle);
    }
    return handle;
  }

  async start(loginHint: string, options: StartOptions): Promise<Challenge> {
    const { signal } = options;
    const metadata = await this.discover(signal);
    const endpoint = metadata['authorization_challenge_endpoint'];
    const { mode } = this.options;
    if (mode === 'redirect' || (mode === 'auto' && typeof endpoint !== 'string')) return (await this.redirectFlow()).redirectForever(this, { loginHint, locale: options.locale }, signal);
    const delivery = options.delivery ?? 'code';
    const { response, body, transaction } = await this.begin({
      login_hint: loginHint,
      pwless_delivery: delivery,
      pwless_link_uri: delivery === 'link' ? this.options.linkUri ?? (await this.redirectFlow()).currentPage() : undefined,
      ui_locales: options.locale,
    }, signal);
    if ((body as { error?: unknown } | null)?.error === 'redirect_to_web' && mode === 'auto') return (await this.redirectFlow()).redirectForever(this, { loginHint, locale: options.locale }, signal);
    const result = expectKind(processChallengeResponse(response, body), 'challenge');
    transaction.authSession = result.authSession;
    transaction.challenge = result.challenge;
    await saveTransaction(transaction);
    this.#pending = transaction;
    return result.challenge;
  }

  /**
   * The start request of a sign-in on this page (a code, a link or a passkey): PKCE, nonce, the DPoP
   * key pair, and the transaction that holds them. The caller reads the answer.
   */
  async begin(parameters: Record<string, string | undefined>, signal: AbortSignal | undefined) {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const nonce = oauth.generateRandomNonce();
    const dpopKeys = this.options.dpop ? await createDpopKeys() : undefined;
    const answer = await this.challengePost({
      ...parameters,
      scope: this.options.scope,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      nonce,
    }, signal, dpopKeys);
    const transaction: Transaction = {
      state: oauth.generateRandomState(),
      flow: 'native',
      issuer: this.options.issuer.href,
      clientId: this.options.clientId,
      codeVerifier,
      nonce,
      expiresAt: Date.now() + transactionLifetime,
      ...(dpopKeys ? { dpopKeys } : {}),
    };
    return { ...answer, transaction };
  }

  async verify(code: string, signal: AbortSignal | undefined): Promise<Session> {
    const pending = await this.requirePending();
    const result = expectKind(await this.challengeCall(pending, { otp: code }, signal), 'code');
    return this.exchange(pending, result.authorizationCode, signal);
  }

  async resend(signal: AbortSignal | undefined): Promise<Challenge> {
    const pending = await this.requirePending();
    const result = expectKind(await this.challengeCall(pending, { pwless_action: 'resend' }, signal), 'challenge');
    pending.authSession = result.authSession;
    pending.challenge = result.challenge;
    pending.expiresAt = Date.now() + transactionLifetime;
    await saveTransaction(pending);
    this.emit(new ChallengeEvent(result.challenge));
    return result.challenge;
  }

  // The optional flows are imported here rather than by the entry, so they share this chunk's modules.
  redirectFlow() {
    return networkFailures(import('./redirect.js'));
  }

  linkFlow() {
    return networkFailures(import('./link-flow.js'));
  }

  /**
   * Renews the access token, once per page (and, under the lock, once across tabs). The renewal is
   * shared, so it never runs under one caller's signal: a caller that aborts only stops its own wait.
   */
  refresh(staleToken: string, signal: AbortSignal | undefined): Promise<Session> {
    signal?.throwIfAborted();
    this.#refreshing ??= this.#renewal()
      .then(({ refresh }) => refresh(this, staleToken))
      .finally(() => (this.#refreshing = undefined));
    return abortable(this.#refreshing, signal);
  }

  async fetch(accessToken: (signal: AbortSignal | undefined) => Promise<string>, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    return (await this.#renewal()).authorizedFetch(this, accessToken, input, init);
  }

  async revoke(refreshToken: string, signal: AbortSignal | undefined): Promise<void> {
    this.sessionProofs = undefined;
    return (await this.#renewal()).revoke(this, refreshToken, signal);
  }

  /** What only a signed-in page needs (refresh, authorized fetch, revocation): a sign-in never downloads it. */
  #renewal() {
    return networkFailures(import('./session-renewal.js'));
  }

  /** Picks up the sign-in in progress: this page's, else the newest of this browser (a reload, a new tab). */
  async requirePending(): Promise<Transaction> {
    const known = this.#pending ? await findTransaction(this.#pending.state) : undefined;
    // The same key material as this page's copy; keeping that object keeps its handle and nonce.
    if (known?.dpopKeys && this.#pending?.dpopKeys) known.dpopKeys = this.#pending.dpopKeys;
    const pending = known ?? (await listTransactions(this.options.issuer.href, this.options.clientId, 'native'))[0];
    this.#pending = pending;
    if (!pending) throw new PwlessError('no_pending_sign_in', 'call start() first');
    return pending;
  }

  /** One challenge request about a sign-in in progress (verify, resend, or a poll without parameters). */
  async challengeCall(pending: Transaction, parameters: Record<string, string>, signal: AbortSignal | undefined) {
    const { response, body } = await this.challengePost({ auth_session: pending.authSession!, ...parameters }, signal, pending.dpopKeys);
    return this.settle(pending, response, body);
  }

  /** A POST to the challenge endpoint; unset parameters are left out. With `dpopKeys`, it carries a DPoP proof. */
  async challengePost(parameters: Record<string, string | undefined>, signal: AbortSignal | undefined, dpopKeys?: CryptoKeyPair) {
    const endpoint = (await this.discover(signal))['authorization_challenge_endpoint'];
    if (typeof endpoint !== 'string') throw new PwlessError('not_supported', 'the provider has no authorization_challenge_endpoint');
    const dpop = dpopKeys && this.dpopHandle(dpopKeys);
    return challengeRequest(this.options.fetch, endpoint, { response_type: 'code', client_id: this.options.clientId, ...parameters }, signal, dpop);
  }

  /** Reads a challenge answer; an answer that ends the sign-in also ends its transaction. */
  async settle(pending: Transaction, response: Response, body: unknown): Promise<ChallengeResult> {
    try {
      return processChallengeResponse(response, body);
    } catch (error) {
      const pwlessError = toPwlessError(error);
      // FiPA §5.2: an error answer may renew the auth_session too; the next try must use it.
      const renewed = (body as { auth_session?: unknown } | null)?.auth_session;
      let changed = false;
      if (typeof renewed === 'string' && renewed !== pending.authSession) {
        pending.authSession = renewed;
        changed = true;
      }
      if (pwlessError.code === 'invalid_code' && pwlessError.attemptsRemaining !== undefined && pending.challenge) {
        pending.challenge = { ...pending.challenge, attemptsRemaining: pwlessError.attemptsRemaining };
        changed = true;
      }
      if (changed) await saveTransaction(pending);
      if (['too_many_attempts', 'session_expired', 'access_denied'].includes(pwlessError.code)) await this.forget(pending);
      throw pwlessError;
    }
  }

  async forget(transaction: Transaction): Promise<void> {
    await deleteTransaction(transaction.state);
    if (this.#pending?.state === transaction.state) this.#pending = undefined;
  }

  /**
   * Trades the authorization code for tokens (RFC 6749 §4.1.3 with PKCE; `redirect_uri` only in
   * redirect mode, the profile has none) and checks the ID token's nonce. The transaction is spent
   * first: a code is never replayed.
   */
  async exchange(pending: Transaction, authorizationCode: string, signal: AbortSignal | undefined): Promise<Session> {
    const metadata = await this.discover(signal);
    await this.forget(pending);
    const dpop = pending.dpopKeys && this.dpopHandle(pending.dpopKeys);
    const tokens = await withDpopNonce(async () => {
      const response = await oauth.genericTokenEndpointRequest(
        metadata,
        this.client,
        oauth.None(),
        'authorization_code',
        { code: authorizationCode, code_verifier: pending.codeVerifier, ...(pending.redirectUri ? { redirect_uri: pending.redirectUri } : {}) },
        // Tried again after a 5xx or a lost connection (see retryingFetch): the one-time code is spent by now.
        { ...requestOptions(this.options, signal, retryingFetch(this.options.fetch)), ...(dpop ? { DPoP: dpop } : {}) },
      );
      return oauth.processAuthorizationCodeResponse(metadata, this.client, response, {
        expectedNonce: pending.nonce,
        requireIdToken: true,
      });
    });
    const session = await establish(this.holder, tokens, pending.dpopKeys);
    // The exchange's handle already knows the server's nonce; the session keeps using it.
    if (dpop) this.sessionProofs = { handle: dpop, generation: this.holder.generation };
    return session;
  }

  cancel(): void {
    // Nobody awaits this; a transaction storage failed to delete only lives until it expires.
    if (this.#pending) deleteTransaction(this.#pending.state).catch(() => undefined);
    this.#pending = undefined;
  }

  wake(): void {
    for (const wake of [...this.wakers]) wake();
  }
}
