import * as oauth from 'oauth4webapi';
import { requestOptions } from './discovery.js';
import { withDpopNonce } from './dpop.js';
import { PwlessError, toPwlessError } from './errors.js';
import { ChallengeEvent, SessionEvent, SignedOutEvent } from './events.js';
import { withLock } from './lock.js';
import { isLoopback, type ResolvedOptions } from './options.js';
import { clearSession, readSession, writeSession, type StoredSession } from './session-store.js';
import { TabChannel, type TabMessage } from './tab-channel.js';
import { sessionFromTokens, type TimedSession } from './token-session.js';
import type { Session } from './types.js';

export interface KeeperContext {
  options: ResolvedOptions;
  /** `issuer|clientId`: names the stored session, the lock and the channel messages. */
  scope: string;
  client: oauth.Client;
  metadata(signal?: AbortSignal): Promise<oauth.AuthorizationServer>;
  emit(event: Event): void;
  /** Called when another tab says a link was approved. */
  wake(): void;
}

/** The longest a refresh may take; shorter than the lock timeout, so a stolen lock means a stuck tab. */
const refreshTimeout = 8_000;

/**
 * Holds the session of one client: memory by default, IndexedDB when persisted; renews the access
 * token once for all tabs, keeps tabs in step, and ends the session everywhere.
 */
export class SessionKeeper {
  readonly #context: KeeperContext;
  readonly #channel: TabChannel;
  #timed: TimedSession | undefined;
  /** Only with `persistence: 'memory'`; otherwise the stored record is the one truth for all tabs. */
  #refreshToken: string | undefined;
  #dpopKeys: CryptoKeyPair | undefined;
  #dpopHandle: oauth.DPoPHandle | undefined;
  #restored: Promise<void> | undefined;
  #refreshing: Promise<Session> | undefined;

  constructor(context: KeeperContext) {
    this.#context = context;
    this.#channel = new TabChannel(context.scope, (message) => this.#receive(message));
  }

  get session(): Session | undefined {
    return this.#timed?.session;
  }

