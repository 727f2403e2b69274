import { AnswerError, findUser, parseIdentifier, randomToken, type Identifier } from '@pwless/mock/rules';
import type { Database, ProviderUser } from './store.js';

/** A user command that cannot be carried out; the message says why. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** Reads an email address (or E.164 phone number) the way sign-in does, or explains why it is none. */
export function readAddress(address: string): Identifier {
  try {
    return parseIdentifier(address);
  } catch (error) {
    if (error instanceof AnswerError) throw new UserError(`"${address}" is not an email address or an E.164 phone number (+4915112345678)`);
    throw error;
  }
}

/** The account of an address, found the way sign-in finds it (email in any case). */
export function findUserByAddress(data: Database, address: Identifier): ProviderUser | undefined {
  return findUser(data.rules, address) as ProviderUser | undefined;
}

/** Claims apps read from the standard scopes; `--claim` cannot overwrite them. */
const reservedClaims = new Set(['sub', 'email', 'email_verified', 'phone_number', 'phone_number_verified', 'name', 'iss', 'aud', 'exp', 'iat', 'nonce', 'amr', 'acr', 'auth_time', 'azp', 'at_hash', 'sid']);

/** `key=value` → a claim; numbers and booleans keep their type (Immich reads `immich_quota` as a number). */
export function parseClaim(text: string): [string, string | number | boolean] {
  const at = text.indexOf('=');
  const key = at > 0 ? text.slice(0, at) : '';
  if (!/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/.test(key)) throw new UserError(`--claim "${text}" must look like name=value`);
  if (reservedClaims.has(key)) throw new UserError(`--claim ${key} is set by the provider itself`);
  const raw = text.slice(at + 1);
  const value = raw === 'true' ? true : raw === 'false' ? false : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  return [key, value];
}

export interface NewUser {
  address: string;
  name?: string;
  claims?: Record<string, string | number | boolean>;
}

/** Adds an account; an address that already has one is refused, so nobody is added twice. */
export function addUser(data: Database, { address, name, claims }: NewUser, now = Date.now()): ProviderUser {
  const parsed = readAddress(address);
  if (findUserByAddress(data, parsed)) throw new UserError(`${parsed.identifier} is already a user`);
  const user: ProviderUser = {
    sub: randomToken(12),
    ...(parsed.channel === 'sms' ? { phone: parsed.identifier } : { email: parsed.identifier }),
    createdAt: now,
    ...(name ? { name } : {}),
    ...(claims && Object.keys(claims).length > 0 ? { claims } : {}),
  };
  data.rules.users[user.sub] = user;
  return user;
}

/** Removes an account, its passkeys, and ends its sign-ins and tokens everywhere. */
export function removeUser(data: Database, address: string): ProviderUser {
  const user = findUserByAddress(data, readAddress(address));
  if (!user) throw new UserError(`${address} is not a user`);
  delete data.rules.users[user.sub];
  for (const passkey of Object.values(data.rules.passkeys ?? {})) if (passkey.sub === user.sub) delete data.rules.passkeys![passkey.id];
  for (const models of Object.values(data.oidc)) {
    for (const [id, entry] of Object.entries(models)) if (entry.payload['accountId'] === user.sub) delete models[id];
  }
  return user;
}

/** The claims of a user as the ID token and userinfo give them. */
export function userClaims(user: ProviderUser): Record<string, unknown> {
  return {
    ...user.claims,
    sub: user.sub,
    ...(user.email ? { email: user.email, email_verified: true } : {}),
    ...(user.phone ? { phone_number: user.phone, phone_number_verified: true } : {}),
    ...(user.name ? { name: user.name } : {}),
  };
}
