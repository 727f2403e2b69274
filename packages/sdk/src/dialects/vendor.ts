import type { AuthorizationServer } from 'oauth4webapi';
import type { Dialect, LinkFlow, RedirectFlow } from '../dialect.js';
import { PwlessError } from '../errors.js';
import { ChallengeEvent } from '../events.js';
import type { LinkInfo } from '../link.js';
import { withLock } from '../lock.js';
import { isLoopback, type ResolvedOptions } from '../options.js';
import type { RedirectHints } from '../redirect.js';
import type { SessionHolder } from '../session-holder.js';
import type { StoredSession } from '../session-store.js';
import { keyValueStore } from '../storage.js';
import type { Transaction } from '../transactions.js';
import type { Challenge, Session, StartOptions, TimedSession } from '../types.js';

/**
 * The sign-ins in progress, in the profile's own table (the entry already has the store): importing
 * its transactions module would split it out of the profile's chunk, and the default sign-in would download one file more.
 */
const transactions = keyValueStore('transactions');
/** How long a sign-in in progress is kept after its last change. */
const transactionLifetime = 15 * 60 * 1000;

/** Renew a short vendor token this long before it expires. */
const renewalMargin = 30_000;

/** A vendor's answer: the response, and its JSON body (`undefined` when it has none). */
export interface Answer {
  response: Response;
  body: unknown;
}

/** Options of one request to a vendor's JSON API. */
export interface VendorRequest {
  method?: string;
  headers?: Record<string, string | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  signal?: AbortSignal | undefined;
}

/**
 * The masked form of an address, like the pwless profile's `to`: `a•••@example.com`, `+•••••••89`.
 * Vendors answer no masked address, and the full one need not be on screen again.
 */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at > 0) return `${address[0]}•••${address.slice(at)}`;
  return `${address.slice(0, 1)}${'•'.repeat(Math.max(address.length - 3, 1))}${address.slice(-2)}`;
}

/** Seconds until `Retry-After` (seconds or an HTTP date) or an epoch-seconds reset time, when either is there. */
export function secondsUntil(retryAfter: string | null, resetAt?: string | null): number | undefined {
  if (retryAfter) {
    const seconds = /^\d+$/.test(retryAfter) ? Number(retryAfter) : Math.ceil((Date.parse(retryAfter) - Date.now()) / 1000);
    if (Number.isFinite(seconds)) return Math.max(seconds, 1);
  }
  if (resetAt && /^\d+$/.test(resetAt)) return Math.max(Math.ceil(Number(resetAt) - Date.now() / 1000), 1);
  return undefined;
}

/** The claims of a JWT's payload, unchecked: only for showing who and until when (the backend checks it). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  try {
    const payload = jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The named fields of a JSON value that are strings; the others are left out. */
export function stringFields<Name extends string>(value: unknown, ...names: Name[]): Partial<Record<Name, string>> {
  const fields: Partial<Record<Name, string>> = {};
  if (typeof value !== 'object' || value === null) return fields;
  for (const name of names) {
    const field: unknown = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
    if (typeof field === 'string') fields[name] = field;
  }
  return fields;
}

/** A session the UI can show: who, and the credential `getAccessToken()` answers. */
export function timedSession(
  user: Session['user'],
  claims: Record<string, unknown>,
  accessToken: string,
  tokenType: string,
  expiresAt: number,
  now = Date.now(),
): TimedSession {
  const session: Session = { user, accessToken, tokenType, expiresAt, claims: Object.freeze({ ...claims }) };
  return { session, refreshAt: Math.max(now + (expiresAt - now) / 2, expiresAt - renewalMargin) };
}

/** Loads the module of a vendor dialect; this chunk (their shared base) is loaded first. */
export function load(dialect: string): Promise<{ Engine: new (...args: ConstructorParameters<typeof VendorDialect>) => Dialect }> {
  return dialect === 'appwrite' ? import('./appwrite.js') : dialect === 'stytch' ? import('./stytch.js') : dialect === 'firebase' ? import('./firebase.js') : dialect === 'kratos' ? import('./kratos.js') : dialect === 'supabase' ? import('./supabase.js') : import('./auth0.js');
}

/**
 * What every vendor dialect shares: JSON requests with the browser's cookies, the sign-in in
 * progress (kept like the profile's transactions, so a reload picks it up), sessions that also live
 * at the backend, renewal once for all tabs, and `fetch` with the vendor's token or cookie.
 */
