import { findClient } from './clients.js';
import type { Context } from './context.js';
import { hashSecret } from './crypto.js';
import { answer, readForm, required, type Answer } from './http.js';
import { revokeFamily } from './tokens.js';

/**
 * POST /revoke (RFC 7009). Revoking a refresh token revokes its whole family (every access and
 * refresh token of that sign-in, §2.1); revoking an access token revokes just that token.
 * Unknown tokens, and tokens of another client, answer 200 too (§2.2): nobody learns what exists.
 */
export async function revocationEndpoint(context: Context, request: Request): Promise<Answer> {
  const form = await readForm(request);
  const client = findClient(context.clients, form.get('client_id'));
  const hash = await hashSecret(required(form, 'token'));
  // token_type_hint is only an optimisation (§2.1): both kinds are looked up, so it is ignored.
  const refresh = context.state.refreshTokens[hash];
  if (refresh && refresh.clientId === client.clientId) revokeFamily(context, refresh.familyId);
  const access = context.state.accessTokens[hash];
  if (access && access.clientId === client.clientId) delete context.state.accessTokens[hash];
  return answer(200, null);
}
