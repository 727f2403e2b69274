import type { MockClient } from './config.js';
import { fail } from './http.js';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackOrigin(origin: string): boolean {
  try {
    return loopbackHosts.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

export function findClient(clients: readonly MockClient[], clientId: string | undefined): MockClient {
  const client = clients.find((candidate) => candidate.clientId === clientId);
  if (!client) fail(401, 'invalid_client', 'unknown client_id');
  return client;
}

/** Whether a browser page on `origin` may call the provider as `client` (exact match, no wildcards). */
export function originAllowed(client: MockClient, origin: string): boolean {
  return client.origins.includes(origin) || (client.allowLoopback && isLoopbackOrigin(origin));
}

/**
 * Whether `uri` is registered for the client: exact string match, or, when allowed, a web page on a
 * loopback host (RFC 8252 §7.3). Only an http(s) page without credentials or fragment counts: a
 * `blob:` or `ws:` URL has a loopback origin too, and RFC 6749 §3.1.2 forbids a fragment.
 */
export function uriRegistered(client: MockClient, uri: string, registered: readonly string[]): boolean {
  if (registered.includes(uri)) return true;
  if (!client.allowLoopback || !URL.canParse(uri)) return false;
  const url = new URL(uri);
  const webPage = (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.hash === '';
  return webPage && isLoopbackOrigin(url.origin);
}