export abstract class VendorDialect implements Dialect {
  readonly options: ResolvedOptions;
  readonly holder: SessionHolder;
  readonly emit: (event: Event) => void;
  readonly wakers = new Set<() => void>();
  pending: Transaction | undefined;
  /** Whether requests carry the browser's cookies (vendor sessions and CSRF tokens are cookies); a vendor without cookies omits them. */
  readonly credentials: RequestCredentials = 'include';
  #refreshing: Promise<Session> | undefined;

  constructor(options: ResolvedOptions, holder: SessionHolder, emit: (event: Event) => void) {
    this.options = options;
    this.holder = holder;
    this.emit = emit;
  }

  get challenge(): Challenge | undefined {
    return this.pending?.challenge;
  }

  abstract start(loginHint: string, options: StartOptions): Promise<Challenge>;
  abstract verify(code: string, signal: AbortSignal | undefined): Promise<Session>;
  abstract resend(signal: AbortSignal | undefined): Promise<Challenge>;
  /** A renewed session (a new short token) for the stored one; rejects `session_expired` when the backend ended it. */
  abstract renew(stored: StoredSession): Promise<StoredSession>;
  /** Ends the session at the backend. */
  abstract revoke(refreshToken: string | undefined, signal: AbortSignal | undefined, stored: StoredSession): Promise<void>;
  /** The vendor's error answer as a `PwlessError`. */
  abstract error(answer: Answer): PwlessError;

  /** Vendors publish no OpenID metadata; this answers the base URL, so `discover()` still warms the chunk. */
  async discover(): Promise<AuthorizationServer> {
    return { issuer: this.options.issuer.href };
  }

