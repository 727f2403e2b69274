import type { User } from '../../state.js';
import type { Session } from './state.js';

/** Appwrite's time format: ISO 8601 with `+00:00`. */
export const iso = (time: number) => new Date(time).toISOString().replace('Z', '+00:00');

/** The Token model as a browser gets it. */
export function tokenModel(token: { id: string; userId: string; createdAt: number; expiresAt: number }, phrase: string | undefined) {
  // The secret never reaches a client without an API key: it travels only in the email.
  return { $id: token.id, $createdAt: iso(token.createdAt), userId: token.userId, secret: '', expire: iso(token.expiresAt), phrase: phrase ?? '' };
}

/** The User model (the account) of a mock user. */
export function userModel(user: User, emailVerified: boolean, now: number) {
  return {
    $id: user.sub,
    $createdAt: iso(user.createdAt),
    $updatedAt: iso(user.createdAt),
    name: '',
    registration: iso(user.createdAt),
    status: true,
    labels: [],
    passwordUpdate: '',
    email: user.email ?? '',
    phone: user.phone ?? '',
    emailVerification: emailVerified,
    phoneVerification: false,
    mfa: false,
    prefs: {},
    targets: [],
    accessedAt: iso(now),
  };
}

/** The Session model as a browser gets it (`secret` empty, no device details). */
export function sessionModel(session: Session, current: boolean) {
  return {
    $id: session.id,
    $createdAt: iso(session.createdAt),
    $updatedAt: iso(session.createdAt),
    userId: session.userId,
    expire: iso(session.expiresAt),
    provider: session.provider,
    providerUid: '',
    providerAccessToken: '',
    providerAccessTokenExpiry: '',
    providerRefreshToken: '',
    ip: '127.0.0.1',
    osCode: '',
    osName: '',
    osVersion: '',
    clientType: '',
    clientCode: '',
    clientName: '',
    clientVersion: '',
    clientEngine: '',
    clientEngineVersion: '',
    deviceName: '',
    deviceBrand: '',
    deviceModel: '',
    countryCode: '--',
    countryName: 'Unknown',
    current,
    factors: ['email'],
    secret: '',
    mfaUpdatedAt: '',
  };
}
