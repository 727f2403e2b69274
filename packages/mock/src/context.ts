import type { MockClient, MockConfig } from './config.js';
import type { Answer } from './http.js';
import type { AuthSession, InboxMessage, MockState } from './state.js';

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
  /**
   * Ends a verified sign-in with an authorization code for the session's client. The mock issues
   * its own; `@pwless/provider` issues one of oidc-provider's, so its token endpoint redeems it.
   */
  issueCode(context: Context, session: AuthSession): Promise<Answer>;
  /**
   * Sends a composed message (the mock puts it in its inbox; the provider sends email or SMS).
   * A message that could not be sent throws, so the request fails instead of pretending it worked.
   */
  deliver(context: Context, message: InboxMessage): Promise<void>;
}

/** Heard by every page of the origin: never a secret (no auth_session, code or link token). */
export type MockEvent = { type: 'inbox' } | { type: 'approved' };

export function seconds(milliseconds: number): number {
  return Math.floor(milliseconds / 1000);
}
