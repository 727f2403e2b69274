import { dialects, type DialectName } from './dialect.js';
import { networkFailures } from './errors.js';

export type Mode = 'auto' | 'native' | 'redirect';
export type Delivery = 'code' | 'link';
export type Persistence = 'memory' | 'session' | 'local';

export interface ClientOptions {
  /**
   * The issuer URL of the OpenID provider; for a vendor dialect its base URL (the Auth0 tenant URL,
   * the Kratos public URL, the Appwrite endpoint with `/v1`). `https` is required, except for loopback hosts.
   */
  issuer: string;
  /** The backend's protocol: `pwless` (default: the pwless profile, or any OpenID provider in redirect mode), `auth0`, `kratos`, `appwrite`, `supabase`, `stytch`, `firebase`. */
  dialect?: DialectName;
  /** Kratos: the `tokenize_as` template whose JWT `getAccessToken()` answers; without it, `client.fetch` sends the session cookie. */
  tokenizeAs?: string;
  /** Supabase: whether an address without an account may sign up (`create_user`). Default true. */
  createUser?: boolean;
  /** Supabase: the project's Email OTP Expiration in seconds, so an expired code reads as expired. Default 3600. */
  otpExpiry?: number;
  /** Kratos behind Ory Hydra: the `login_challenge` of the OpenID sign-in. Default: the page URL's `login_challenge`. */
  loginChallenge?: string;
  /**
   * The public client's `client_id`; for a vendor dialect its public client identifier (the Auth0
   * client ID, the Appwrite project ID). Ory Kratos needs none.
   */
  clientId?: string;
  /** Scopes to ask for. Default `openid email`. */
  scope?: string;
  /** Where the provider sends the browser back in redirect mode. Default: this page. */
  redirectUri?: string;
  /** The landing page for magic links. Default: this page. */
  linkUri?: string;
  /** `auto` (default) signs in on the page when the provider offers a challenge endpoint, else redirects. */
  mode?: Mode;
  /** Where tokens are kept: `memory` (default), or opt in to `session` / `local`. */
  persistence?: Persistence;
  /** Bind tokens to a key pair with DPoP (RFC 9449). */
  dpop?: boolean;
  /** The `fetch` to use. Default: the global `fetch` at the time of each call. */
  fetch?: typeof fetch;
}

export interface ResolvedOptions {
  issuer: URL;
  dialect: DialectName;
  /** The options as given: a vendor dialect reads (and checks) its own ones there. */
  given: ClientOptions;
  clientId: string;
  scope: string;
  redirectUri: string | undefined;
  linkUri: string | undefined;
  mode: Mode;
  persistence: Persistence;
  dpop: boolean;
  fetch: typeof fetch;
  /** What discovery is cached by: the caller's `fetch`, or one key for the global one. */
  fetchKey: object;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Throws the `TypeError` that names a bad option. */
function check(name: string, valid: boolean, expected: string): void {
  if (!valid) throw new TypeError(`option "${name}" must be ${expected}`);
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  check(name, value === undefined || allowed.includes(value as T), `one of ${allowed.join(', ')}`);
  return (value ?? allowed[0]) as T;
}

function isUrl(value: unknown): value is string {
  return typeof value === 'string' && URL.canParse(value);
}

function optionalUrl(name: string, value: unknown): string | undefined {
  check(name, value === undefined || isUrl(value), 'an absolute URL');
  return value as string | undefined;
}

/** Whether `value` is undefined or of the type `typeof` names. */
function optional(value: unknown, type: string): boolean {
  return value === undefined || typeof value === type;
}

/** Whether plain `http` is allowed for this URL: only for the local mock server on a loopback host. */
export function isLoopback(url: URL): boolean {
  return loopbackHosts.has(url.hostname);
}

/** Checks the options of `createClient`; programmer mistakes throw a `TypeError` naming the option. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('createClient needs an options object');
  check('issuer', isUrl(options.issuer), 'an absolute URL');
  const issuer = new URL(options.issuer);
  check('issuer', issuer.protocol === 'https:' || (issuer.protocol === 'http:' && isLoopback(issuer)), 'https (plain http only for localhost)');
  const dialect = oneOf('dialect', options.dialect, dialects);
  const clientId = options.clientId ?? '';
  // Kratos alone has no client ID.
  check('clientId', typeof clientId === 'string' && (clientId !== '' || dialect === 'kratos'), 'a non-empty string');
  check('scope', optional(options.scope, 'string'), 'a string');
  check('fetch', optional(options.fetch, 'function'), 'a function');
  check('dpop', optional(options.dpop, 'boolean'), 'a boolean');
  const customFetch = options.fetch;
  return {
    issuer,
    dialect,
    given: options,
    clientId,
    scope: options.scope ?? 'openid email',
    redirectUri: optionalUrl('redirectUri', options.redirectUri),
    linkUri: optionalUrl('linkUri', options.linkUri),
    // The first allowed value is the default.
    mode: oneOf('mode', options.mode, ['auto', 'native', 'redirect']),
    persistence: oneOf('persistence', options.persistence, ['memory', 'session', 'local']),
    dpop: options.dpop ?? false,
    // The global one is resolved at call time, so a fetch patched later (test doubles, service workers) is used.
    fetch: (input, init) => networkFailures((customFetch ?? globalThis.fetch)(input, init), init?.signal),
    fetchKey: customFetch ?? globalThis,
  };
}
