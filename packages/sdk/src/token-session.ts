import * as oauth from 'oauth4webapi';
import type { SessionHolder } from './session-holder.js';
import type { Session, TimedSession } from './types.js';

/** Renew at most 30 s before expiry, and never later than halfway through a short-lived token. */
const refreshMargin = 30_000;

/** The session a token response starts or renews; a renewal without an ID token keeps the known claims. */
export function sessionFromTokens(tokens: oauth.TokenEndpointResponse, previous?: Session, now = Date.now()): TimedSession {
  const claims = oauth.getValidatedIdTokenClaims(tokens) ?? previous?.claims ?? {};
  const lifetime = (tokens.expires_in ?? 0) * 1000;
  const email = claims['email'];
  const phone = claims['phone_number'];
  const session: Session = {
    user: {
      sub: String(claims['sub'] ?? previous?.user.sub ?? ''),
      ...(typeof email === 'string' ? { email } : {}),
      ...(typeof phone === 'string' ? { phone } : {}),
    },
    accessToken: tokens.access_token,
    tokenType: tokens.token_type,
    expiresAt: now + lifetime,
    ...(tokens.scope ?? previous?.scope ? { scope: tokens.scope ?? previous!.scope! } : {}),
    claims: Object.freeze({ ...claims }),
  };
  return { session, refreshAt: now + lifetime - Math.min(refreshMargin, lifetime / 2) };
}

/** Starts a session from the token response of a finished sign-in, and tells the other tabs. */
export function establish(holder: SessionHolder, tokens: oauth.TokenEndpointResponse, dpopKeys: CryptoKeyPair | undefined): Promise<Session> {
  return holder.keep(
    {
      ...sessionFromTokens(tokens),
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
      ...(dpopKeys ? { dpopKeys } : {}),
    },
    'signedin',
  );
}
