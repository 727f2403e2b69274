import * as oauth from 'oauth4webapi';
import { abortable } from './abortable.js';
import { toPwlessError } from './errors.js';
import { isLoopback, type ResolvedOptions } from './options.js';
import { retryingFetch } from './retry.js';

/** Metadata per `fetch` and issuer: fetched once per page, forgotten when fetching failed. */
const cache = new WeakMap<object, Map<string, Promise<oauth.AuthorizationServer>>>();

/** The oauth4webapi options every request of a client uses. */
export function requestOptions(options: ResolvedOptions, signal: AbortSignal | undefined, fetchFunction = options.fetch) {
  return {
    [oauth.customFetch]: fetchFunction,
    // Plain http only for the local mock server; oauth4webapi refuses it everywhere else.
    [oauth.allowInsecureRequests]: isLoopback(options.issuer),
    ...(signal ? { signal } : {}),
  };
}

/**
 * Fetches the provider's metadata (OIDC Discovery 1.0, RFC 8414), retrying with backoff on
 * network errors and 5xx answers. A caller's abort stops only its own wait, never the shared fetch.
 */
export async function discover(options: ResolvedOptions, signal?: AbortSignal): Promise<oauth.AuthorizationServer> {
  const key = options.issuer.href;
  const byFetch = cache.get(options.fetchKey) ?? new Map<string, Promise<oauth.AuthorizationServer>>();
  cache.set(options.fetchKey, byFetch);
  let metadata = byFetch.get(key);
  if (!metadata) {
    metadata = oauth
      .discoveryRequest(options.issuer, { algorithm: 'oidc', ...requestOptions(options, undefined, retryingFetch(options.fetch)) })
      .then((response) => oauth.processDiscoveryResponse(options.issuer, response));
    byFetch.set(key, metadata);
    metadata.catch(() => byFetch.delete(key));
  }
  try {
    return await abortable(metadata, signal);
  } catch (error) {
    throw toPwlessError(error);
  }
}
