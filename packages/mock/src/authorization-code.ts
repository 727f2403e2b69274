import type { Context } from './context.js';
import { hashSecret, randomToken } from './crypto.js';
import { answer, fail, type Answer } from './http.js';
import type { AuthSession, User } from './state.js';
import { findOrCreateUser } from './users.js';

/**
 * Ends a verified sign-in: finds (or signs up) the user, spends the `auth_session` and answers the
 * authorization code, bound to the session's client, PKCE challenge, nonce and DPoP key.
 */
export async function issueAuthorizationCode(context: Context, session: AuthSession): Promise<Answer> {
  delete context.state.sessions[session.id];
  // A passkey names the account itself; a code or link proves an address.
  const user = session.sub !== undefined ? accountOf(context, session.sub) : findOrCreateUser(context, { identifier: session.identifier, channel: session.channel });
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
    amr: session.amr ?? (session.channel === 'sms' ? ['otp', 'sms'] : ['otp']),
    expiresAt: context.now + context.state.config.authorizationCodeLifetime * 1000,
    used: false,
    ...(session.jkt === undefined ? {} : { jkt: session.jkt }),
  };
  return answer(200, { authorization_code: authorizationCode });
}

function accountOf(context: Context, sub: string): User {
  const user = Object.hasOwn(context.state.users, sub) ? context.state.users[sub] : undefined;
  if (!user) fail(400, 'invalid_passkey', 'this passkey is not known here (deleted, or never registered)', { pwless_reason: 'unknown_credential' });
  return user;
}