  /** A URL on the vendor's base URL (which may carry a path, like Appwrite's `/v1`). */
  url(path: string): URL {
    const base = this.options.issuer.href.replace(/\/?$/, '/');
    return new URL(path.replace(/^\//, ''), base);
  }

  /** Headers the vendor wants on every request. */
  headers(): Record<string, string | undefined> {
    return {};
  }

  /**
   * One JSON request to the vendor, with the browser's cookies (`credentials: 'include'`): vendor
   * sessions and CSRF tokens are cookies. An error status rejects with the vendor's error mapped.
   */
  async request(path: string | URL, { method = 'GET', headers = {}, json, signal }: VendorRequest = {}, accept: (answer: Answer) => boolean = ({ response }) => response.ok): Promise<Answer> {
    const url = path instanceof URL ? path : this.url(path);
    // Addresses, codes and session cookies: never over plain http to another host.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) throw new PwlessError('invalid_response', `not an https URL: ${String(path)}`);
    const sent = new Headers({ Accept: 'application/json' });
    for (const [name, value] of Object.entries({ ...this.headers(), ...headers })) if (value !== undefined) sent.set(name, value);
    if (json !== undefined) sent.set('Content-Type', 'application/json');
    const response = await this.options.fetch(url, {
      method,
      headers: sent,
      credentials: this.credentials,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      ...(signal ? { signal } : {}),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const answer = { response, body };
    if (!accept(answer)) throw this.error(answer);
    return answer;
  }

  /** Keeps the sign-in in progress where a reload (or the tab a link opens) finds it; a `resent` challenge fires `challenge`. */
  async remember(challenge: Challenge, authSession: string, vendor: Record<string, string>, resent: boolean, secrets: Partial<Transaction> = {}): Promise<Challenge> {
    const transaction: Transaction = {
      state: this.pending?.state ?? crypto.randomUUID(),
      flow: 'native',
      issuer: this.options.issuer.href,
      clientId: this.options.clientId,
      codeVerifier: '',
      nonce: '',
      ...secrets,
      authSession,
      challenge,
      vendor,
      expiresAt: Date.now() + transactionLifetime,
    };
    await transactions.set(transaction.state, transaction);
    this.pending = transaction;
    if (resent) this.emit(new ChallengeEvent(challenge));
    return challenge;
  }

  /** This page's sign-in in progress, else the newest of this browser. */
  async requirePending(): Promise<Transaction> {
    const { issuer, clientId } = this.options;
    const now = Date.now();
    const live = (await transactions.values<Transaction>()).filter((transaction) => transaction.issuer === issuer.href && transaction.clientId === clientId && transaction.vendor && transaction.expiresAt > now);
    const pending = live.find((transaction) => transaction.state === this.pending?.state) ?? live.sort((a, b) => b.expiresAt - a.expiresAt)[0];
    this.pending = pending;
    if (!pending) throw new PwlessError('no_pending_sign_in', 'call start() first');
    return pending;
  }

  /** Ends the sign-in in progress (it succeeded, or the backend ended it). */
  async forget(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) await transactions.delete(pending.state);
  }

  cancel(): void {
    // Nobody awaits this; a transaction storage failed to delete only lives until it expires.
    this.forget().catch(() => undefined);
  }

  wake(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /** Starts the session of a finished sign-in, in every tab. */
  async establish(stored: StoredSession): Promise<Session> {
    await this.forget();
    return this.holder.keep({ ...stored, remote: true }, 'signedin');
  }

  waitForApproval(_signal: AbortSignal | undefined): Promise<Session> {
    return Promise.reject(new PwlessError('not_supported', 'this backend sends no links'));
  }

  inspectLink(_url: string | URL, _signal: AbortSignal | undefined): Promise<LinkInfo> {
    return Promise.reject(new PwlessError('link_invalid', 'this backend sends no links'));
  }

  approveLink(_url: string | URL, _signal: AbortSignal | undefined, _loginHint?: string): Promise<Session | undefined> {
    return Promise.reject(new PwlessError('link_invalid', 'this backend sends no links'));
  }

  async linkFlow(): Promise<LinkFlow> {
    return {
      waitForApproval: (_dialect, signal) => this.waitForApproval(signal),
      inspectLink: (_dialect, url, signal) => this.inspectLink(url, signal),
      approveLink: (_dialect, url, signal, loginHint) => this.approveLink(url, signal, loginHint),
    };
  }

  async redirectFlow(): Promise<RedirectFlow> {
    return {
      authorizationUrl: (_dialect, hints, signal) => this.authorizationUrl(hints, signal),
      handleRedirectCallback: (_dialect, url, signal) => this.handleRedirectCallback(url, signal),
    };
  }

  authorizationUrl(_hints: RedirectHints, _signal: AbortSignal | undefined): Promise<URL> {
    return Promise.reject(new PwlessError('not_supported', 'this backend has no sign-in page of its own'));
  }

  handleRedirectCallback(_url: URL, _signal: AbortSignal | undefined): Promise<Session> {
    return Promise.reject(new PwlessError('not_supported', 'this backend has no sign-in page of its own'));
  }

  /** Renews the vendor's short token once across tabs (a tab that finds it renewed by another takes that). */
  refresh(staleToken: string, signal: AbortSignal | undefined): Promise<Session> {
    signal?.throwIfAborted();
    const known = this.holder.timed?.refreshAt;
    this.#refreshing ??= withLock(`pwless-refresh:${this.holder.scope}`, async () => {
      const latest = await this.holder.read();
      if (!latest) throw new PwlessError('session_expired', 'nobody is signed in');
      // Renewed meanwhile: another token, or another renewal time (GoTrue makes the same JWT twice within a second).
      if ((latest.session.accessToken !== staleToken || latest.refreshAt !== known) && Date.now() < latest.refreshAt) {
        this.holder.adopt(latest);
        return latest.session;
      }
      const { generation } = this.holder;
      let renewed: StoredSession;
      try {
        renewed = await this.renew(latest);
      } catch (error) {
        if ((error as PwlessError).code === 'session_expired') await this.holder.end(true);
        throw error;
      }
      if (this.holder.generation !== generation) throw new PwlessError('session_expired', 'the session ended while it was renewed');
      return this.holder.keep(renewed, 'refreshed');
    }).finally(() => (this.#refreshing = undefined));
    // The renewal is shared: a caller that aborts only stops its own wait.
    const shared = this.#refreshing;
    return signal ? Promise.race([shared, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))]) : shared;
  }

  /**
   * `fetch` with the session: `Authorization: Bearer` with the vendor's short token, or, for a
   * session that is only a cookie, the browser's cookies. Renews once on a 401.
   */
  async fetch(accessToken: (signal: AbortSignal | undefined) => Promise<string>, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const signal = init?.signal ?? undefined;
    const body = request.body ? await request.arrayBuffer() : null;
    const cookieOnly = this.holder.timed?.session.tokenType === 'cookie';
    const send = (token: string) => {
      const headers = new Headers(request.headers);
      if (token) headers.set('Authorization', `Bearer ${token}`);
      return this.options.fetch(request.url, {
        method: request.method,
        headers,
        body,
        credentials: cookieOnly ? 'include' : request.credentials,
        ...(signal ? { signal } : {}),
      });
    };
    const token = cookieOnly ? '' : await accessToken(signal);
    const response = await send(token);
    if (response.status !== 401) return response;
    return send((await this.refresh(token, signal)).accessToken);
  }
}
