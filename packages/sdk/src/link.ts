import { PwlessError } from './errors.js';

/** What the landing page shows before the user approves a magic link. */
export interface LinkInfo {
  /** The masked address the sign-in was asked for. */
  to: string;
  /** The security phrase of the sign-in, to compare with the one on the waiting screen. */
  phrase?: string;
  /** When the sign-in was asked for (milliseconds since the epoch). */
  requestedAt?: number;
  /** The browser and system that asked for it, as the provider describes them. */
  userAgent?: string;
  /** The backend needs the address typed again: the link was opened where the sign-in was not asked for (Firebase on another device). */
  askIdentifier?: boolean;
}

/** The token of a magic link (`?pwless_link=`). */
export function linkToken(url: string | URL): string {
  const token = URL.canParse(String(url)) ? new URL(url).searchParams.get('pwless_link') : null;
  if (!token) throw new PwlessError('link_invalid', 'the URL carries no pwless_link');
  return token;
}

function toTime(value: unknown): number | undefined {
  if (typeof value === 'number') return value < 1e12 ? value * 1000 : value;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return undefined;
}

export function toLinkInfo(body: unknown): LinkInfo {
  const json = body as Record<string, unknown> | null;
  if (typeof json?.['to'] !== 'string') throw new PwlessError('invalid_response', 'the link details lack "to"');
  const requestedAt = toTime(json['requested_at']);
  return {
    to: json['to'],
    ...(typeof json['phrase'] === 'string' ? { phrase: json['phrase'] } : {}),
    ...(requestedAt !== undefined ? { requestedAt } : {}),
    ...(typeof json['user_agent'] === 'string' ? { userAgent: json['user_agent'] } : {}),
  };
}

/**
 * Waits `milliseconds` before the next poll; the wait stops while the page is hidden (nobody is
 * looking, and polling costs the provider), ends at once when the page comes back or another tab
 * says the link was approved, and rejects when `signal` aborts.
 */
export function pollPause(milliseconds: number, wakers: Set<() => void>, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hidden = () => typeof document !== 'undefined' && document.hidden;
    const cleanup = () => {
      clearTimeout(timer);
      wakers.delete(done);
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
      signal?.removeEventListener('abort', onAbort);
    };
    function done() {
      cleanup();
      resolve();
    }
    function onAbort() {
      cleanup();
      reject(signal!.reason);
    }
    function onVisibility() {
      if (hidden()) clearTimeout(timer);
      else done();
    }
    if (signal?.aborted) return reject(signal.reason);
    wakers.add(done);
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (!hidden()) timer = setTimeout(done, milliseconds);
  });
}
