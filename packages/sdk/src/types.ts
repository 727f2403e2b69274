import type { Delivery } from './options.js';

export type Channel = 'email' | 'sms';

/** Who is signing in: an email address or an E.164 phone number. */
export type Identifier = { email: string; phone?: never } | { phone: string; email?: never };

/** What the server said about the code it sent; enough for a UI to show timers and attempts. */
export interface Challenge {
  channel: Channel;
  delivery: Delivery;
  /** The masked address the code went to, e.g. `p•••@example.com`. */
  to: string;
  codeLength: number;
  /** When the code stops working (milliseconds since the epoch). */
  expiresAt: number;
  /** When a new code may be asked for (milliseconds since the epoch). */
  resendAt: number;
  attemptsRemaining: number;
  /** The security phrase the message carries too, when the server uses one. */
  phrase?: string;
}

/** A signed-in session. It never holds the refresh token. */
export interface Session {
  user: { sub: string; email?: string; phone?: string };
  accessToken: string;
  tokenType: string;
  /** When the access token expires (milliseconds since the epoch). */
  expiresAt: number;
  scope?: string;
  /** The validated ID token claims. */
  claims: Readonly<Record<string, unknown>>;
}

export interface StartOptions {
  delivery?: Delivery;
  /** The user's language (BCP 47), sent as `ui_locales` so messages arrive in it. */
  locale?: string;
  signal?: AbortSignal;
}

/** A session, and when to renew its access token. Internal: shared by the tabs, never exported. */
export interface TimedSession {
  session: Session;
  /** Milliseconds since the epoch: a little before the access token expires. */
  refreshAt: number;
}

/** A passkey of the signed-in user, as the provider keeps it. */
export interface Passkey {
  /** The credential ID (base64url). */
  id: string;
  /** A name for people: the authenticator's, or the browser and system it was made on ("Chrome on Linux"). */
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Whether the passkey is synced (backed up) by its provider, e.g. a password manager. */
  backedUp: boolean;
}

/** What `passkeySupport()` finds: the backend, this browser, and the browser's autofill (conditional UI). */
export interface PasskeySupport {
  server: boolean;
  browser: boolean;
  conditional: boolean;
}

export interface PasskeySignInOptions {
  /** Waits for the person to pick a passkey in the browser's autofill of a field with `autocomplete="… webauthn"`. */
  conditional?: boolean;
  signal?: AbortSignal;
}
