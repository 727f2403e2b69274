import { findClient } from './clients.js';
import { seconds, type Context } from './context.js';
import { hashSecret, randomToken, verifyPkce } from './crypto.js';
import { answer, fail, readForm, required, type Answer } from './http.js';
import { signJwt } from './keys.js';

/** POST /token: RFC 6749 §4.1.3, with PKCE (RFC 7636) required and no `redirect_uri` for challenge codes. */
export async function tokenEndpoint(context: Context, request: Request): Promise<Answer> {
  const form = await readForm(request);
  const client = findClient(context.clients, form.get('client_id'));
  const grantType = required(form, 'grant_type');
  if (grantType !== 'authorization_code') fail(400, 'unsupported_grant_type', `grant_type "${grantType}" is not supported`);
  const code = required(form, 'code');
  const codeVerifier = required(form, 'code_verifier');
  const record = context.state.codes[await hashSecret(code)];
  if (!record || record.clientId !== client.clientId) fail(400, 'invalid_grant', 'unknown authorization code');
  if (record.used) fail(400, 'invalid_grant', 'the authorization code was already used');
  // Spent before any other check: a code gets exactly one try, right or wrong.
  record.used = true;
  if (record.expiresAt <= context.now) fail(400, 'invalid_grant', 'the authorization code expired');
  if (!(await verifyPkce(codeVerifier, record.codeChallenge))) fail(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
  const user = context.state.users[record.sub];
  if (!user) fail(400, 'invalid_grant', 'the user no longer exists');
  const lifetime = context.state.config.accessTokenLifetime;
  const issuedAt = seconds(context.now);
  const idToken = await signJwt(context.state, {
    iss: context.issuer,
    sub: user.sub,
    aud: client.clientId,
    iat: issuedAt,
    exp: issuedAt + lifetime,
    auth_time: seconds(record.authTime),
    ...(record.nonce ? { nonce: record.nonce } : {}),
    amr: record.amr,
    ...(user.email ? { email: user.email, email_verified: true } : {}),
    ...(user.phone ? { phone_number: user.phone, phone_number_verified: true } : {}),
  });
  return answer(200, {
    access_token: randomToken(),
    token_type: 'Bearer',
    expires_in: lifetime,
    id_token: idToken,
    scope: record.scope,
  });
}
