import { challengeEndpoint } from './challenge.js';
import { uriRegistered } from './clients.js';
import type { MockClient } from './config.js';
import type { Context } from './context.js';
import { hashSecret } from './crypto.js';
import { errorPage, redirect, withParameters } from './html.js';
import { AnswerError, type Answer } from './http.js';
import { maskAddress } from './messages.js';
import { codePage, codeSignInOffPage, emailPage } from './authorize-pages.js';
import { addressProblem, codeProblem } from './authorize-problems.js';
import { localeField, pageLanguage } from './page-language.js';
import type { PageText } from './page-texts.js';

/** One authorization request (RFC 6749 §4.1.1 + PKCE + OIDC `nonce`), checked and ready to use. */
export interface AuthorizeRequest {
  client: MockClient;
  redirectUri: string;
  state?: string;
  scope: string;
  codeChallenge: string;
  nonce: string;
  loginHint?: string;
  dpopJkt?: string;
}

/** Parameters the page carries from step to step (all but the user's input). */
const requestParameters = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'nonce', 'ui_locales', 'dpop_jkt', 'response_mode'];

/** The parameters of a GET, or of a form POST of at most 16 KiB; `undefined` for anything else. */
export async function readParameters(request: Request): Promise<URLSearchParams | undefined> {
  if (request.method === 'GET') return new URL(request.url).searchParams;
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  const text = await request.text();
  return text.length > 16 * 1024 ? undefined : new URLSearchParams(text);
}

/**
 * Checks an authorization request. Until the client and its redirect URI are known to be
 * registered, problems answer an error page and never a redirect (RFC 6749 §4.1.2.1: no open
 * redirector); after that, they are sent back to the client as `error` parameters.
 */
function checkRequest(context: Context, query: URLSearchParams, text: PageText): AuthorizeRequest | Answer {
  const repeated = [...new Set(query.keys())].filter((name) => query.getAll(name).length > 1);
  const clientId = query.get('client_id');
  const client = context.clients.find((candidate) => candidate.clientId === clientId);
  if (!client || repeated.includes('client_id')) return errorPage(400, text.unknownClient, text.cannotContinueHeading, text);
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri || repeated.includes('redirect_uri') || !URL.canParse(redirectUri) || !uriRegistered(client, redirectUri, client.redirectUris)) {
    return errorPage(400, text.unknownRedirectUri, text.cannotContinueHeading, text);
  }
  const state = query.get('state') ?? undefined;
  const back = (error: string, description: string) => redirect(redirectUri, { error, error_description: description, state, iss: context.issuer });
  if (repeated.length > 0) return back('invalid_request', `parameter "${repeated[0]}" is repeated`);
  if (query.get('response_type') !== 'code') return back('unsupported_response_type', 'response_type must be "code"');
  const responseMode = query.get('response_mode');
  if (responseMode !== null && responseMode !== 'query') return back('invalid_request', 'only response_mode "query" is supported');
  const codeChallenge = query.get('code_challenge');
  if (query.get('code_challenge_method') !== 'S256' || !codeChallenge || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
    return back('invalid_request', 'PKCE with code_challenge_method S256 is required');
  }
  const nonce = query.get('nonce');
  if (!nonce) return back('invalid_request', 'nonce is required');
  const dpopJkt = query.get('dpop_jkt') ?? undefined;
  if (dpopJkt !== undefined && !/^[A-Za-z0-9_-]{43}$/.test(dpopJkt)) return back('invalid_request', 'dpop_jkt is not a JWK SHA-256 thumbprint');
  return {
    client,
    redirectUri,
    ...(state === undefined ? {} : { state }),
    scope: query.get('scope') ?? 'openid',
    codeChallenge,
    nonce,
    ...(query.get('login_hint') ? { loginHint: query.get('login_hint')! } : {}),
    ...(dpopJkt === undefined ? {} : { dpopJkt }),
  };
}

