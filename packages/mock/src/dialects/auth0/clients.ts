import type { MockClient } from '../../config.js';
import type { Context } from '../../context.js';

/**
 * The registered application with this client ID, or `undefined`. An Auth0 application maps onto a
 * mock client: Allowed Web Origins (and Allowed Origins for cross-origin authentication) are
 * `origins`, Allowed Callback URLs are `redirectUris`, Allowed Logout URLs are `postLogoutRedirectUris`,
 * and loopback addresses are allowed when `allowLoopback` is set.
 */
export function findClientOrNull(context: Context, clientId: string | undefined): MockClient | undefined {
  return clientId === undefined ? undefined : context.clients.find((client) => client.clientId === clientId);
}
