import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import { randomToken } from '../../crypto.js';
import type { MockState, SigningKey } from '../../state.js';
import { auth0State } from './state.js';

/** Auth0 signs ID tokens with RS256 by default, and auth0-spa-js accepts nothing else. */
export const auth0SigningAlgorithm = 'RS256';

/** The tenant's RS256 key, made on first use (and anew after `POST /_mock/reset`). */
export async function auth0SigningKey(state: MockState): Promise<SigningKey> {
  const variant = auth0State(state);
  if (!variant.signingKey) {
    const { privateKey, publicKey } = await generateKeyPair(auth0SigningAlgorithm, { extractable: true, modulusLength: 2048 });
    const kid = randomToken(16);
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: auth0SigningAlgorithm, use: 'sig' };
    variant.signingKey = { kid, privateJwk: await exportJWK(privateKey), publicJwk };
  }
  return variant.signingKey;
}

export async function signAuth0Jwt(state: MockState, claims: Record<string, unknown>): Promise<string> {
  const key = await auth0SigningKey(state);
  const privateKey = await importJWK(key.privateJwk as Parameters<typeof importJWK>[0], auth0SigningAlgorithm);
  return new SignJWT(claims).setProtectedHeader({ alg: auth0SigningAlgorithm, typ: 'JWT', kid: key.kid }).sign(privateKey);
}
