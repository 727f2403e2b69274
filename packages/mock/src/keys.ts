import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import { randomToken } from './crypto.js';
import type { MockState, SigningKey } from './state.js';

export const signingAlgorithm = 'ES256';

/** The provider's ES256 signing key, made on first use and kept in the state. */
export async function signingKey(state: MockState): Promise<SigningKey> {
  if (!state.signingKey) {
    const { privateKey, publicKey } = await generateKeyPair(signingAlgorithm, { extractable: true });
    const kid = randomToken(8);
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: signingAlgorithm, use: 'sig' };
    state.signingKey = { kid, privateJwk: await exportJWK(privateKey), publicJwk };
  }
  return state.signingKey;
}

export async function signJwt(state: MockState, claims: Record<string, unknown>): Promise<string> {
  const key = await signingKey(state);
  const privateKey = await importJWK(key.privateJwk as Parameters<typeof importJWK>[0], signingAlgorithm);
  return new SignJWT(claims).setProtectedHeader({ alg: signingAlgorithm, kid: key.kid, typ: 'JWT' }).sign(privateKey);
}