/** Calls the challenge endpoint as the hosted page's own client, so every policy applies here too. */
async function challenge(context: Context, request: Request, fields: Record<string, string | undefined>): Promise<Answer> {
  const body = new URLSearchParams(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': request.headers.get('user-agent') ?? '' };
  try {
    return await challengeEndpoint(context, new Request(`${context.issuer}/challenge`, { method: 'POST', headers, body }));
  } catch (error) {
    if (error instanceof AnswerError) return error.answer;
    throw error;
  }
}

/**
 * GET|POST /authorize: the hosted sign-in page of redirect mode. GET shows the address form;
 * POST `pwless_step=start` sends a code, `verify` checks it and redirects to the client with
 * `code`, `state` and `iss` (RFC 9207), `resend` sends a new code. Every page is in the language
 * of `ui_locales`, else of `Accept-Language`, and the forms carry that choice to the next step.
 */
export async function authorizeEndpoint(context: Context, request: Request): Promise<Answer> {
  const acceptLanguage = request.headers.get('accept-language');
  const query = await readParameters(request);
  if (!query) {
    const text = pageLanguage({ acceptLanguage });
    return errorPage(400, text.unreadableForm, text.cannotContinueHeading, text);
  }
  const step = request.method === 'GET' ? 'show' : query.get('pwless_step');
  if (step === 'verify' || step === 'resend' || step === 'address') return codeStep(context, request, query, step);
  const text = pageLanguage({ carried: query.get(localeField), uiLocales: query.get('ui_locales'), acceptLanguage });
  const checked = checkRequest(context, query, text);
  if ('status' in checked) return checked;
  if (!context.state.config.deliveries.includes('code')) {
    const description = 'sign-in by code is turned off on this server';
    return codeSignInOffPage(text, withParameters(checked.redirectUri, { error: 'access_denied', error_description: description, state: checked.state, iss: context.issuer }));
  }
  const hidden = Object.fromEntries(requestParameters.map((name) => [name, query.get(name) ?? undefined]));
  if (step !== 'start') return emailPage(text, hidden, checked.loginHint);
  for (const [key, pending] of Object.entries(context.state.pageRequests)) {
    if (pending.expiresAt <= context.now) delete context.state.pageRequests[key];
  }
  const started = await challenge(context, request, {
    response_type: 'code',
    client_id: checked.client.clientId,
    login_hint: checked.loginHint,
    scope: checked.scope,
    code_challenge: checked.codeChallenge,
    code_challenge_method: 'S256',
    nonce: checked.nonce,
    // The message speaks the page's language, even when that came from Accept-Language.
    ui_locales: text.locale,
  });
  const body = started.body as { error?: string; auth_session?: string; pwless?: { to?: string; phrase?: string } };
  if (body.error !== 'insufficient_authorization' || !body.auth_session) {
    return emailPage(text, hidden, checked.loginHint, addressProblem(context, checked.loginHint ?? '', started));
  }
  context.state.pageRequests[await hashSecret(body.auth_session)] = {
    clientId: checked.client.clientId,
    redirectUri: checked.redirectUri,
    ...(checked.state === undefined ? {} : { state: checked.state }),
    responseMode: 'query',
    expiresAt: context.now + context.state.config.sessionLifetime * 1000,
    ...(checked.dpopJkt === undefined ? {} : { jkt: checked.dpopJkt }),
    parameters: Object.fromEntries(Object.entries(hidden).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    loginHint: checked.loginHint ?? '',
  };
  return codePage(text, body.auth_session, body.pwless ?? {});
}

/**
 * The steps of a started sign-in, found by its `auth_session`: `verify` a code, `resend` one, or
 * go back to the `address` form of the same request (same client, redirect URI, state, nonce, PKCE
 * challenge and language, the address as typed) to sign in with another one.
 */
async function codeStep(context: Context, request: Request, query: URLSearchParams, step: 'verify' | 'resend' | 'address'): Promise<Answer> {
  const authSession = query.get('auth_session') ?? '';
  const key = await hashSecret(authSession);
  const pageRequest = Object.hasOwn(context.state.pageRequests, key) ? context.state.pageRequests[key] : undefined;
  const started = Object.hasOwn(context.state.sessions, key) ? context.state.sessions[key] : undefined;
  const text = pageLanguage({ carried: query.get(localeField), sessionLocale: started?.locale, acceptLanguage: request.headers.get('accept-language') });
  if (!pageRequest || pageRequest.expiresAt <= context.now) {
    delete context.state.pageRequests[key];
    return errorPage(400, text.signInExpired, text.cannotContinueHeading, text);
  }
  if (step === 'address') {
    // The abandoned sign-in can no longer finish from this page: a second code page would be a
    // second way into one authorization request.
    delete context.state.pageRequests[key];
    return emailPage(text, pageRequest.parameters, pageRequest.loginHint);
  }
  const back = (parameters: Record<string, string | undefined>) => redirect(pageRequest.redirectUri, { ...parameters, state: pageRequest.state, iss: context.issuer });
  const result = await challenge(context, request, {
    response_type: 'code',
    client_id: pageRequest.clientId,
    auth_session: authSession,
    ...(step === 'resend' ? { pwless_action: 'resend' } : { otp: query.get('otp') ?? '' }),
  });
  const body = result.body as { error?: string; authorization_code?: string; pwless?: { to?: string; phrase?: string } };
  if (body.authorization_code) {
    delete context.state.pageRequests[key];
    const record = context.state.codes[await hashSecret(body.authorization_code)];
    if (record) {
      // RFC 6749 §4.1.3: the token request must repeat this redirect_uri; RFC 9449 §10: dpop_jkt binds the code.
      record.redirectUri = pageRequest.redirectUri;
      if (pageRequest.jkt) record.jkt = pageRequest.jkt;
    }
    return back({ code: body.authorization_code });
  }
  if (body.error === 'insufficient_authorization') return codePage(text, authSession, body.pwless ?? {}, undefined, true);
  if (body.error === 'invalid_session' || body.error === 'otp_attempts_exceeded') {
    delete context.state.pageRequests[key];
    return back({ error: 'access_denied', error_description: body.error === 'invalid_session' ? 'the sign-in expired' : 'too many wrong codes' });
  }
  const session = Object.hasOwn(context.state.sessions, key) ? context.state.sessions[key] : undefined;
  const shown = session ? { to: maskAddress(session.identifier), ...(session.phrase ? { phrase: session.phrase } : {}) } : {};
  return codePage(text, authSession, shown, codeProblem(result));
}
