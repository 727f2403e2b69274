import type { MockConfig } from './config.js';
import { seededUsers } from './users.js';

export type Channel = 'email' | 'sms';
export type Delivery = 'code' | 'link';
/** How a sign-in in progress is proven: a delivered code or link, or a passkey. */
export type SignInMethod = Delivery | 'passkey';

/** A sign-in in progress, named by its `auth_session`. */
export interface AuthSession {
  /** The SHA-256 of the `auth_session` the client holds; the `auth_session` itself is never stored. */
  id: string;
  clientId: string;
  identifier: string;
  channel: Channel;
  delivery: SignInMethod;
  scope: string;
  codeChallenge: string;
  nonce: string;
  locale: string;
  phrase?: string;
  /** SHA-256 of the latest code; older codes are forgotten, so they no longer count. */
  otpHash?: string;
  otpExpiresAt: number;
  attemptsRemaining: number;
  lastSentAt: number;
  expiresAt: number;
  /** JWK thumbprint of the DPoP key that started the sign-in; later calls must prove the same key. */
  jkt?: string;
  /** When the sign-in was started, and from which browser: what a link's landing page shows. */
  requestedAt: number;
  userAgent: string;
  /** The registered landing page of a link sign-in. */
  linkUri?: string;
  /** The latest unspent magic link; older links are forgotten, so they no longer count. */
  link?: PendingLink;
  /** When the magic link was approved; the next poll gets the authorization code. */
  approvedAt?: number;
  /** Seconds a waiting client must leave between polls (grows with each `slow_down`). */
  pollInterval: number;
  lastPolledAt?: number;
  /** Host of the page that started the sign-in, for the origin-bound line of an SMS (WebOTP). */
  originHost?: string;
  /** A passkey sign-in: the WebAuthn challenge handed out with this `auth_session`, and the RP ID it is for. */
  passkey?: { challenge: string; rpId: string };
  /** Set once a passkey proved who signs in: the account, and how (`amr`) for the ID token. */
  sub?: string;
  amr?: string[];
}

/**
 * A magic link token is `<selector>.<verifier>`: the selector finds the session, the verifier is
 * only stored as a salted hash and compared in constant time.
 */
export interface PendingLink {
  selector: string;
  verifierHash: string;
  expiresAt: number;
}

/** An authorization code handed out by the challenge endpoint, stored by its hash. */
export interface AuthorizationCode {
  hash: string;
  clientId: string;
  sub: string;
  nonce: string;
  scope: string;
  codeChallenge: string;
  authTime: number;
  amr: string[];
  expiresAt: number;
  used: boolean;
  /** DPoP key thumbprint the code is bound to: the token request must prove this key. */
  jkt?: string;
  /** Set for codes of the hosted authorization page: the token request must repeat it. */
  redirectUri?: string;
  /** The token family the code was exchanged for; a second exchange revokes it (RFC 6749 §4.1.2). */
  familyId?: string;
}

/** An access token, stored by its hash. */
export interface AccessTokenRecord {
  hash: string;
  familyId: string;
  clientId: string;
  sub: string;
  scope: string;
  expiresAt: number;
  jkt?: string;
}

/** A refresh token, stored by its hash; `rotatedAt` is set once it was exchanged for a new one. */
export interface RefreshTokenRecord extends AccessTokenRecord {
  rotatedAt?: number;
}

/** Every token descended from one authorization code. Reuse of a rotated refresh token kills it all. */
export interface TokenFamily {
  id: string;
  clientId: string;
  sub: string;
  authTime: number;
  amr: string[];
  nonce: string;
  createdAt: number;
  expiresAt: number;
  revoked: boolean;
  jkt?: string;
}

/** A sign-in started on the hosted authorization page, by the SHA-256 of its `auth_session`. */
export interface PageRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  responseMode: 'query';
  expiresAt: number;
  jkt?: string;
  /** The request's own parameters and the address as typed, for "Use a different email or phone". */
  parameters: Record<string, string>;
  loginHint: string;
}

export interface User {
  sub: string;
  email?: string;
  phone?: string;
  createdAt: number;
  /** The opaque WebAuthn user handle (base64url of 32 random bytes), made at the first passkey registration. */
  passkeyUserId?: string;
}

/** A registered passkey (WebAuthn credential), by its credential id (base64url). */
export interface StoredPasskey {
  id: string;
  sub: string;
  rpId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The signature counter last seen; 0 for authenticators that keep none. */
  counter: number;
  transports?: string[];
  name: string;
  aaguid: string;
  backedUp: boolean;
  /** Milliseconds since the epoch. */
  createdAt: number;
  lastUsedAt: number | null;
}

/** A passkey registration in progress, by the SHA-256 of its `registration_session`. */
export interface PasskeyRegistration {
  id: string;
  sub: string;
  clientId: string;
  challenge: string;
  rpId: string;
  expiresAt: number;
}

/** A message the provider "sent": what the dev inbox shows. */
export interface InboxMessage {
  id: string;
  to: string;
  channel: Channel;
  locale: string;
  subject: string;
  text: string;
  html: string;
  code?: string;
  link?: string;
  phrase?: string;
  sentAt: number;
}

export interface SigningKey {
  kid: string;
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
}

/** Everything the provider remembers. Kept as one plain object so any store can hold it. */
export interface MockState {
  config: MockConfig;
  signingKey?: SigningKey;
  sessions: Record<string, AuthSession>;
  codes: Record<string, AuthorizationCode>;
  users: Record<string, User>;
  inbox: InboxMessage[];
  /** Send times per address, for the hourly cap. */
  sends: Record<string, number[]>;
  accessTokens: Record<string, AccessTokenRecord>;
  refreshTokens: Record<string, RefreshTokenRecord>;
  families: Record<string, TokenFamily>;
  /** DPoP proof ids seen recently (by hash), with the time they stop mattering. */
  dpopJtis: Record<string, number>;
  /** The DPoP nonce in force and the one before it (both accepted), when nonces are required. */
  dpopNonce?: { current: string; previous?: string; issuedAt: number };
  pageRequests: Record<string, PageRequest>;
  /** Registered passkeys by credential id (absent in state saved by older versions). */
  passkeys?: Record<string, StoredPasskey>;
  /** Passkey registrations in progress. */
  passkeyRegistrations?: Record<string, PasskeyRegistration>;
  /** What a vendor variant (`dialect`) remembers beyond users and inbox, by dialect name; each variant owns its entry. */
  variants?: Record<string, unknown>;
}

/**
 * Where the provider's state lives. `transact` runs one request's work on the state with no other
 * request in between, so concurrent requests (or tabs) never interleave their changes.
 */
export interface MockStore {
  transact<T>(work: (state: MockState) => T | Promise<T>): Promise<T>;
}

export function emptyState(config: MockConfig): MockState {
  return {
    config,
    sessions: {},
    codes: {},
    users: seededUsers(),
    inbox: [],
    sends: {},
    accessTokens: {},
    refreshTokens: {},
    families: {},
    dpopJtis: {},
    pageRequests: {},
    passkeys: {},
    passkeyRegistrations: {},
  };
}

/** A store in memory: one per process or page. */
export function memoryStore(initial: MockState): MockStore {
  let state = initial;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    transact(work) {
      const run = queue.then(async () => {
        const draft = structuredClone(state);
        const result = await work(draft);
        state = draft;
        return result;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
