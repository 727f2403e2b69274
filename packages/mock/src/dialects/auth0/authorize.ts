import { authorizeEndpoint as hostedSignInPage } from '../../authorize.js';
import { originAllowed, uriRegistered } from '../../clients.js';
import type { MockClient } from '../../config.js';
import type { Context } from '../../context.js';
import { hashSecret, randomToken } from '../../crypto.js';
import { escapeHtml, htmlPage, redirect } from '../../html.js';
import { answer, type Answer } from '../../http.js';
import { auth0State, type LoginTicket } from './state.js';
import { findClientOrNull } from './clients.js';

const english = { locale: 'en', direction: 'ltr' } as const;

/** Auth0's own error page, for requests it must not send anywhere (unknown client, unregistered callback). */
export function errorPage(message: string): Answer {
  return htmlPage(400, 'Oops!, something went wrong', `<p class="error" role="alert">${escapeHtml(message)}</p>`, english);
}

/** Makes what the response carries safe to put inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * `response_mode=web_message`: a page that posts `{type: 'authorization_response', response}` to
 * the opener (a popup) or the parent (an iframe) at `targetOrigin` only, as auth0-js and
 * auth0-spa-js wait for it. Framing is allowed for that origin alone.
 */
export function webMessagePage(targetOrigin: string, response: Record<string, string | undefined>): Answer {
  const nonce = randomToken(16);
  const script = `(function () {
  var targetOrigin = ${scriptJson(targetOrigin)};
  var authorizationResponse = { type: 'authorization_response', response: ${scriptJson(response)} };
  var mainWindow = window.opener ? window.opener : window.parent;
  mainWindow.postMessage(authorizationResponse, targetOrigin);
})();`;
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorization Response</title></head><body><script nonce="${nonce}">${script}</script></body></html>`;
  return answer(200, page, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; frame-ancestors ${targetOrigin}; base-uri 'none'`,
    'Referrer-Policy': 'no-referrer',
  });
}

export interface Reply {
  mode: 'query' | 'web_message';
  redirectUri: string;
  state: string | undefined;
}

export function respond(reply: Reply, parameters: Record<string, string | undefined>): Answer {
  const response = { ...parameters, state: reply.state };
  if (reply.mode === 'web_message') return webMessagePage(new URL(reply.redirectUri).origin, response);
  return redirect(reply.redirectUri, response);
}

/** Where the answer may go: a registered callback (query), or a page on an allowed web origin (web_message). */
export function replyTarget(client: MockClient, query: URLSearchParams): Reply | string {
  const redirectUri = query.get('redirect_uri') ?? client.redirectUris[0];
  const responseMode = query.get('response_mode') ?? 'query';
  if (responseMode !== 'query' && responseMode !== 'web_message') return `response_mode "${responseMode}" is not supported by this mock; use query or web_message`;
  if (!redirectUri || !URL.canParse(redirectUri)) return 'The redirect_uri parameter is missing or is not a URL.';
  const mode = responseMode;
  const allowed = mode === 'web_message' ? originAllowed(client, new URL(redirectUri).origin) : uriRegistered(client, redirectUri, client.redirectUris);
  if (!allowed) {
    return mode === 'web_message'
      ? `The origin of ${redirectUri} is not in the Allowed Web Origins of the application.`
      : `Callback URL mismatch. ${redirectUri} is not in the list of allowed callback URLs.`;
  }
  return { mode, redirectUri, state: query.get('state') ?? undefined };
}

/**
 * The PKCE S256 challenge of the request, or `undefined`. Auth0 accepts requests without PKCE; the
 * mock serves single-page applications only and, as the project's rules ask, PKCE S256 only.
 */
export function readCodeChallenge(query: URLSearchParams): string | undefined {
  const codeChallenge = query.get('code_challenge');
  if (query.get('code_challenge_method') !== 'S256' || !codeChallenge || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) return undefined;
  return codeChallenge;
}

/** Takes a login ticket out of the store: it is good for one `/authorize` of its client, within its minute. */
async function redeemTicket(context: Context, client: MockClient, ticket: string): Promise<LoginTicket | undefined> {
  const tickets = auth0State(context.state).loginTickets;
  const hash = await hashSecret(ticket);
  const record = Object.hasOwn(tickets, hash) ? tickets[hash] : undefined;
  delete tickets[hash];
  if (!record || record.clientId !== client.clientId || record.expiresAt <= context.now) return undefined;
  return record;
}

/**
 * Universal Login, as far as the mock has it: the mock's own hosted sign-in page (address, code,
 * 12 languages, the same code rules) stands in for Auth0's passwordless login page, for
 * `/authorize?connection=email&login_hint=…` without a ticket. Its codes are redeemed at
 * `/oauth/token` like any other. Auth0 sends no `iss` with the authorization response, so the
 * page's RFC 9207 `iss` is taken off the redirect.
 */
async function universalLogin(context: Context, request: Request): Promise<Answer> {
  const page = await hostedSignInPage(context, request);
  const location = page.headers?.Location;
  if (page.status !== 302 || location === undefined) return page;
  const target = new URL(location);
  target.searchParams.delete('iss');
  return { ...page, headers: { ...page.headers, Location: target.href } };
}

/**
 * GET /authorize for a single-page application: authorization code with PKCE S256, redeeming the
 * `login_ticket` of `/co/authenticate`, answered by redirect (`response_mode=query`) or by
 * `web_message`. Without a ticket, `prompt=none` answers `login_required` (the mock keeps no
 * session at the tenant) and anything else is Universal Login (GET and the page's POSTs).
 */
export async function authorizeEndpoint(context: Context, request: Request): Promise<Answer> {
  const query = new URL(request.url).searchParams;
  if (request.method === 'POST' || (!query.has('login_ticket') && query.get('prompt') !== 'none')) return universalLogin(context, request);
  const client = findClientOrNull(context, query.get('client_id') ?? undefined);
  if (!client) return errorPage('invalid_request: Unknown client: ' + (query.get('client_id') ?? '(none)'));
  const reply = replyTarget(client, query);
  if (typeof reply === 'string') return errorPage(reply);
  if (query.get('response_type') !== 'code') {
    return respond(reply, { error: 'unsupported_response_type', error_description: 'Only response_type=code (with PKCE) is served by this mock.' });
  }
  const codeChallenge = readCodeChallenge(query);
  if (!codeChallenge) return respond(reply, { error: 'invalid_request', error_description: 'A code_challenge with code_challenge_method=S256 is required.' });
  const ticketValue = query.get('login_ticket');
  if (ticketValue === null) return respond(reply, { error: 'login_required', error_description: 'Login required' });
  const ticket = await redeemTicket(context, client, ticketValue);
  if (!ticket || (reply.mode === 'web_message' && ticket.origin !== undefined && ticket.origin !== new URL(reply.redirectUri).origin)) {
    return respond(reply, { error: 'access_denied', error_description: 'Invalid or expired login ticket.' });
  }
  const code = randomToken();
  const hash = await hashSecret(code);
  context.state.codes[hash] = {
    hash,
    clientId: client.clientId,
    sub: ticket.sub,
    nonce: query.get('nonce') ?? '',
    scope: query.get('scope') ?? 'openid',
    codeChallenge,
    authTime: ticket.authTime,
    amr: ticket.amr,
    expiresAt: context.now + context.state.config.authorizationCodeLifetime * 1000,
    used: false,
    redirectUri: reply.redirectUri,
  };
  return respond(reply, { code });
}
