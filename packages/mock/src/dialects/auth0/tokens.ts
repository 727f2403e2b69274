import { seconds, type Context } from '../../context.js';
import { hashSecret, randomToken } from '../../crypto.js';
import type { TokenFamily, User } from '../../state.js';
import { signAuth0Jwt } from './keys.js';

/** Auth0's user ID: the connection, a bar, and the ID within it (`email|…`, `sms|…`). */
export function auth0UserId(user: User): string {
  return `${user.phone !== undefined ? 'sms' : 'email'}|${user.sub}`;
}

/** The profile claims Auth0 gives a passwordless user, for the ID token and `/userinfo`. */
export function profileClaims(user: User, scopes: readonly string[]): Record<string, unknown> {
  const name = user.email ?? user.phone ?? '';
  return {
    ...(scopes.includes('profile') ? { nickname: name.split('@')[0], name, updated_at: new Date(user.createdAt).toISOString() } : {}),
    ...(scopes.includes('email') && user.email ? { email: user.email, email_verified: true } : {}),
    ...(scopes.includes('phone') && user.phone ? { phone_number: user.phone, phone_number_verified: true } : {}),
  };
}

/**
 * The token response Auth0 gives a single-page application: an opaque access token for
 * `/userinfo`, an RS256 ID token with `iss` ending in `/`, and a rotating refresh token when
 * `offline_access` was asked for (never for a magic-link sign-in).
 */
export async function issueAuth0Tokens(context: Context, family: TokenFamily, scope: string, nonce?: string): Promise<Record<string, unknown>> {
  const { state, now } = context;
  const lifetime = state.config.accessTokenLifetime;
  const user = state.users[family.sub]!;
  const scopes = scope.split(' ');
  const accessToken = randomToken();
  const accessHash = await hashSecret(accessToken);
  state.accessTokens[accessHash] = { hash: accessHash, familyId: family.id, clientId: family.clientId, sub: family.sub, scope, expiresAt: now + lifetime * 1000 };
  let refreshToken: string | undefined;
  if (scopes.includes('offline_access') && !family.amr.includes('link')) {
    refreshToken = randomToken();
    const refreshHash = await hashSecret(refreshToken);
    state.refreshTokens[refreshHash] = { hash: refreshHash, familyId: family.id, clientId: family.clientId, sub: family.sub, scope, expiresAt: family.expiresAt };
  }
  const issuedAt = seconds(now);
  const idToken = await signAuth0Jwt(state, {
    ...profileClaims(user, [...scopes, 'email', 'phone']),
    iss: `${context.issuer}/`,
    aud: family.clientId,
    sub: auth0UserId(user),
    iat: issuedAt,
    exp: issuedAt + lifetime,
    auth_time: seconds(family.authTime),
    sid: family.id,
    ...(nonce ? { nonce } : {}),
  });
  return {
    access_token: accessToken,
    id_token: idToken,
    scope,
    expires_in: lifetime,
    token_type: 'Bearer',
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
  };
}
