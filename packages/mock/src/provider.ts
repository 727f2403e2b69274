import { getResponse, http, type HttpHandler } from 'msw';
import { issueAuthorizationCode } from './authorization-code.js';
import { challengeEndpoint } from './challenge.js';
import { findClient, originAllowed } from './clients.js';
import { defaultClients, defaultConfig, mergeConfig, type MockClient, type MockConfig } from './config.js';
import { announce, mockChannelName } from './announce.js';
import type { Context } from './context.js';
import { configEndpoint, inboxEndpoint, passkeysDevEndpoint, resetEndpoint, usersEndpoint } from './dev.js';
import { discoveryEndpoint, jwksEndpoint } from './discovery.js';
import { AnswerError, oauthError, type Answer } from './http.js';
import { emptyState, memoryStore, type MockStore } from './state.js';
import { deliverToInbox } from './send.js';
import { tokenEndpoint } from './token.js';
import { authorizeEndpoint } from './authorize.js';
import { variantOf, type Dialect } from './dialects/index.js';
import { logoutEndpoint } from './logout.js';
import { revocationEndpoint } from './revocation.js';
import { unavailablePage } from './unavailable-page.js';
import { userinfoEndpoint } from './userinfo.js';
import { passkeyMethods } from './passkeys.js';
import { mockPasskeysEndpoint } from './passkeys-resource.js';

export const defaultIssuer = 'https://id.pwless.test';

export interface MockOptions {
  /**
   * Whose API the mock speaks: `pwless` (default, the pwless profile) or a vendor's (`appwrite`,
   * `kratos`, `firebase`, ...), with the same users, inbox, policies and dev endpoints.
   */
  dialect?: Dialect;
  /**
   * The URL the provider answers for: the issuer, or for a vendor its base URL (Appwrite's ends in
   * `/v1`). Default `https://id.pwless.test`, or the vendor variant's own test name.
   */
  issuer?: string;
  /** Initial policies; the rest keeps its defaults. */
  config?: Partial<MockConfig>;
  /** Registered clients. Default: the public client `pwless-demo`, allowed from loopback origins. */
  clients?: MockClient[];
  /** Where state lives. Default: in memory. */
  store?: MockStore;
}

export interface MockProvider {
  /** The issuer, or for a vendor variant its base URL. */
  readonly issuer: string;
  readonly dialect: Dialect;
  /** Answers a request to the issuer, or `undefined` when it is not for the issuer. */
  handle(request: Request): Promise<Response | undefined>;
  /** The same provider as msw request handlers. */
  readonly handlers: readonly HttpHandler[];
}

type Endpoint = (context: Context, request: Request) => Answer | Promise<Answer>;

const routes: Record<string, { methods: string[]; endpoint: Endpoint }> = {
  '/.well-known/openid-configuration': { methods: ['GET'], endpoint: discoveryEndpoint },
  '/.well-known/oauth-authorization-server': { methods: ['GET'], endpoint: discoveryEndpoint },
  '/jwks': { methods: ['GET'], endpoint: jwksEndpoint },
  // The mock's RP ID follows the page when the page is not within the issuer's host (passkeyRpId).
  '/challenge': { methods: ['POST'], endpoint: (context, request) => challengeEndpoint(context, request, { automaticRpId: true }) },
  '/token': { methods: ['POST'], endpoint: tokenEndpoint },
  '/authorize': { methods: ['GET', 'POST'], endpoint: authorizeEndpoint },
  '/userinfo': { methods: ['GET', 'POST'], endpoint: userinfoEndpoint },
  '/revoke': { methods: ['POST'], endpoint: revocationEndpoint },
  '/logout': { methods: ['GET', 'POST'], endpoint: logoutEndpoint },
  '/_mock/inbox': { methods: ['GET', 'DELETE'], endpoint: inboxEndpoint },
  '/_mock/config': { methods: ['GET', 'PUT'], endpoint: configEndpoint },
  '/_mock/users': { methods: ['GET', 'POST', 'DELETE'], endpoint: usersEndpoint },
  '/_mock/passkeys': { methods: ['GET', 'DELETE'], endpoint: passkeysDevEndpoint },
  '/_mock/reset': { methods: ['POST'], endpoint: resetEndpoint },
};

