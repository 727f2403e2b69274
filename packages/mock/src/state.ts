import type { MockConfig } from './config.js';

export type Channel = 'email' | 'sms';
export type Delivery = 'code' | 'link';

/** A sign-in in progress, named by its `auth_session`. */
export interface AuthSession {
  id: string;
  clientId: string;
  identifier: string;
  channel: Channel;
  delivery: Delivery;
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
}

export interface User {
  sub: string;
  email?: string;
  phone?: string;
  createdAt: number;
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
}

/**
 * Where the provider's state lives. `transact` runs one request's work on the state with no other
 * request in between, so concurrent requests (or tabs) never interleave their changes.
 */
export interface MockStore {
  transact<T>(work: (state: MockState) => T | Promise<T>): Promise<T>;
}

export function emptyState(config: MockConfig): MockState {
  return { config, sessions: {}, codes: {}, users: {}, inbox: [], sends: {} };
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