  /** Loads a persisted session once; fires `session` when there is one. */
  restore(): Promise<void> {
    this.#restored ??= readSession(this.#context.scope, this.#context.options.persistence).then((stored) => {
      if (!stored || this.#timed) return;
      this.#adopt(stored);
      this.#context.emit(new SessionEvent(stored.session));
    });
    return this.#restored;
  }

  /** oauth4webapi's DPoP handle for `keys`; one per key pair, so the server's nonce is remembered. */
  dpopHandle(keys: CryptoKeyPair): oauth.DPoPHandle {
    if (!this.#dpopHandle || keys !== this.#dpopKeys) {
      this.#dpopKeys = keys;
      this.#dpopHandle = oauth.DPoP(this.#context.client, keys);
    }
    return this.#dpopHandle;
  }

  /** The DPoP handle of the session, when its tokens are bound to a key pair (this tab's or a stored one). */
  async #sessionDpop(stored?: StoredSession): Promise<{ handle: oauth.DPoPHandle; keys: CryptoKeyPair } | undefined> {
    const keys = stored?.dpopKeys ?? this.#dpopKeys ?? (await readSession(this.#context.scope, this.#context.options.persistence))?.dpopKeys;
    return keys ? { handle: this.dpopHandle(keys), keys } : undefined;
  }

  /** Starts a session from a token response of a finished sign-in, and tells the other tabs. */
  async establish(tokens: oauth.TokenEndpointResponse, dpopKeys: CryptoKeyPair | undefined): Promise<Session> {
    const timed = sessionFromTokens(tokens);
    this.#timed = timed;
    this.#dpopKeys = dpopKeys;
    this.#refreshToken = tokens.refresh_token;
    await writeSession(this.#context.scope, this.#context.options.persistence, {
      ...timed,
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
      ...(dpopKeys ? { dpopKeys } : {}),
    });
    this.#channel.post({ type: 'signedin', timed });
    this.#context.emit(new SessionEvent(timed.session));
    return timed.session;
  }

  /** A fresh access token, renewed first when it is about to expire. */
  async accessToken(signal?: AbortSignal, forceRefresh = false): Promise<string> {
    await this.restore();
    const timed = this.#timed;
    if (!timed) throw new PwlessError('session_expired', 'nobody is signed in');
    if (!forceRefresh && Date.now() < timed.refreshAt) return timed.session.accessToken;
    return (await this.refresh(signal, timed.session.accessToken)).accessToken;
  }

  /**
   * Renews the access token, once per page and once across tabs: under a Web Lock, a tab first
   * looks whether another tab already renewed (then it takes that result) and only otherwise spends
   * the refresh token. A rotated refresh token is thus never used twice.
   */
  refresh(signal: AbortSignal | undefined, staleToken: string): Promise<Session> {
    this.#refreshing ??= withLock(`pwless-refresh:${this.#context.scope}`, () => this.#refreshHoldingLock(staleToken), signal)
      .catch((error: unknown) => {
        throw toPwlessError(error, signal);
      })
      .finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refreshHoldingLock(staleToken: string): Promise<Session> {
    const { options, scope } = this.#context;
    const stored = await readSession(scope, options.persistence);
    const latest = stored ?? (this.#timed && this.#refreshToken ? { ...this.#timed, refreshToken: this.#refreshToken } : undefined);
    if (!latest && !this.#timed) throw new PwlessError('session_expired', 'nobody is signed in');
    if (latest && latest.session.accessToken !== staleToken && Date.now() < latest.refreshAt) {
      this.#adopt(latest);
      return latest.session;
    }
    const refreshToken = latest?.refreshToken;
    if (!refreshToken) throw new PwlessError('session_expired', 'the session cannot be renewed here');
    const metadata = await this.#context.metadata();
    const dpop = await this.#sessionDpop(stored);
    const timeout = AbortSignal.timeout(refreshTimeout);
    let tokens: oauth.TokenEndpointResponse;
    try {
      tokens = await withDpopNonce(async () => {
        const response = await oauth.refreshTokenGrantRequest(metadata, this.#context.client, oauth.None(), refreshToken, {
          ...requestOptions(options, timeout),
          ...(dpop ? { DPoP: dpop.handle } : {}),
        });
        return oauth.processRefreshTokenResponse(metadata, this.#context.client, response);
      });
    } catch (error) {
      await this.#refreshFailed(error);
      throw error;
    }
    const timed = sessionFromTokens(tokens, latest?.session);
    const nextRefreshToken = tokens.refresh_token ?? refreshToken;
    const next: StoredSession = { ...timed, refreshToken: nextRefreshToken, ...(dpop ? { dpopKeys: dpop.keys } : {}) };
    // Written before the lock is released: the next tab in line must see the rotated token.
    await writeSession(scope, options.persistence, next);
    this.#refreshToken = nextRefreshToken;
    this.#adopt(next);
    this.#channel.post({ type: 'refreshed', timed });
    this.#context.emit(new SessionEvent(timed.session));
    return timed.session;
  }

  /** A refresh the server refused: `insufficient_authorization` asks for a new sign-in, `invalid_grant` ends the session. */
  async #refreshFailed(error: unknown): Promise<void> {
    if (!(error instanceof oauth.ResponseBodyError)) return;
    if (error.error === 'insufficient_authorization') this.#context.emit(new ChallengeEvent(undefined));
    if (error.error === 'invalid_grant') await this.#end(true);
  }

  /** `fetch` with the access token (and a DPoP proof); retries once for a DPoP nonce and once after a renewal on 401. */
  async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const signal = init?.signal ?? undefined;
    const body = request.body ? await request.arrayBuffer() : null;
    const url = new URL(request.url);
    const send = async (accessToken: string) => {
      const dpop = this.#timed?.session.tokenType.toLowerCase() === 'dpop' ? await this.#sessionDpop() : undefined;
      return oauth.protectedResourceRequest(accessToken, request.method, url, new Headers(request.headers), body, {
        [oauth.customFetch]: this.#context.options.fetch as (url: string, init: oauth.CustomFetchOptions<string, oauth.ProtectedResourceRequestBody>) => Promise<Response>,
        [oauth.allowInsecureRequests]: isLoopback(url),
        ...(signal ? { signal } : {}),
        ...(dpop ? { DPoP: dpop.handle } : {}),
      });
    };
    const sendWithNonce = (accessToken: string) => withDpopNonce(() => send(accessToken));
    try {
      const token = await this.accessToken(signal);
      const response = await answerOf(() => sendWithNonce(token));
      if (response.status !== 401) return response;
      const renewed = await this.refresh(signal, token);
      return await answerOf(() => sendWithNonce(renewed.accessToken));
    } catch (error) {
      throw toPwlessError(error, signal);
    }
  }

  /** Ends the session in every tab, then asks the provider to revoke the refresh token (RFC 7009). */
  async signOut(signal?: AbortSignal): Promise<void> {
    const stored = await readSession(this.#context.scope, this.#context.options.persistence);
    const refreshToken = stored?.refreshToken ?? this.#refreshToken;
    await this.#end(true);
    if (!refreshToken) return;
    try {
      const metadata = await this.#context.metadata(signal);
      if (!metadata.revocation_endpoint) return;
      const response = await oauth.revocationRequest(metadata, this.#context.client, oauth.None(), refreshToken, {
        ...requestOptions(this.#context.options, signal),
        additionalParameters: { token_type_hint: 'refresh_token' },
      });
      await oauth.processRevocationResponse(response);
    } catch (error) {
      // The session is already over here; a provider that cannot be reached only keeps a token nobody holds.
      if (signal?.aborted) throw toPwlessError(error, signal);
    }
  }

  /** Tells the other tabs of this client something that is not about the session itself. */
  post(message: TabMessage): void {
    this.#channel.post(message);
  }

  close(): void {
    this.#channel.close();
  }

  async #end(tellOthers: boolean): Promise<void> {
    const hadSession = this.#timed !== undefined;
    this.#timed = undefined;
    this.#refreshToken = undefined;
    this.#dpopKeys = undefined;
    this.#dpopHandle = undefined;
    if (tellOthers) {
      await clearSession(this.#context.scope);
      this.#channel.post({ type: 'signedout' });
    }
    if (hadSession) this.#context.emit(new SignedOutEvent());
  }

  #adopt(timed: TimedSession & { dpopKeys?: CryptoKeyPair }): void {
    this.#timed = { session: timed.session, refreshAt: timed.refreshAt };
    if (timed.dpopKeys) this.dpopHandle(timed.dpopKeys);
  }

  #receive(message: TabMessage): void {
    if (message.type === 'wake') this.#context.wake();
    else if (message.type === 'signedout') void this.#end(false);
    else {
      this.#adopt(message.timed);
      this.#context.emit(new SessionEvent(message.timed.session));
    }
  }
}

/** The response of a resource request, also when oauth4webapi turned a 401 challenge into an error. */
async function answerOf(send: () => Promise<Response>): Promise<Response> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof oauth.WWWAuthenticateChallengeError) return error.response;
    throw error;
  }
}
