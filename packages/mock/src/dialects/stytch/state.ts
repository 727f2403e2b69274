import type { Context } from '../../context.js';
import { base64url } from '../../crypto.js';
import { variantState } from '../variant.js';

/** A one-time passcode or a magic link token; the secret is stored hashed. */
export interface StytchSecret {
  id: string;
  userId: string;
  /** The email's `email_id`: the OTP's `method_id`. */
  methodId: string;
  secretHash: string;
  expiresAt: number;
  /** Wrong codes tried against this OTP. */
  failures: number;
  /** The magic link's PKCE `code_challenge` (S256), when it was sent with one. */
  codeChallenge?: string;
}

export interface StytchSession {
  id: string;
  userId: string;
  tokenHash: string;
  startedAt: number;
  lastAccessedAt: number;
  expiresAt: number;
  /** `otp` or `magic_link`, for `authentication_factors`. */
  factor: 'otp' | 'magic_link';
  methodId: string;
}

/** What the Stytch variant remembers besides the shared users and inbox. */
export interface StytchState {
  /** The email OTP of each `email_id` (only the latest counts). */
  otps: Record<string, StytchSecret>;
  /** Magic link tokens by their hash. */
  links: Record<string, StytchSecret>;
  sessions: Record<string, StytchSession>;
  /** `email_id` of each user's address, by user ID. */
  emailIds: Record<string, string>;
  /** Request times per limited key, for the per-minute limits. */
  requests: Record<string, number[]>;
  /** HS256 key of the session JWTs, base64url. */
  jwtKey: string;
}

export function stytchState(context: Context): StytchState {
  return variantState(context.state, 'stytch', () => ({
    otps: {},
    links: {},
    sessions: {},
    emailIds: {},
    requests: {},
    jwtKey: base64url(crypto.getRandomValues(new Uint8Array(32))),
  }));
}

/** The raw HS256 key of the session JWTs. */
export function jwtKey(state: StytchState): Uint8Array {
  return Uint8Array.from(atob(state.jwtKey.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
}

/** An ID in Stytch's test-environment form: `email-test-<uuid>`. */
export function testId(kind: string): string {
  return `${kind}-test-${crypto.randomUUID()}`;
}
