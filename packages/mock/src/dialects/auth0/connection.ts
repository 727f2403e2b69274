import type { Context } from '../../context.js';
import { constantTimeEqual, hashSecret } from '../../crypto.js';
import { fail } from '../../http.js';
import type { AuthSession, Channel } from '../../state.js';
import { auth0Text } from './errors.js';

/** Auth0's two passwordless connections, by name, and the channel each sends on. */
export const connections: Readonly<Record<string, Channel>> = Object.freeze({ email: 'email', sms: 'sms' });

export type ConnectionName = 'email' | 'sms';

/** The channel of a connection name, or `undefined` when no such connection exists. */
export function connectionChannel(name: string | undefined): Channel | undefined {
  return name !== undefined && Object.hasOwn(connections, name) ? connections[name] : undefined;
}

/**
 * Auth0 keeps one pending code per user of a connection: a new `/passwordless/start` replaces it.
 * The sign-in record is therefore named by client, connection and address, never by a token the
 * browser holds (Auth0 gives it none).
 */
export function passwordlessSessionId(clientId: string, connection: string, identifier: string): Promise<string> {
  return hashSecret(`${clientId}\u0000${connection}\u0000${identifier}`, 'auth0-passwordless');
}

/** The user's name for the address in Auth0's words ("email" or "phone number"), for the wrong-code answer. */
function wrongCode(channel: Channel): string {
  return channel === 'sms' ? auth0Text.wrongPhoneCode : auth0Text.wrongEmailCode;
}

/**
 * Checks a code with the mock's rules (stored hashed, compared in constant time, single use, a
 * limited number of tries, a lifetime, only the latest code counts) and answers Auth0's 403
 * `access_denied` descriptions. A session out of tries keeps saying so until a new code is sent.
 */
export async function checkCode(context: Context, session: AuthSession | undefined, channel: Channel, otp: string): Promise<AuthSession> {
  if (!session || session.expiresAt <= context.now) fail(403, 'access_denied', wrongCode(channel));
  if (session.attemptsRemaining <= 0 || session.otpHash === undefined) fail(403, 'access_denied', auth0Text.tooManyAttempts);
  const matches = constantTimeEqual(await hashSecret(otp.trim(), session.id), session.otpHash);
  if (matches && session.otpExpiresAt <= context.now) {
    delete context.state.sessions[session.id];
    fail(403, 'access_denied', auth0Text.codeExpired);
  }
  if (matches) {
    delete context.state.sessions[session.id];
    return session;
  }
  session.attemptsRemaining -= 1;
  if (session.attemptsRemaining <= 0) {
    delete session.otpHash;
    fail(403, 'access_denied', auth0Text.tooManyAttempts);
  }
  return fail(403, 'access_denied', wrongCode(channel));
}
