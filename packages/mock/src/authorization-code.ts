import type { Context } from './context.js';
import { hashSecret, randomToken } from './crypto.js';
import { answer, type Answer } from './http.js';
import type { AuthSession } from './state.js';
import { findOrCreateUser } from './users.js';

/**
 * Ends a verified sign-in: finds (or signs up) the user, spends the `auth_session` and answers the
 * authorization code, bound to the session's client, PKCE challenge, nonce and DPoP key.
 */
export async function issueAuthorizationCode(context: Context, session: AuthSession): Promise<Answer> {
  delete context.state.sessions[session.id];
  const user = findOrCreateUser(context, { identifier: session.identifier, channel: session.channel });
  const authorizationCode = randomToken();
  const hash = await hashSecret(authorizationCode);
  context.state.codes[hash] = {
    hash,
    clientId: session.clientId,
    sub: user.sub,
    nonce: session.nonce,
    scope: session.scope,
    codeChallenge: session.codeChallenge,
    authTime: context.now,
    amr: session.channel === 'sms' ? ['otp', 'sms'] : ['otp'],
    expiresAt: context.now + context.state.config.authorizationCodeLifetime * 1000,
    used: false,
    ...(session.jkt === undefined ? {} : { jkt: session.jkt }),
  };
  return answer(200, { authorization_code: authorizationCode });
}
