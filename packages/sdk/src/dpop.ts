import * as oauth from 'oauth4webapi';

/**
 * A new DPoP key pair (RFC 9449) whose private key cannot be exported: script in this page can use
 * it to sign proofs, but nobody can copy it out, not even from IndexedDB where it is kept.
 */
export function createDpopKeys(): Promise<CryptoKeyPair> {
  return oauth.generateKeyPair('ES256', { extractable: false });
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
