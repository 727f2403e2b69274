import * as oauth from 'oauth4webapi';

/**
 * A new DPoP key pair (RFC 9449) whose private key cannot be exported: script in this page can use
 * it to sign proofs, but nobody can copy it out, not even from IndexedDB where it is kept. ES256
 * (P-256) straight from WebCrypto, which is all oauth4webapi's `generateKeyPair('ES256')` does: its
 * table of every other algorithm would otherwise ride along in the engine chunk of every sign-in.
 * The proofs themselves are oauth4webapi's.
 */
export function createDpopKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
}

/** Retries `request` once when the server asks for a DPoP nonce; oauth4webapi's handle has kept the nonce. */
export async function withDpopNonce<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (!oauth.isDPoPNonceError(error)) throw error;
    return request();
  }
}
