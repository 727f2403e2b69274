import type { HttpHandler } from 'msw';
import { originAllowed } from '../../clients.js';
import type { Context } from '../../context.js';
import { oauthError, type Answer } from '../../http.js';
import { variantRouter, type VariantOptions } from '../variant.js';
import { authorizeEndpoint } from './authorize.js';
import { crossOriginAuthenticateEndpoint } from './cross-origin.js';
import { discoveryEndpoint, jwksEndpoint } from './discovery.js';
import { passwordlessStartEndpoint } from './passwordless-start.js';
import { logoutEndpoint, revokeEndpoint, userinfoEndpoint } from './session-endpoints.js';
import { tokenEndpoint } from './token.js';
import { verifyRedirectEndpoint } from './verify-redirect.js';

type Endpoint = (context: Context, request: Request) => Answer | Promise<Answer>;

const defaultAllowedHeaders = 'Content-Type, Authorization, Auth0-Client, X-Request-Language, Cache-Control';

/**
 * An offline Auth0 tenant for single-page applications: the passwordless connections `email` and
 * `sms` behind Auth0's Authentication API (`/passwordless/start`, `/co/authenticate`, `/authorize`
 * with a login ticket, `/passwordless/verify_redirect`, `/oauth/token`, `/oauth/revoke`,
 * `/userinfo`, `/v2/logout`), with the mock's code rules. CORS answers only the applications'
 * allowed web origins, with credentials (auth0-js sends `/co/authenticate` with them), as Auth0 does.
 */
export function auth0Handlers(options: VariantOptions): HttpHandler[] {
  const router = variantRouter(options, {
    cors(request): Record<string, string> {
      const origin = request.headers.get('origin');
      if (!origin || !options.clients.some((client) => originAllowed(client, origin))) return {};
      return {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Headers': request.headers.get('access-control-request-headers') ?? defaultAllowedHeaders,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Expose-Headers': 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, WWW-Authenticate',
        'Access-Control-Max-Age': '86400',
        Vary: 'Origin',
      };
    },
    unavailable: () => oauthError(503, 'temporarily_unavailable', 'The service is temporarily unavailable.'),
    notFound: (request) => oauthError(404, 'not_found', `Not found: ${new URL(request.url).pathname}`),
  });
  const route = (method: 'get' | 'post', path: string, endpoint: Endpoint) => router.route(method, path, (context, { request }) => endpoint(context, request));
  route('get', '/.well-known/openid-configuration', discoveryEndpoint);
  route('get', '/.well-known/jwks.json', jwksEndpoint);
  route('post', '/passwordless/start', passwordlessStartEndpoint);
  route('get', '/passwordless/verify_redirect', verifyRedirectEndpoint);
  route('post', '/co/authenticate', crossOriginAuthenticateEndpoint);
  route('get', '/authorize', authorizeEndpoint);
  route('post', '/authorize', authorizeEndpoint);
  route('post', '/oauth/token', tokenEndpoint);
  route('post', '/oauth/revoke', revokeEndpoint);
  route('get', '/userinfo', userinfoEndpoint);
  route('post', '/userinfo', userinfoEndpoint);
  route('get', '/v2/logout', logoutEndpoint);
  route('get', '/oidc/logout', logoutEndpoint);
  return router.finish();
}
