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

/** Whether `uri` is registered for the client: exact string match, or any loopback URI when allowed. */
export function uriRegistered(client: MockClient, uri: string, registered: readonly string[]): boolean {
  if (registered.includes(uri)) return true;
  try {
    return client.allowLoopback && isLoopbackOrigin(new URL(uri).origin);
  } catch {
    return false;
  }
}
