import type { Context } from '../../context.js';
import { base64url } from '../../crypto.js';
import { variantState } from '../variant.js';

/** What the Appwrite variant remembers besides the shared users and inbox. */
export interface AppwriteState {
  /** Pending email OTP and magic URL tokens, by `$id`; the secret is stored hashed. */
  tokens: Record<string, { id: string; userId: string; type: 'email' | 'magic-url'; secretHash: string; createdAt: number; expiresAt: number }>;
  /** Sessions by `$id`; the secret the cookie carries is stored hashed. */
  sessions: Record<string, { id: string; userId: string; provider: 'email' | 'magic-url'; secretHash: string; createdAt: number; expiresAt: number }>;
  /** Request times per abuse key (Appwrite's `abuse-key` label), for the hourly limits. */
  abuse: Record<string, number[]>;
  /** HS256 key of the account JWTs, base64url. */
  jwtKey: string;
  /** Users' email verification, by user `$id` (a magic URL sign-in verifies the address). */
  verified: Record<string, boolean>;
}

export type Session = AppwriteState['sessions'][string];

/** An ID like `ID.unique()` makes: 20 hex digits. */
export function uniqueId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(10)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The raw HS256 key of the account JWTs. */
export function jwtKey(state: AppwriteState): Uint8Array {
  return Uint8Array.from(atob(state.jwtKey.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
}

/** The Appwrite part of the mock's state, made on first use. */
export function appwriteState(context: Context): AppwriteState {
  return variantState(context.state, 'appwrite', () => ({
    tokens: {},
    sessions: {},
    abuse: {},
    jwtKey: base64url(crypto.getRandomValues(new Uint8Array(32))),
    verified: {},
  }));
}
