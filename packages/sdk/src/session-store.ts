import type { Persistence } from './options.js';
import { keyValueStore } from './storage.js';
import type { TimedSession } from './types.js';

/** What a persisted session keeps: the refresh token stays here and in no event or message. */
export interface StoredSession extends TimedSession {
  refreshToken?: string;
  /** The session also lives at the backend (a vendor's cookie session): signing out ends it there. */
  remote?: true;
  /** Appwrite's `X-Fallback-Cookies`: its session where third-party cookies are blocked. */
  fallbackCookies?: string;
  dpopKeys?: CryptoKeyPair;
  /** For `persistence: 'session'`: the browser session the record belongs to. */
  browserSession?: string;
}

const store = keyValueStore('sessions');
const cookieName = 'pwless_browser_session';

/**
 * An id that lives exactly as long as the browser session: a session cookie (no expiry) holding
 * only a random id, never a token. IndexedDB has no session lifetime of its own.
 */
function browserSession(create: boolean): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const existing = document.cookie.split('; ').find((entry) => entry.startsWith(`${cookieName}=`));
  if (existing) return existing.slice(cookieName.length + 1);
  if (!create) return undefined;
  const id = crypto.randomUUID();
  document.cookie = `${cookieName}=${id}; path=/; SameSite=Strict${location.protocol === 'https:' ? '; Secure' : ''}`;
  return id;
}

// `memory` sessions never reach this store: the holder keeps them itself.

/** Reads the persisted session of `scope`; a `session` record from an earlier browser session is dropped. */
export async function readSession(scope: string): Promise<StoredSession | undefined> {
  const stored = await store.get<StoredSession>(scope);
  if (stored?.browserSession !== undefined && stored.browserSession !== browserSession(false)) {
    await store.delete(scope);
    return undefined;
  }
  return stored;
}

export async function writeSession(scope: string, persistence: Exclude<Persistence, 'memory'>, stored: StoredSession): Promise<void> {
  const id = persistence === 'session' ? browserSession(true) : undefined;
  await store.set(scope, id === undefined ? stored : { ...stored, browserSession: id });
}

export async function clearSession(scope: string): Promise<void> {
  await store.delete(scope);
}