function toResponse(result: Answer, corsHeaders: Record<string, string>): Response {
  const headers = new Headers({ 'Cache-Control': 'no-store', ...corsHeaders, ...result.headers });
  if (result.body === null) return new Response(null, { status: result.status, headers });
  // Pages of the hosted sign-in come as ready text with their own Content-Type.
  if (typeof result.body === 'string' && result.headers?.['Content-Type']) return new Response(result.body, { status: result.status, headers });
  headers.set('Content-Type', 'application/json');
  return new Response(JSON.stringify(result.body), { status: result.status, headers });
}

/** The policies a mock starts with: the defaults, then its vendor's own defaults, then `options.config`. */
export function startingConfig(options: Pick<MockOptions, 'dialect' | 'config'> = {}): MockConfig {
  const variant = variantOf(options.dialect ?? 'pwless');
  return mergeConfig(mergeConfig({ ...defaultConfig }, variant?.config ?? {}), options.config ?? {});
}

export function createProvider(options: MockOptions = {}): MockProvider {
  const dialect = options.dialect ?? 'pwless';
  const variant = variantOf(dialect);
  const issuer = (options.issuer ?? variant?.defaultBaseUrl ?? defaultIssuer).replace(/\/$/, '');
  const clients = options.clients ?? defaultClients;
  const initialConfig = startingConfig(options);
  const store = options.store ?? memoryStore(emptyState(initialConfig));
  if (variant) {
    const requestHandlers = variant.handlers({ baseUrl: issuer, store, clients, defaults: initialConfig });
    return { issuer, dialect, handlers: requestHandlers, handle: (request) => getResponse(requestHandlers, request) };
  }

  function corsHeaders(request: Request): Record<string, string> {
    const origin = request.headers.get('origin');
    if (!origin || !clients.some((client) => originAllowed(client, origin))) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Headers': 'Content-Type, Authorization, DPoP',
      'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
      'Access-Control-Expose-Headers': 'Retry-After, DPoP-Nonce, WWW-Authenticate',
      Vary: 'Origin',
    };
  }

  const issuerUrl = new URL(issuer);
  const issuerPath = issuerUrl.pathname.replace(/\/$/, '');

  async function handle(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    // `/tenant-other` is not under the issuer `/tenant`: only the path itself or a `/` after it is.
    const under = url.pathname === issuerPath || url.pathname.startsWith(`${issuerPath}/`);
    if (url.origin !== issuerUrl.origin || !under) return undefined;
    const path = url.pathname.slice(issuerPath.length) || '/';
    const cors = corsHeaders(request);
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
    // Own keys only: a path named like an Object member ("constructor") is no endpoint.
    const passkeyPath = path === '/passkeys' || path.startsWith('/passkeys/');
    const passkeyRoute = passkeyPath ? passkeyMethods(path) : undefined;
    const route = passkeyRoute
      ? { methods: passkeyRoute, endpoint: (context: Context, passkeyRequest: Request) => mockPasskeysEndpoint(context, passkeyRequest, path) }
      : Object.hasOwn(routes, path)
        ? routes[path]
        : undefined;
    if (!route) return toResponse(oauthError(404, 'not_found', `no endpoint at ${path}`), cors);
    if (!route.methods.includes(request.method)) {
      return toResponse({ ...oauthError(405, 'invalid_request', `use ${route.methods.join(' or ')}`), headers: { Allow: route.methods.join(', ') } }, cors);
    }
    if (!path.startsWith('/_mock/')) {
      const config = await store.transact((state) => state.config);
      if (config.latency > 0) await new Promise((resolve) => setTimeout(resolve, config.latency));
      if (config.offline) return Response.error();
      if (config.failureRate > 0 && Math.random() < config.failureRate) {
        if (path === '/authorize' || path === '/logout') return toResponse(await unavailablePage(request, path), cors);
        return toResponse(oauthError(503, 'temporarily_unavailable', 'injected failure'), cors);
      }
    }
    const result = await store.transact(async (state) => {
      const context: Context = { state, issuer, clients, defaults: initialConfig, now: Date.now() + state.config.clockOffset, notify: announce, issueCode: issueAuthorizationCode, deliver: deliverToInbox };
      try {
        return await route.endpoint(context, request);
      } catch (error) {
        // An error answer still commits what the request changed (a spent try, a dead session).
        if (error instanceof AnswerError) return error.answer;
        throw error;
      }
    });
    return toResponse(result, cors);
  }

  return { issuer, dialect, handle, handlers: [http.all(`${issuer}/*`, ({ request }) => handle(request))] };
}

export { findClient, mockChannelName };
