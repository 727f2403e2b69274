import { originAllowed } from '../../clients.js';
import type { MockClient } from '../../config.js';

/**
 * `serve.public.cors` with `allow_credentials: true`: the registered clients' origins (and loopback
 * origins where a client allows them) are the `allowed_origins`.
 */
export function kratosCors(clients: readonly MockClient[], request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  if (!origin || !clients.some((client) => originAllowed(client, origin))) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'POST, GET, PUT, PATCH, DELETE',
    'Access-Control-Allow-Headers': 'Authorization, Cookie, Content-Type, X-Session-Token',
    'Access-Control-Expose-Headers': 'Content-Type, Set-Cookie',
    Vary: 'Origin',
  };
}

/** `selfservice.allowed_return_urls`: Kratos itself and the allowed origins. */
export function returnToAllowed(clients: readonly MockClient[], baseUrl: string, returnTo: string): boolean {
  if (!URL.canParse(returnTo)) return false;
  const url = new URL(returnTo);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  return url.origin === new URL(baseUrl).origin || clients.some((client) => originAllowed(client, url.origin));
}
