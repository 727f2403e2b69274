import { originAllowed } from '../../clients.js';
import type { MockClient } from '../../config.js';
import type { Context } from '../../context.js';
import { hashSecret, verifyPkce } from '../../crypto.js';
import { answer, fail, type Answer } from '../../http.js';
import { createFamily, pruneTokens, revokeFamily } from '../../tokens.js';
import { readBody, text } from './body.js';
import { findClientOrNull } from './clients.js';
import { auth0Text, refuseGrant } from './errors.js';
import { issueAuth0Tokens } from './tokens.js';

/**
 * POST /oauth/token for a single-page application: `authorization_code` with PKCE and
 * `refresh_token` with rotation (reusing a rotated token revokes the whole family). Every other
 * grant, the passwordless OTP grant first of all, answers 403 `unauthorized_client`: Auth0 does
 * not let a single-page application switch them on. Auth0 answers `invalid_grant` with 403.
 */
export async function tokenEndpoint(context: Context, request: Request): Promise<Answer> {
  const body = await readBody(request);
  const client = findClientOrNull(context, text(body, 'client_id'));
  if (!client) return fail(401, 'access_denied', auth0Text.unauthorized);
  const origin = request.headers.get('origin');
  if (origin !== null && !originAllowed(client, origin)) return fail(401, 'access_denied', auth0Text.unauthorized);
  const grantType = text(body, 'grant_type');
  if (grantType === undefined) return fail(400, 'invalid_request', 'Missing required parameter: grant_type');
  pruneTokens(context);
  if (grantType === 'authorization_code') return answer(200, await authorizationCodeGrant(context, body, client));
  if (grantType === 'refresh_token') return answer(200, await refreshTokenGrant(context, body, client));
  return refuseGrant(grantType);
}

async function authorizationCodeGrant(context: Context, body: Record<string, unknown>, client: MockClient) {
  const code = text(body, 'code');
  if (code === undefined) return fail(400, 'invalid_request', 'Missing required parameter: code');
  const record = context.state.codes[await hashSecret(code)];
  if (!record || record.clientId !== client.clientId) return fail(403, 'invalid_grant', auth0Text.invalidCode);
  if (record.used) {
    if (record.familyId) revokeFamily(context, record.familyId);
    return fail(403, 'invalid_grant', auth0Text.invalidCode);
  }
  record.used = true;
  if (record.expiresAt <= context.now) fail(403, 'invalid_grant', auth0Text.invalidCode);
  if (record.redirectUri !== undefined && text(body, 'redirect_uri') !== undefined && text(body, 'redirect_uri') !== record.redirectUri) {
    fail(403, 'invalid_grant', 'redirect_uri does not match the one of the authorization request');
  }
  if (!(await verifyPkce(text(body, 'code_verifier') ?? '', record.codeChallenge))) fail(403, 'invalid_grant', auth0Text.codeVerifier);
  if (!context.state.users[record.sub]) fail(403, 'invalid_grant', auth0Text.invalidCode);
  const family = createFamily(context, {
    clientId: client.clientId,
    sub: record.sub,
    authTime: record.authTime,
    amr: record.amr,
    nonce: record.nonce,
  });
  record.familyId = family.id;
  return issueAuth0Tokens(context, family, record.scope, record.nonce);
}

async function refreshTokenGrant(context: Context, body: Record<string, unknown>, client: MockClient) {
  const refreshToken = text(body, 'refresh_token');
  if (refreshToken === undefined) return fail(400, 'invalid_request', 'Missing required parameter: refresh_token');
  const record = context.state.refreshTokens[await hashSecret(refreshToken)];
  const family = record && context.state.families[record.familyId];
  if (!record || !family || family.revoked || record.clientId !== client.clientId || record.expiresAt <= context.now) {
    return fail(403, 'invalid_grant', auth0Text.refreshToken);
  }
  if (record.rotatedAt !== undefined) {
    // Refresh token rotation: a second use of a rotated token means it leaked.
    revokeFamily(context, family.id);
    return fail(403, 'invalid_grant', auth0Text.refreshToken);
  }
  const requested = text(body, 'scope');
  const granted = record.scope.split(' ');
  if (requested !== undefined && !requested.split(' ').every((scope) => granted.includes(scope))) {
    fail(403, 'access_denied', 'Service not found or scope not allowed');
  }
  record.rotatedAt = context.now;
  // A refresh's ID token carries no nonce (OIDC Core §12.2).
  return issueAuth0Tokens(context, family, requested ?? record.scope);
}
