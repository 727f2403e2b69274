import { http, HttpResponse, type HttpHandler } from 'msw';
import { announce } from '../announce.js';
import { issueAuthorizationCode } from '../authorization-code.js';
import type { MockClient, MockConfig } from '../config.js';
import type { Context } from '../context.js';
import { configEndpoint, inboxEndpoint, resetEndpoint, usersEndpoint } from '../dev.js';
import { AnswerError, readText, type Answer } from '../http.js';
import { deliverToInbox } from '../send.js';
import type { MockState, MockStore } from '../state.js';

/** What a vendor variant is built from: the same store, clients and policies as the pwless provider. */
export interface VariantOptions {
  /** The vendor's base URL without a trailing slash (Appwrite's ends in `/v1`). */
  baseUrl: string;
  store: MockStore;
  /** Registered clients: their origins are the browser origins the variant allows (CORS). */
  clients: readonly MockClient[];
  /** The policies the mock was created with: what `POST /_mock/reset` returns to. */
  defaults: MockConfig;
}

/**
 * A mock of one vendor's API: msw handlers for everything under its base URL, the dev endpoints
 * (`/_mock/*`) included. The same handlers serve the service worker, `setupServer`, `getResponse`
 * and the `pwless-mock --dialect` command.
 */
export interface Variant {
  /** The base URL used when none is given (a name only the service worker answers); its path is kept by `pwless-mock`. */
  defaultBaseUrl: string;
  /** Policies where the vendor's own defaults differ from the mock's; options given to the mock still win. */
  config?: Partial<MockConfig>;
  handlers(options: VariantOptions): HttpHandler[];
}

/** An endpoint's answer; `cookies` are `Set-Cookie` values, one per cookie. */
export interface VariantAnswer extends Answer {
  cookies?: string[];
}

/** What a vendor endpoint sees of one request besides the state. */
export interface VariantRequest {
  request: Request;
  /** Path parameters of the route (`:id`). */
  params: Record<string, string>;
  /** Cookies sent with the request (in the browser also those msw keeps for mocked responses). */
  cookies: Record<string, string>;
}

export type VariantEndpoint = (context: Context, input: VariantRequest) => VariantAnswer | Promise<VariantAnswer>;

/** How one vendor answers what every endpoint shares. */
export interface VariantRules {
  /** CORS headers for a request (none when its origin is not allowed). Preflights get them with a 204. */
  cors(request: Request): Record<string, string>;
  /** The vendor's answer when the fault switch (`failureRate`) fails a request. */
  unavailable(): VariantAnswer;
  /** The vendor's answer for a path under the base URL that it does not serve. */
  notFound(request: Request): VariantAnswer;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Stops an endpoint with a vendor-shaped error answer; what the request changed is still kept. */
export function stop(answer: VariantAnswer): never {
  throw new AnswerError(answer);
}

/**
 * A request body as UTF-8 text (at most 16 KiB), or `undefined` when it is too large or not UTF-8:
 * the variant then answers in its vendor's words.
 */
export async function readBodyText(request: Request): Promise<string | undefined> {
  try {
    return await readText(request);
  } catch (error) {
    if (error instanceof AnswerError) return undefined;
    throw error;
  }
}

/** The part of the state one variant owns, created on first use. */
export function variantState<T>(state: MockState, dialect: string, create: () => T): T {
  state.variants ??= {};
  if (!Object.hasOwn(state.variants, dialect)) state.variants[dialect] = create();
  return state.variants[dialect] as T;
}

function toResponse(result: VariantAnswer, cors: Record<string, string>): Response {
  const headers = new Headers({ 'Cache-Control': 'no-store', ...cors, ...result.headers });
  for (const cookie of result.cookies ?? []) headers.append('Set-Cookie', cookie);
  let body: string | null = null;
  if (typeof result.body === 'string') body = result.body;
  else if (result.body !== null) {
    body = JSON.stringify(result.body);
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  }
  // msw's HttpResponse, so that msw keeps the cookies it sets for later requests (the service worker cannot).
  return new HttpResponse(body, { status: result.status, headers });
}

/**
 * Builds the handlers of a variant: `route` wraps a vendor endpoint with the mock's switches
 * (latency, offline, injected failures) and one store transaction; `finish` adds the dev
 * endpoints, CORS preflights and the vendor's 404 for everything else.
 */
export function variantRouter(options: VariantOptions, rules: VariantRules) {
  const { baseUrl, store, clients, defaults } = options;

  async function run(request: Request, work: (context: Context) => VariantAnswer | Promise<VariantAnswer>, switches: boolean): Promise<Response> {
    const cors = rules.cors(request);
    if (switches) {
      const config = await store.transact((state) => state.config);
      if (config.latency > 0) await new Promise((resolve) => setTimeout(resolve, config.latency));
      if (config.offline) return Response.error();
      if (config.failureRate > 0 && Math.random() < config.failureRate) return toResponse(rules.unavailable(), cors);
    }
    const result = await store.transact(async (state) => {
      const context: Context = { state, issuer: baseUrl, clients, defaults, now: Date.now() + state.config.clockOffset, notify: announce, issueCode: issueAuthorizationCode, deliver: deliverToInbox };
      try {
        return await work(context);
      } catch (error) {
        if (error instanceof AnswerError) return error.answer as VariantAnswer;
        throw error;
      }
    });
    return toResponse(result, cors);
  }

  const routes: HttpHandler[] = [];

  return {
    route(method: Method, path: string, endpoint: VariantEndpoint): void {
      routes.push(
        http[method](`${baseUrl}${path}`, ({ request, params, cookies }) =>
          run(request, (context) => endpoint(context, { request, params: params as Record<string, string>, cookies }), true),
        ),
      );
    },
    finish(): HttpHandler[] {
      const dev = (path: string, methods: Method[], endpoint: (context: Context, request: Request) => Answer | Promise<Answer>) =>
        methods.map((method) => http[method](`${baseUrl}/_mock/${path}`, ({ request }) => run(request, (context) => endpoint(context, request), false)));
      return [
        http.options(`${baseUrl}/*`, ({ request }) => new HttpResponse(null, { status: 204, headers: rules.cors(request) })),
        ...dev('inbox', ['get', 'delete'], inboxEndpoint),
        ...dev('config', ['get', 'put'], configEndpoint),
        ...dev('users', ['get', 'post', 'delete'], usersEndpoint),
        ...dev('reset', ['post'], resetEndpoint),
        ...routes,
        http.all(`${baseUrl}/*`, ({ request }) => toResponse(rules.notFound(request), rules.cors(request))),
      ];
    },
  };
}
