import type { Channel, Delivery } from './state.js';

/** Policies of the mock provider. Every value can be changed at run time with `PUT /_mock/config`. */
export interface MockConfig {
  /** Digits in a one-time code (4 to 10). */
  codeLength: number;
  /** Seconds a one-time code stays valid. */
  codeLifetime: number;
  /** Wrong codes accepted before the `auth_session` is dead. */
  maxAttempts: number;
  /** Seconds before another code may be sent for the same `auth_session`. */
  resendAfter: number;
  /** Codes sent to one address per hour at most. */
  sendsPerHour: number;
  /** Seconds an `auth_session` lives. */
  sessionLifetime: number;
  /** Seconds an authorization code lives. */
  authorizationCodeLifetime: number;
  /** Seconds an access token (and the ID token) lives. */
  accessTokenLifetime: number;
  /** Seconds a refresh token family lives from its sign-in (rotation does not extend it). */
  refreshTokenLifetime: number;
  /** When true, DPoP proofs must carry the server's nonce (`use_dpop_nonce`, RFC 9449 §8). */
  dpopNonce: boolean;
  /** When false, unknown addresses cannot sign up. */
  signupsOpen: boolean;
  /** When true, unknown addresses get the same answer as known ones. */
  enumerationProtection: boolean;
  /** When true, challenges and emails carry a security phrase. */
  securityPhrase: boolean;
  /** Milliseconds added to every answer. */
  latency: number;
  /** Share (0 to 1) of requests answered with a 503. */
  failureRate: number;
  /** When true, every request fails as if the network were down. */
  offline: boolean;
  /** Milliseconds added to the mock's clock, to test expiry. */
  clockOffset: number;
  /** How sign-in secrets may be delivered: a code to type, a link to open (which also carries the code). */
  deliveries: Delivery[];
  /** Where sign-in secrets may be sent. */
  channels: Channel[];
  /** Seconds a client waiting for a link must leave between polls, at first. */
  pollInterval: number;
  /** When true (default), people may sign in with passkeys and register them (`pwless_passkeys_supported`). */
  passkeys: boolean;
  /**
   * The WebAuthn RP ID of passkeys. Empty (default): the issuer's host name, or, for a page whose
   * host is not within the issuer's (the browser mock on `localhost`), the page's host name.
   */
  passkeyRpId: string;
}

export const defaultConfig: Readonly<MockConfig> = Object.freeze<MockConfig>({
  codeLength: 6,
  codeLifetime: 180,
  maxAttempts: 3,
  resendAfter: 30,
  sendsPerHour: 10,
  sessionLifetime: 900,
  authorizationCodeLifetime: 60,
  accessTokenLifetime: 600,
  refreshTokenLifetime: 86400,
  dpopNonce: false,
  signupsOpen: true,
  enumerationProtection: true,
  securityPhrase: true,
  latency: 0,
  failureRate: 0,
  offline: false,
  clockOffset: 0,
  deliveries: ['code', 'link'],
  channels: ['email', 'sms'],
  pollInterval: 5,
  passkeys: true,
  passkeyRpId: '',
});

/** A registered public client. */
export interface MockClient {
  clientId: string;
  /** Exact origins allowed to call the provider from a browser (CORS). */
  origins: string[];
  /** Registered redirect URIs for redirect mode. */
  redirectUris: string[];
  /** Registered landing pages for magic links. */
  linkUris: string[];
  /** Whether loopback origins (any port) are allowed too. */
  allowLoopback: boolean;
  /** Registered `post_logout_redirect_uri`s for RP-initiated logout. */
  postLogoutRedirectUris?: string[];
}

export const defaultClients: readonly MockClient[] = [
  {
    clientId: 'pwless-demo',
    origins: [],
    redirectUris: [],
    linkUris: [],
    allowLoopback: true,
  },
];

const listValues: Record<string, readonly string[]> = {
  deliveries: ['code', 'link'],
  channels: ['email', 'sms'],
};

/** Smallest (and largest) value of each numeric policy; a missing bound means no limit. */
const numberRanges: Record<string, { min?: number; max?: number; integer?: boolean }> = {
  codeLength: { min: 4, max: 10, integer: true },
  codeLifetime: { min: 1 },
  maxAttempts: { min: 1, integer: true },
  resendAfter: { min: 0 },
  sendsPerHour: { min: 1, integer: true },
  sessionLifetime: { min: 1 },
  authorizationCodeLifetime: { min: 1 },
  accessTokenLifetime: { min: 1 },
  refreshTokenLifetime: { min: 1 },
  latency: { min: 0, max: 60_000 },
  failureRate: { min: 0, max: 1 },
  pollInterval: { min: 1, integer: true },
};

function checkList(key: string, value: unknown): string[] {
  const allowed = listValues[key]!;
  if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string' || !allowed.includes(item))) {
    throw new TypeError(`config key "${key}" must be a non-empty list of ${allowed.map((item) => `"${item}"`).join(', ')}`);
  }
  return [...new Set(value as string[])];
}

function checkRange(key: string, value: number): void {
  const range = numberRanges[key];
  if (!range) return;
  const { min, max, integer } = range;
  if ((integer && !Number.isInteger(value)) || (min !== undefined && value < min) || (max !== undefined && value > max)) {
    const bounds = max === undefined ? `at least ${min}` : `from ${min} to ${max}`;
    throw new TypeError(`config key "${key}" must be ${integer ? 'an integer' : 'a number'} ${bounds}`);
  }
}

/** Checks and merges a partial configuration; unknown keys, wrong types and values out of range are refused. */
export function mergeConfig(base: MockConfig, patch: unknown): MockConfig {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new TypeError('config must be a JSON object');
  }
  const merged: MockConfig = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (!Object.hasOwn(defaultConfig, key)) throw new TypeError(`unknown config key "${key}"`);
    const target = merged as unknown as Record<string, unknown>;
    if (key in listValues) {
      target[key] = checkList(key, value);
      continue;
    }
    const expected = typeof defaultConfig[key as keyof MockConfig];
    if (typeof value !== expected || (expected === 'number' && !Number.isFinite(value))) {
      throw new TypeError(`config key "${key}" must be a ${expected}`);
    }
    if (typeof value === 'number') checkRange(key, value);
    target[key] = value;
  }
  return merged;
}
