import * as oauth from 'oauth4webapi';
import { challengeRequest, processChallengeResponse } from './challenge.js';
import { PwlessError, toPwlessError } from './errors.js';
import { ChallengeEvent, SessionEvent, SignedOutEvent, type PwlessClientEventMap } from './events.js';
import { loginHint } from './identifier.js';
import { resolveOptions, isLoopback, type ClientOptions, type ResolvedOptions } from './options.js';
import type { Challenge, Identifier, Session, StartOptions } from './types.js';

/** A sign-in between `start` and `verify`: the secrets that never leave this browser. */
interface PendingSignIn {
  authSession: string;
  codeVerifier: string;
  nonce: string;
  challenge: Challenge;
}

const discoveryCache = new Map<string, Promise<oauth.AuthorizationServer>>();

export interface PwlessClient {
  addEventListener<K extends keyof PwlessClientEventMap>(type: K, listener: (event: PwlessClientEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof PwlessClientEventMap>(type: K, listener: (event: PwlessClientEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
}

/** A passwordless sign-in client for one issuer and one public client. Create it with `createClient`. */
export class PwlessClient extends EventTarget {
  readonly #options: ResolvedOptions;
  readonly #client: oauth.Client;
  #pending: PendingSignIn | undefined;
  #session: Session | undefined;

  constructor(options: ClientOptions) {
    super();
    this.#options = resolveOptions(options);
    this.#client = { client_id: this.#options.clientId };
  }

  /** The current session, or `undefined` when signed out. */
  get session(): Session | undefined {
    return this.#session;
  }

  /** The challenge of the sign-in in progress, if any. */
  get challenge(): Challenge | undefined {
    return this.#pending?.challenge;
  }

  /** Fetches (once per page) the provider's metadata. Call it early, e.g. while the user types. */
  async discover(signal?: AbortSignal): Promise<oauth.AuthorizationServer> {
    const key = this.#options.issuer.href;
    let metadata = discoveryCache.get(key);
    if (!metadata) {
      metadata = oauth
        .discoveryRequest(this.#options.issuer, { algorithm: 'oidc', ...this.#requestOptions(signal) })
        .then((response) => oauth.processDiscoveryResponse(this.#options.issuer, response));
      discoveryCache.set(key, metadata);
      metadata.catch(() => discoveryCache.delete(key));
    }
    try {
      return await metadata;
    } catch (error) {
      throw toPwlessError(error);
    }
  }

  /** Asks the provider to send a code (or a link) to the user. */
  async start(identifier: Identifier, options: StartOptions = {}): Promise<Challenge> {
    const hint = loginHint(identifier);
    try {
      const endpoint = await this.#challengeEndpoint(options.signal);
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const nonce = oauth.generateRandomNonce();
      const { response, body } = await challengeRequest(this.#options.fetch, endpoint, {
        response_type: 'code',
        client_id: this.#options.clientId,
        login_hint: hint,
        scope: this.#options.scope,
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        nonce,
        pwless_delivery: options.delivery ?? 'code',
        ui_locales: options.locale,
      }, options.signal);
      const result = processChallengeResponse(response, body);
      if (result.kind !== 'challenge') throw new PwlessError('invalid_response', 'the provider skipped the code step');
      this.#pending = { authSession: result.authSession, codeVerifier, nonce, challenge: result.challenge };
      return result.challenge;
    } catch (error) {
      throw toPwlessError(error);
    }
  }

  /** Sends the code the user typed; on success the user is signed in. */
  async verify(code: string, options: { signal?: AbortSignal } = {}): Promise<Session> {
    const pending = this.#requirePending();
    const otp = String(code).replace(/\s|-/g, '');
    try {
      const endpoint = await this.#challengeEndpoint(options.signal);
      const { response, body } = await challengeRequest(this.#options.fetch, endpoint, {
        response_type: 'code',
        client_id: this.#options.clientId,
        auth_session: pending.authSession,
        otp,
      }, options.signal);
      const result = this.#settle(pending, () => processChallengeResponse(response, body));
      if (result.kind !== 'code') throw new PwlessError('invalid_response', 'the provider asked for another code');
      return await this.#exchange(pending, result.authorizationCode, options.signal);
    } catch (error) {
      throw toPwlessError(error);
    }
  }

  /** Asks for a new code; every older code stops working. */
  async resend(options: { signal?: AbortSignal } = {}): Promise<Challenge> {
    const pending = this.#requirePending();
    try {
      const endpoint = await this.#challengeEndpoint(options.signal);
      const { response, body } = await challengeRequest(this.#options.fetch, endpoint, {
        response_type: 'code',
        client_id: this.#options.clientId,
        auth_session: pending.authSession,
        pwless_action: 'resend',
      }, options.signal);
      const result = this.#settle(pending, () => processChallengeResponse(response, body));
      if (result.kind !== 'challenge') throw new PwlessError('invalid_response', 'the provider did not send a new code');
      pending.authSession = result.authSession;
      pending.challenge = result.challenge;
      this.dispatchEvent(new ChallengeEvent(result.challenge));
      return result.challenge;
    } catch (error) {
      throw toPwlessError(error);
    }
  }

  /** Forgets the sign-in in progress, e.g. when the user wants to use another address. */
  cancel(): void {
    this.#pending = undefined;
  }

  /** Ends the session in this page. */
  async signOut(): Promise<void> {
    const hadSession = this.#session !== undefined;
    this.#session = undefined;
    this.#pending = undefined;
    if (hadSession) this.dispatchEvent(new SignedOutEvent());
  }

  #requirePending(): PendingSignIn {
    if (!this.#pending) throw new PwlessError('no_pending_sign_in', 'call start() first');
    return this.#pending;
  }

  /** Runs `process`; keeps the pending sign-in up to date with what an error answer says. */
  #settle<T>(pending: PendingSignIn, process: () => T): T {
    try {
      return process();
    } catch (error) {
      const pwlessError = toPwlessError(error);
      if (pwlessError.code === 'invalid_code' && pwlessError.attemptsRemaining !== undefined) {
        pending.challenge = { ...pending.challenge, attemptsRemaining: pwlessError.attemptsRemaining };
      }
      if (pwlessError.code === 'too_many_attempts' || pwlessError.code === 'session_expired') this.#pending = undefined;
      throw pwlessError;
    }
  }

  async #challengeEndpoint(signal: AbortSignal | undefined): Promise<string> {
    const metadata = await this.discover(signal);
    const endpoint = metadata['authorization_challenge_endpoint'];
    if (typeof endpoint !== 'string') {
      throw new PwlessError('invalid_response', 'the provider has no authorization_challenge_endpoint');
    }
    return endpoint;
  }

  /** Trades the authorization code for tokens (RFC 6749 §4.1.3 with PKCE; no redirect_uri in the profile). */
  async #exchange(pending: PendingSignIn, authorizationCode: string, signal: AbortSignal | undefined): Promise<Session> {
    const metadata = await this.discover(signal);
    this.#pending = undefined;
    const response = await oauth.genericTokenEndpointRequest(
      metadata,
      this.#client,
      oauth.None(),
      'authorization_code',
      { code: authorizationCode, code_verifier: pending.codeVerifier },
      this.#requestOptions(signal),
    );
    const tokens = await oauth.processAuthorizationCodeResponse(metadata, this.#client, response, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    const session: Session = {
      user: {
        sub: claims.sub,
        ...(typeof claims['email'] === 'string' ? { email: claims['email'] } : {}),
        ...(typeof claims['phone_number'] === 'string' ? { phone: claims['phone_number'] } : {}),
      },
      accessToken: tokens.access_token,
      tokenType: tokens.token_type,
      expiresAt: Date.now() + (tokens.expires_in ?? 0) * 1000,
      ...(tokens.scope ? { scope: tokens.scope } : {}),
      claims: Object.freeze({ ...claims }),
    };
    this.#session = session;
    this.dispatchEvent(new SessionEvent(session));
    return session;
  }

  #requestOptions(signal: AbortSignal | undefined) {
    return {
      [oauth.customFetch]: this.#options.fetch,
      [oauth.allowInsecureRequests]: isLoopback(this.#options.issuer),
      ...(signal ? { signal } : {}),
    };
  }
}

/** Creates a client. Bad options throw a `TypeError` that names the option. */
export function createClient(options: ClientOptions): PwlessClient {
  return new PwlessClient(options);
}
