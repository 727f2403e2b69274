import type { AuthorizationServer } from 'oauth4webapi';
import type { LinkInfo } from './link.js';
import type { Delivery } from './options.js';
import type { RedirectHints } from './redirect.js';
import type { StoredSession } from './session-store.js';
import type { Challenge, Channel, Session, StartOptions } from './types.js';

/** The backends the client speaks to: the pwless profile, and vendors whose passwordless API is not OAuth-shaped. */
export const dialects = ['pwless', 'auth0', 'kratos', 'appwrite', 'supabase', 'stytch', 'firebase'] as const;

export type DialectName = (typeof dialects)[number];

/** What a backend can do, so a UI offers only that. */
export interface Capabilities {
  deliveries: readonly Delivery[];
  channels: readonly Channel[];
  /** Whether the sign-in can go to the backend's own page (`signInWithRedirect`). */
  redirect: boolean;
}

// Methods, not function properties: each implementation takes its own dialect class as `dialect`.
/** Magic links: the waiting tab, and the landing page a link opens. */
export interface LinkFlow {
  waitForApproval(dialect: Dialect, signal: AbortSignal | undefined): Promise<Session>;
  inspectLink(dialect: Dialect, url: string | URL, signal: AbortSignal | undefined): Promise<LinkInfo>;
  /** `loginHint`: the address typed on the landing page, for a backend that checks it against the link (Firebase, on another device). */
  approveLink(dialect: Dialect, url: string | URL, signal: AbortSignal | undefined, loginHint?: string): Promise<Session | undefined>;
}

/** Sign-in on the backend's own page. */
export interface RedirectFlow {
  authorizationUrl(dialect: Dialect, hints: RedirectHints, signal: AbortSignal | undefined): Promise<URL>;
  handleRedirectCallback(dialect: Dialect, url: URL, signal: AbortSignal | undefined): Promise<Session>;
}

/**
 * One backend's protocol, behind the public client. Each implementation is its own lazy chunk; the
 * client loads the one `dialect` names on the first call that talks to the backend. Every method
 * rejects with a `PwlessError` (or anything `toPwlessError` turns into one).
 */
export interface Dialect {
  /** The challenge of the sign-in in progress in this page. */
  readonly challenge: Challenge | undefined;
  /** Fetches what the backend needs before a sign-in (metadata, a flow), so Continue costs less. */
  discover(signal?: AbortSignal): Promise<AuthorizationServer>;
  start(loginHint: string, options: StartOptions): Promise<Challenge>;
  verify(code: string, signal: AbortSignal | undefined): Promise<Session>;
  resend(signal: AbortSignal | undefined): Promise<Challenge>;
  /** The newest sign-in of this browser still in progress; rejects `no_pending_sign_in` when there is none. */
  requirePending(): Promise<{ challenge?: Challenge | undefined }>;
  /** Magic links, loaded when used. */
  linkFlow(): Promise<LinkFlow>;
  /** The backend's own sign-in page, loaded when used. */
  redirectFlow(): Promise<RedirectFlow>;
  /** Renews the session whose access token was `staleToken` (once for all tabs). */
  refresh(staleToken: string, signal: AbortSignal | undefined): Promise<Session>;
  /** `fetch` with the session's credentials, renewing once on a 401. */
  fetch(accessToken: (signal: AbortSignal | undefined) => Promise<string>, input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Ends the session at the backend (this browser has already forgotten it): revokes the refresh token, or ends the vendor's session. */
  revoke(refreshToken: string | undefined, signal: AbortSignal | undefined, stored: StoredSession): Promise<void>;
  /** Forgets the sign-in in progress. */
  cancel(): void;
  /** Another tab approved a link: waiting polls look now. */
  wake(): void;
}
