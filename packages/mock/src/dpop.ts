import { EmbeddedJWK, calculateJwkThumbprint, decodeProtectedHeader, errors, jwtVerify, type JWK, type JWTPayload } from 'jose';
import type { Context } from './context.js';
import { base64url, constantTimeEqual, hashSecret, randomToken, sha256 } from './crypto.js';
import { AnswerError, fail, oauthError } from './http.js';

/** Signature algorithms accepted in DPoP proofs (asymmetric only, RFC 9449 §4.3 check 5). */
export const dpopAlgorithms = ['ES256', 'ES384', 'ES512', 'PS256', 'RS256', 'EdDSA', 'Ed25519'];

/** How old a proof may be, and how far in the future its `iat` may lie (clock skew), in seconds. */
const proofMaxAge = 60;
const proofFutureSkew = 10;
/** A nonce is replaced after this many seconds; the one before stays valid for one more period. */
const nonceLifetime = 300;

const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export interface DpopCheck {
  /** The access token the request presents: the proof must carry its hash in `ath`. */
  accessToken?: string;
  /** A protected resource answers 401 with `WWW-Authenticate: DPoP`; the token endpoint answers 400. */
  resource?: boolean;
}

/** Throws the DPoP error answer of RFC 9449 §7.1 (resource) or §5 (authorization server). */
function reject(check: DpopCheck, error: 'invalid_dpop_proof' | 'use_dpop_nonce', description: string, nonce?: string): never {
  const headers: Record<string, string> = nonce ? { 'DPoP-Nonce': nonce } : {};
  if (check.resource) {
    headers['WWW-Authenticate'] = `DPoP error="${error}", error_description="${description}", algs="${dpopAlgorithms.join(' ')}"`;
    throw new AnswerError({ ...oauthError(401, error, description), headers });
  }
  throw new AnswerError({ ...oauthError(400, error, description), headers });
}

/** The nonce in force, rotated every few minutes; the previous one is still accepted. */
function currentNonce(context: Context, now: number): { current: string; previous?: string } {
  const existing = context.state.dpopNonce;
  if (existing && now - existing.issuedAt < nonceLifetime * 1000) return existing;
  const next = { current: randomToken(16), ...(existing ? { previous: existing.current } : {}), issuedAt: now };
  context.state.dpopNonce = next;
  return next;
}

/** The `DPoP-Nonce` header to add to successful answers while nonces are required. */
export function dpopNonceHeaders(context: Context): Record<string, string> {
  if (!context.state.config.dpopNonce) return {};
  return { 'DPoP-Nonce': currentNonce(context, Date.now()).current };
}

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/**
 * Validates the `DPoP` header of `request` (RFC 9449 §4.3) and answers the JWK SHA-256 thumbprint
 * of its key, or `undefined` when the request has no `DPoP` header. A proof is good for one
 * request only: its `jti` is remembered until the proof would be too old anyway.
 * The proof's `iat` is checked against the real clock, not the mock's offset clock, so expiry tests
 * that move the mock's clock still work with clients that sign proofs with the real time.
 */
export async function dpopKeyThumbprint(context: Context, request: Request, check: DpopCheck = {}): Promise<string | undefined> {
  const proof = request.headers.get('dpop');
  if (proof === null) return undefined;
  if (!compactJws.test(proof)) reject(check, 'invalid_dpop_proof', 'the DPoP header must hold exactly one compact JWT');
  let payload: JWTPayload;
  let jwk: JWK;
  try {
    const header = decodeProtectedHeader(proof);
    if (!header.jwk || typeof header.jwk !== 'object') throw new errors.JWSInvalid('missing jwk');
    const verified = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: dpopAlgorithms });
    payload = verified.payload;
    jwk = header.jwk;
  } catch (error) {
    if (error instanceof errors.JOSEError) reject(check, 'invalid_dpop_proof', 'the DPoP proof is malformed or its signature does not verify');
    throw error;
  }
  if (payload.htm !== request.method) reject(check, 'invalid_dpop_proof', 'htm does not match the request method');
  if (typeof payload.htu !== 'string' || !URL.canParse(payload.htu) || withoutQuery(payload.htu) !== withoutQuery(request.url)) {
    reject(check, 'invalid_dpop_proof', 'htu does not match the request URL');
  }
  const now = Date.now();
  const issuedAt = payload.iat;
  if (typeof issuedAt !== 'number') reject(check, 'invalid_dpop_proof', 'iat is missing');
  // A proof with a nonce of this server is fresh whatever the client's clock says (RFC 9449 §11.1):
  // a device whose clock is minutes off is asked for one instead of refused, as oidc-provider does.
  const nonce = currentNonce(context, now);
  const presented = payload.nonce;
  const withNonce = typeof presented === 'string' && (presented === nonce.current || presented === nonce.previous);
  if (!withNonce && (issuedAt * 1000 < now - proofMaxAge * 1000 || issuedAt * 1000 > now + proofFutureSkew * 1000)) {
    reject(check, 'use_dpop_nonce', 'the DPoP proof iat is not recent: use a DPoP nonce instead', nonce.current);
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256) {
    reject(check, 'invalid_dpop_proof', 'jti is missing or too long');
  }
  if (check.accessToken !== undefined) {
    const expectedAth = base64url(await sha256(check.accessToken));
    if (typeof payload.ath !== 'string' || !constantTimeEqual(payload.ath, expectedAth)) {
      reject(check, 'invalid_dpop_proof', 'ath does not match the access token');
    }
  }
  if (context.state.config.dpopNonce && !withNonce) reject(check, 'use_dpop_nonce', 'the DPoP proof must carry the server nonce', nonce.current);
  const jkt = await calculateJwkThumbprint(jwk, 'sha256');
  for (const [key, forgetAt] of Object.entries(context.state.dpopJtis)) {
    if (forgetAt <= now) delete context.state.dpopJtis[key];
  }
  const jtiKey = await hashSecret(payload.jti as string, jkt);
  if (context.state.dpopJtis[jtiKey] !== undefined) reject(check, 'invalid_dpop_proof', 'the DPoP proof was already used');
  // Remembered as long as the proof could be accepted: by its iat, or while its nonce is valid.
  context.state.dpopJtis[jtiKey] = withNonce ? now + 2 * nonceLifetime * 1000 : issuedAt * 1000 + (proofMaxAge + proofFutureSkew) * 1000;
  return jkt;
}

/**
 * Enforces a key binding: whatever was bound to a DPoP key (an `auth_session`, a code, a token
 * family) may only be used with a proof of that same key.
 */
export function checkDpopBinding(bound: string | undefined, presented: string | undefined, what: string): void {
  if (bound === undefined || presented === bound) return;
  fail(400, 'invalid_dpop_proof', presented === undefined ? `${what} is bound to a DPoP key: send a DPoP proof` : `${what} is bound to another DPoP key`);
}
