import { seconds, type Context } from './context.js';
import { hashSecret, randomToken } from './crypto.js';
import { signJwt } from './keys.js';
import type { AccessTokenRecord, TokenFamily } from './state.js';

/**
 * Token records and families. Every access and refresh token descends from one authorization code
 * through one family; the family is what reuse detection, revocation and logout revoke.
 * Tokens are stored only as hashes, so a copy of the state gives no usable token.
 */

/** Forgets families (and their tokens), access tokens and authorization codes whose lifetime is over. */
export function pruneTokens(context: Context): void {
  const { state, now } = context;
  for (const family of Object.values(state.families)) {
    if (family.expiresAt <= now) revokeFamily(context, family.id, true);
  }
  for (const token of Object.values(state.accessTokens)) {
    if (token.expiresAt <= now) delete state.accessTokens[token.hash];
  }
  // Expired codes are kept a while longer, so a late exchange is told "expired" rather than "unknown".
  for (const code of Object.values(state.codes)) {
    if (code.expiresAt + 600_000 <= now) delete state.codes[code.hash];
  }
}

/**
 * Revokes every access and refresh token of a family. A revoked family is remembered until it
 * would have expired, so a late reuse of one of its refresh tokens is still recognised.
 */
export function revokeFamily(context: Context, familyId: string, forget = false): void {
  const { state } = context;
  for (const token of Object.values(state.accessTokens)) {
    if (token.familyId === familyId) delete state.accessTokens[token.hash];
  }
  for (const token of Object.values(state.refreshTokens)) {
    if (token.familyId === familyId) delete state.refreshTokens[token.hash];
  }
  const family = state.families[familyId];
  if (!family) return;
  if (forget) delete state.families[familyId];
  else family.revoked = true;
}

export function createFamily(context: Context, fields: Omit<TokenFamily, 'id' | 'createdAt' | 'expiresAt' | 'revoked'>): TokenFamily {
  const family: TokenFamily = {
    id: randomToken(12),
    ...fields,
    createdAt: context.now,
    expiresAt: context.now + context.state.config.refreshTokenLifetime * 1000,
    revoked: false,
  };
  context.state.families[family.id] = family;
  return family;
}

/**
 * Issues a new access token, a new refresh token (always: public clients get rotating refresh
 * tokens) and an ID token for `family`, and answers the RFC 6749 §5.1 token response body.
 */
export async function issueTokens(context: Context, family: TokenFamily, scope: string, nonce?: string): Promise<Record<string, unknown>> {
  const { state, now } = context;
  const lifetime = state.config.accessTokenLifetime;
  const user = state.users[family.sub];
  const accessToken = randomToken();
  const accessRecord: AccessTokenRecord = {
    hash: await hashSecret(accessToken),
    familyId: family.id,
    clientId: family.clientId,
    sub: family.sub,
    scope,
    expiresAt: now + lifetime * 1000,
    ...(family.jkt ? { jkt: family.jkt } : {}),
  };
  state.accessTokens[accessRecord.hash] = accessRecord;
  const refreshToken = randomToken();
  const refreshHash = await hashSecret(refreshToken);
  state.refreshTokens[refreshHash] = {
    hash: refreshHash,
    familyId: family.id,
    clientId: family.clientId,
    sub: family.sub,
    scope,
    expiresAt: family.expiresAt,
    ...(family.jkt ? { jkt: family.jkt } : {}),
  };
  const issuedAt = seconds(now);
  const idToken = await signJwt(state, {
    iss: context.issuer,
    sub: family.sub,
    aud: family.clientId,
    iat: issuedAt,
    exp: issuedAt + lifetime,
    auth_time: seconds(family.authTime),
    ...(nonce ? { nonce } : {}),
    amr: family.amr,
    ...(user?.email ? { email: user.email, email_verified: true } : {}),
    ...(user?.phone ? { phone_number: user.phone, phone_number_verified: true } : {}),
  });
  return {
    access_token: accessToken,
    token_type: family.jkt ? 'DPoP' : 'Bearer',
    expires_in: lifetime,
    refresh_token: refreshToken,
    id_token: idToken,
    scope,
  };
}

/** Finds a live access token: known, not expired, its family not revoked. */
export async function findAccessToken(context: Context, token: string): Promise<AccessTokenRecord | undefined> {
  const record = context.state.accessTokens[await hashSecret(token)];
  if (!record || record.expiresAt <= context.now) return undefined;
  const family = context.state.families[record.familyId];
  if (!family || family.revoked) return undefined;
  return record;
}
