import type { MockState, SigningKey } from '../../state.js';
import { variantState } from '../variant.js';

/**
 * A cross-origin login ticket (`POST /co/authenticate`): proof that a code was right, redeemed
 * once at `/authorize`. Stored by its hash, like every other secret.
 */
export interface LoginTicket {
  hash: string;
  clientId: string;
  sub: string;
  /** The page that asked for it, when the request named one; `/authorize` then answers a `web_message` only to this origin. */
  origin?: string;
  amr: string[];
  authTime: number;
  expiresAt: number;
}

/** What the Auth0 variant remembers beyond the users, codes, tokens and inbox it shares with the mock. */
export interface Auth0State {
  loginTickets: Record<string, LoginTicket>;
  /** Request times (ms) per limited endpoint and client address, for Auth0's per-IP limits. */
  requestsByAddress: Record<string, number[]>;
  /** The tenant's RS256 key (the pwless provider's key is ES256, and a store may be shared). */
  signingKey?: SigningKey;
}

export function auth0State(state: MockState): Auth0State {
  return variantState<Auth0State>(state, 'auth0', () => ({ loginTickets: {}, requestsByAddress: {} }));
}
