import type { Context } from '../../context.js';
import { base64url } from '../../crypto.js';
import { variantState } from '../variant.js';

/** An email OTP (code and link share it); only the token hash is kept, as GoTrue keeps it. */
export interface Otp {
  userId: string;
  email: string;
  /** `magiclink` for a known address, `signup` for one the request created (the link's `type`). */
  type: 'magiclink' | 'signup';
  /** Hex SHA-256 of the address and the code: the link carries it, a typed code is checked against it. */
  tokenHash: string;
  sentAt: number;
  expiresAt: number;
  /** The PKCE flow a link finishes, when the request carried a `code_challenge`. */
  flowId?: string;
}

/** A PKCE flow state: created by `POST /otp` with a challenge, given its auth code when the link is opened. */
export interface FlowState {
  id: string;
  userId: string;
  codeChallenge: string;
  method: 's256' | 'plain';
  createdAt: number;
  /** Hash of the auth code the link's redirect carries (`?code=`), once issued. */
  authCodeHash?: string;
  authCodeIssuedAt?: number;
}

export interface SupabaseSession {
  id: string;
  userId: string;
  createdAt: number;
}

/** One refresh token of a session's chain; stored hashed. */
export interface RefreshToken {
  hash: string;
  sessionId: string;
  revokedAt?: number;
  /** The hash of the token that replaced this one. */
  child?: string;
}

export interface SupabaseState {
  otps: Record<string, Otp>;
  flows: Record<string, FlowState>;
  sessions: Record<string, SupabaseSession>;
  refreshTokens: Record<string, RefreshToken>;
  /** Whose address is confirmed (a first verified code or link confirms it), by user id. */
  confirmedAt: Record<string, number>;
  lastSignInAt: Record<string, number>;
  /** `/verify` calls per address, for its rate limit. */
  verifies: Record<string, number[]>;
  /** What the dev endpoint reports: refresh tokens issued, rotated, and revoked ones presented again. */
  refreshCounts: { issued: number; rotated: number; reused: number };
  /** HS256 key of the access tokens (the project's JWT secret), base64url. */
  jwtSecret: string;
}

export function supabaseState(context: Context): SupabaseState {
  return variantState(context.state, 'supabase', () => ({
    otps: {},
    flows: {},
    sessions: {},
    refreshTokens: {},
    confirmedAt: {},
    lastSignInAt: {},
    verifies: {},
    refreshCounts: { issued: 0, rotated: 0, reused: 0 },
    jwtSecret: base64url(crypto.getRandomValues(new Uint8Array(32))),
  }));
}

export function jwtKey(state: SupabaseState): Uint8Array {
  return Uint8Array.from(atob(state.jwtSecret.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
}
