import type { MockClient, MockConfig } from './config.js';
import type { MockState } from './state.js';

/** What an endpoint sees of one request. */
export interface Context {
  state: MockState;
  issuer: string;
  clients: readonly MockClient[];
  /** The policies the provider was created with: what `POST /_mock/reset` returns to. */
  defaults: MockConfig;
  /** The mock's clock in milliseconds, with the configured offset. */
  now: number;
  /** Announces changes (a new message, an approved link) to other tabs and panels. */
  notify(event: MockEvent): void;
}

/** Heard by every page of the origin: never a secret (no auth_session, code or link token). */
export type MockEvent = { type: 'inbox' } | { type: 'approved' };

export function seconds(milliseconds: number): number {
  return Math.floor(milliseconds / 1000);
}
