import { http, type HttpHandler } from 'msw';
import { originAllowed } from '../../clients.js';
import { defaultClients, defaultConfig, mergeConfig } from '../../config.js';
import type { Context } from '../../context.js';
import { configEndpoint, inboxEndpoint, resetEndpoint, usersEndpoint } from '../../dev.js';
import { AnswerError, oauthError, type Answer } from '../../http.js';
import { mockChannelName, type MockOptions, type MockProvider } from '../../provider.js';
import { emptyState, memoryStore } from '../../state.js';
import type { MockEvent } from '../../context.js';
import { authorizeEndpoint } from './authorize.js';
import { crossOriginAuthenticateEndpoint } from './cross-origin.js';
import { discoveryEndpoint, jwksEndpoint } from './discovery.js';
import { passwordlessStartEndpoint } from './passwordless-start.js';
import { logoutEndpoint, revokeEndpoint, userinfoEndpoint } from './session-endpoints.js';
import { tokenEndpoint } from './token.js';
import { verifyRedirectEndpoint } from './verify-redirect.js';

/** The tenant URL the Auth0 variant answers for when none is given: a name only the service worker (or a test's router) answers. */
export const defaultAuth0Issuer = 'https://tenant.auth0.pwless.test';

type Endpoint = (context: Context, request: Request) => Answer | Promise<Answer>;

const routes: Record<string, { methods: string[]; endpoint: Endpoint }> = {
  '/.well-known/openid-configuration': { methods: ['GET'], endpoint: discoveryEndpoint },
  '/.well-known/jwks.json': { methods: ['GET'], endpoint: jwksEndpoint },
  '/passwordless/start': { methods: ['POST'], endpoint: passwordlessStartEndpoint },
  '/passwordless/verify_redirect': { methods: ['GET'], endpoint: verifyRedirectEndpoint },
  '/co/authenticate': { methods: ['POST'], endpoint: crossOriginAuthenticateEndpoint },
  '/authorize': { methods: ['GET'], endpoint: authorizeEndpoint },
  '/oauth/token': { methods: ['POST'], endpoint: tokenEndpoint },
  '/oauth/revoke': { methods: ['POST'], endpoint: revokeEndpoint },
  '/userinfo': { methods: ['GET', 'POST'], endpoint: userinfoEndpoint },
  '/v2/logout': { methods: ['GET'], endpoint: logoutEndpoint },
  '/oidc/logout': { methods: ['GET'], endpoint: logoutEndpoint },
  '/_mock/inbox': { methods: ['GET', 'DELETE'], endpoint: inboxEndpoint },
  '/_mock/config': { methods: ['GET', 'PUT'], endpoint: configEndpoint },
  '/_mock/users': { methods: ['GET', 'POST', 'DELETE'], endpoint: usersEndpoint },
  '/_mock/reset': { methods: ['POST'], endpoint: resetEndpoint },
};

const defaultAllowedHeaders = 'Content-Type, Authorization, Auth0-Client, X-Request-Language, Cache-Control';

function toResponse(result: Answer, corsHeaders: Record<string, string>): Response {
  const headers = new Headers({ 'Cache-Control': 'no-store', ...corsHeaders, ...result.headers });
  if (result.body === null) return new Response(null, { status: result.status, headers });
  if (typeof result.body === 'string' && result.headers?.['Content-Type']) return new Response(result.body, { status: result.status, headers });
  headers.set('Content-Type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(result.body), { status: result.status, headers });
}

function announce(event: MockEvent): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(mockChannelName);
  channel.postMessage(event);
  channel.close();
}

/**
 * An offline Auth0 tenant for single-page applications: the passwordless connections `email` and
 * `sms` behind Auth0's Authentication API (`/passwordless/start`, `/co/authenticate`, `/authorize`
 * with a login ticket, `/passwordless/verify_redirect`, `/oauth/token`, `/oauth/revoke`,
 * `/userinfo`, `/v2/logout`), with the mock's code rules, inbox and dev endpoints under `/_mock/`.
 * CORS answers only the applications' allowed web origins, with credentials, as Auth0 does.
 */
export function createAuth0Provider(options: MockOptions = {}): MockProvider {
  const issuer = (options.issuer ?? defaultAuth0Issuer).replace(/\/$/, '');
  const clients = options.clients ?? defaultClients;
  const initialConfig = mergeConfig({ ...defaultConfig }, options.config ?? {});
  const store = options.store ?? memoryStore(emptyState(initialConfig));
  const issuerUrl = new URL(issuer);
  const issuerPath = issuerUrl.pathname.replace(/\/$/, '');

  function corsHeaders(request: Request): Record<string, string> {
    const origin = request.headers.get('origin');
    if (!origin || !clients.some((client) => originAllowed(client, origin))) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Headers': request.headers.get('access-control-request-headers') ?? defaultAllowedHeaders,
      'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
      'Access-Control-Expose-Headers': 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, WWW-Authenticate',
      'Access-Control-Max-Age': '86400',
      Vary: 'Origin',
    };
  }

  async function handle(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    const under = url.pathname === issuerPath || url.pathname.startsWith(`${issuerPath}/`);
    if (url.origin !== issuerUrl.origin || !under) return undefined;
    const path = url.pathname.slice(issuerPath.length) || '/';
    const cors = corsHeaders(request);
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!route) return toResponse(oauthError(404, 'not_found', `no endpoint at ${path}`), cors);
    if (!route.methods.includes(request.method)) {
      return toResponse({ ...oauthError(405, 'invalid_request', `use ${route.methods.join(' or ')}`), headers: { Allow: route.methods.join(', ') } }, cors);
    }
    if (!path.startsWith('/_mock/')) {
      const config = await store.transact((state) => state.config);
      if (config.latency > 0) await new Promise((resolve) => setTimeout(resolve, config.latency));
      if (config.offline) return Response.error();
      if (config.failureRate > 0 && Math.random() < config.failureRate) {
        return toResponse(oauthError(503, 'temporarily_unavailable', 'injected failure'), cors);
      }
    }
    const result = await store.transact(async (state) => {
      const context: Context = { state, issuer, clients, defaults: initialConfig, now: Date.now() + state.config.clockOffset, notify: announce };
      try {
        return await route.endpoint(context, request);
      } catch (error) {
        if (error instanceof AnswerError) return error.answer;
        throw error;
      }
    });
    return toResponse(result, cors);
  }

  return { issuer, handle };
}

/** msw handlers for an offline Auth0 tenant at `options.issuer` (default `https://tenant.auth0.pwless.test`). */
export function auth0Handlers(options: MockOptions | MockProvider = {}): HttpHandler[] {
  const provider = 'handle' in options ? options : createAuth0Provider(options);
  return [http.all(`${provider.issuer}/*`, async ({ request }) => provider.handle(request))];
}
