import { uriRegistered } from '../../clients.js';
import type { Context } from '../../context.js';
import { hashSecret } from '../../crypto.js';
import { AnswerError, answer, fail, oauthError, type Answer } from '../../http.js';
import { findAccessToken, revokeFamily } from '../../tokens.js';
import { errorPage } from './authorize.js';
import { readBody, text } from './body.js';
import { findClientOrNull } from './clients.js';
import { auth0Text } from './errors.js';
import { auth0UserId, profileClaims } from './tokens.js';

/** GET|POST /userinfo: the user's profile for an access token (`Authorization: Bearer`). */
export async function userinfoEndpoint(context: Context, request: Request): Promise<Answer> {
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(request.headers.get('authorization') ?? '');
  const record = match ? await findAccessToken(context, match[1]!) : undefined;
  const user = record && context.state.users[record.sub];
  if (!record || !user) {
    throw new AnswerError({ ...oauthError(401, 'invalid_token', auth0Text.unauthorized), headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
  }
  return answer(200, { sub: auth0UserId(user), ...profileClaims(user, [...record.scope.split(' '), 'profile']) });
}

/**
 * POST /oauth/revoke `{client_id, token}`: revokes a refresh token and every token of its sign-in.
 * Answers 200 with an empty body, also for tokens it does not know (RFC 7009 §2.2).
 */
export async function revokeEndpoint(context: Context, request: Request): Promise<Answer> {
  const body = await readBody(request);
  const client = findClientOrNull(context, text(body, 'client_id'));
  if (!client) return fail(401, 'access_denied', auth0Text.unauthorized);
  const token = text(body, 'token');
  if (token === undefined) return fail(400, 'invalid_request', 'Missing required parameter: token');
  const refresh = context.state.refreshTokens[await hashSecret(token)];
  if (refresh && refresh.clientId === client.clientId) revokeFamily(context, refresh.familyId);
  return answer(200, null);
}

/**
 * GET /v2/logout?client_id=&returnTo=: ends the tenant's session and sends the browser to
 * `returnTo` when it is one of the application's Allowed Logout URLs. The mock keeps no session
 * cookie at the tenant, so there is nothing else to end; tokens stay valid until revoked, as at Auth0.
 */
export function logoutEndpoint(context: Context, request: Request): Answer {
  const query = new URL(request.url).searchParams;
  const returnTo = query.get('returnTo') ?? query.get('post_logout_redirect_uri');
  if (returnTo === null) return answer(200, 'OK', { 'Content-Type': 'text/plain; charset=utf-8' });
  const client = findClientOrNull(context, query.get('client_id') ?? undefined);
  if (!client || !uriRegistered(client, returnTo, client.postLogoutRedirectUris ?? [])) {
    return errorPage(`The "returnTo" querystring parameter "${returnTo}" is not defined as a valid URL in "Allowed Logout URLs".`);
  }
  const state = query.get('state');
  const target = new URL(returnTo);
  if (state !== null && query.has('post_logout_redirect_uri')) target.searchParams.set('state', state);
  return answer(302, null, { Location: target.href });
}
