import type { Context } from './context.js';
import { randomToken } from './crypto.js';
import { fail } from './http.js';
import type { Identifier } from './identifier.js';
import type { MockState, User } from './state.js';

/** Accounts every fresh mock starts with, so the demo has someone to sign in as. */
export const demoUsers: readonly User[] = Object.freeze([
  { sub: 'demo-parent', email: 'parent@example.com', createdAt: 0 },
  { sub: 'demo-grandma', email: 'grandma@example.com', createdAt: 0 },
  { sub: 'demo-phone', phone: '+15555550123', createdAt: 0 },
]);

export function seededUsers(): Record<string, User> {
  return Object.fromEntries(demoUsers.map((user) => [user.sub, { ...user }]));
}

/**
 * The account of an address. Email addresses match whatever their case: mailbox providers treat
 * `Mum@example.com` and `mum@example.com` as one mailbox, and people type either.
 */
export function findUser(state: MockState, { identifier, channel }: Identifier): User | undefined {
  if (channel === 'sms') return Object.values(state.users).find((user) => user.phone === identifier);
  const wanted = identifier.toLowerCase();
  return Object.values(state.users).find((user) => user.email?.toLowerCase() === wanted);
}

/** Adds an account for the address, with a fresh random `sub`. */
export function createUser(context: Context, { identifier, channel }: Identifier): User {
  const user: User = {
    sub: randomToken(12),
    ...(channel === 'sms' ? { phone: identifier } : { email: identifier }),
    createdAt: context.now,
  };
  context.state.users[user.sub] = user;
  return user;
}

/** The account of a verified address; a first sign-in creates it unless sign-ups are closed. */
export function findOrCreateUser(context: Context, address: Identifier): User {
  const existing = findUser(context.state, address);
  if (existing) return existing;
  if (!context.state.config.signupsOpen) fail(403, 'access_denied', 'sign-ups are closed', { pwless_reason: 'signup_disabled' });
  return createUser(context, address);
}
