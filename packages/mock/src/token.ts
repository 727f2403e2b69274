import { findClient, originAllowed } from './clients.js';
import type { Context } from './context.js';
import { hashSecret, verifyPkce } from './crypto.js';
import { checkDpopBinding, dpopKeyThumbprint, dpopNonceHeaders } from './dpop.js';
import { answer, fail, readForm, required, type Answer } from './http.js';
import type { MockClient } from './config.js';
import { createFamily, issueTokens, pruneTokens, revokeFamily } from './tokens.js';

/** POST /token: RFC 6749 §4.1.3 with PKCE (RFC 7636) required, §6 refresh with rotation, DPoP (RFC 9449). */
export async function tokenEndpoint(context: Context, request: Request): Promise<Answer> {
  const form = await readForm(request);
  const client = findClient(context.clients, form.get('client_id'));
  // A public client cannot authenticate, but a browser always names its origin: only registered ones may redeem.
  const origin = request.headers.get('origin');
  if (origin !== null && !originAllowed(client, origin)) fail(400, 'unauthorized_client', 'this origin is not registered for the client');
  const grantType = required(form, 'grant_type');
  // The proof is checked before any grant is looked at, so a nonce round trip never spends a code.
  const jkt = await dpopKeyThumbprint(context, request);
  pruneTokens(context);
  let body: Record<string, unknown>;
  if (grantType === 'authorization_code') body = await authorizationCodeGrant(context, form, client, jkt);
  else if (grantType === 'refresh_token') body = await refreshTokenGrant(context, form, client, jkt);
  else return fail(400, 'unsupported_grant_type', `grant_type "${grantType}" is not supported`);
  return answer(200, body, dpopNonceHeaders(context));
}

async function authorizationCodeGrant(context: Context, form: Map<string, string>, client: MockClient, jkt: string | undefined) {
  const code = required(form, 'code');
  const codeVerifier = required(form, 'code_verifier');
  const record = context.state.codes[await hashSecret(code)];
  if (!record || record.clientId !== client.clientId) return fail(400, 'invalid_grant', 'unknown authorization code');
  if (record.used) {
    // RFC 6749 §4.1.2: a replayed code may mean it leaked, so what it bought is revoked too.
    if (record.familyId) revokeFamily(context, record.familyId);
    return fail(400, 'invalid_grant', 'the authorization code was already used');
  }
  // Spent before any other check: a code gets exactly one try, right or wrong.
  record.used = true;
  if (record.expiresAt <= context.now) fail(400, 'invalid_grant', 'the authorization code expired');
  if (record.redirectUri !== undefined && form.get('redirect_uri') !== record.redirectUri) {
    fail(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
  }
  if (!(await verifyPkce(codeVerifier, record.codeChallenge))) fail(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
  checkDpopBinding(record.jkt, jkt, 'the authorization code');
  if (!context.state.users[record.sub]) fail(400, 'invalid_grant', 'the user no longer exists');
  const family = createFamily(context, {
    clientId: client.clientId,
    sub: record.sub,
    authTime: record.authTime,
    amr: record.amr,
    nonce: record.nonce,
    ...(jkt ? { jkt } : {}),
  });
  record.familyId = family.id;
  return issueTokens(context, family, record.scope, record.nonce);
}

async function refreshTokenGrant(context: Context, form: Map<string, string>, client: MockClient, jkt: string | undefined) {
  const refreshToken = required(form, 'refresh_token');
  const record = context.state.refreshTokens[await hashSecret(refreshToken)];
  const family = record && context.state.families[record.familyId];
  if (!record || !family || family.revoked || record.clientId !== client.clientId || record.expiresAt <= context.now) {
    return fail(400, 'invalid_grant', 'unknown, expired or revoked refresh token');
  }
  // Checked before the rotation check: a thief without the key can neither rotate nor revoke.
  checkDpopBinding(family.jkt, jkt, 'the refresh token');
  if (record.rotatedAt !== undefined) {
    revokeFamily(context, family.id);
    return fail(400, 'invalid_grant', 'the refresh token was already used; every token of this sign-in is now revoked');
  }
  const requested = form.get('scope');
  const granted = record.scope.split(' ');
  if (requested !== undefined && !requested.split(' ').every((scope) => granted.includes(scope))) {
    fail(400, 'invalid_scope', 'a refresh may only keep or narrow the granted scope');
  }
  record.rotatedAt = context.now;
  return issueTokens(context, family, requested ?? record.scope);
}
