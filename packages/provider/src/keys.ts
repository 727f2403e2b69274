import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { randomToken } from '@pwless/mock/rules';

/** A private signing key as oidc-provider takes it, with when it stops being published (after a rotation). */
export type SigningJwk = JWK & { kid: string; alg: 'RS256' | 'ES256'; retireAt?: number };

/** Signing keys (the first of each algorithm signs) and cookie keys (the first signs, all verify). */
export interface KeySet {
  signing: SigningJwk[];
  cookies: string[];
  rotatedAt: number;
}

/**
 * How long a replaced signing key stays published: ID tokens live an hour, and apps keep an
 * ID token to hint at sign-out for a while after. A day covers both.
 */
export const retiredKeyLifetimeMs = 24 * 3600_000;

async function newSigningKey(alg: 'RS256' | 'ES256'): Promise<SigningJwk> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' } as SigningJwk;
}

/** A new RS256 key (what most apps expect) and an ES256 key (for clients that ask for it), and a cookie key. */
export async function generateKeys(): Promise<KeySet> {
  return { signing: [await newSigningKey('RS256'), await newSigningKey('ES256')], cookies: [randomToken(32)], rotatedAt: Date.now() };
}

/**
 * New keys sign from now on; the old ones stay published until tokens signed with them have
 * expired, then they go. Cookie keys keep the previous one, so current sign-ins survive.
 */
export async function rotateKeys(keys: KeySet, now = Date.now()): Promise<KeySet> {
  const fresh = await generateKeys();
  const previous = keys.signing
    .filter((key) => key.retireAt === undefined || key.retireAt > now)
    .map((key) => ({ ...key, retireAt: key.retireAt ?? now + retiredKeyLifetimeMs }));
  return { signing: [...fresh.signing, ...previous], cookies: [...fresh.cookies, keys.cookies[0]!], rotatedAt: now };
}

/** The keys oidc-provider uses now: retired keys past their time are left out. */
export function activeSigningKeys(keys: KeySet, now = Date.now()): JWK[] {
  return keys.signing.filter((key) => key.retireAt === undefined || key.retireAt > now).map(({ retireAt: _retireAt, ...jwk }) => jwk);
}
