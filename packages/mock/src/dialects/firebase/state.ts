import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';
import type { Context } from '../../context.js';
import { randomToken } from '../../crypto.js';
import type { SigningKey } from '../../state.js';
import { variantState } from '../variant.js';

/** What the Firebase variant remembers besides the shared users and inbox. */
export interface FirebaseState {
  /** Email sign-in links not yet used, by the SHA-256 of their `oobCode` (never the code itself). */
  oobCodes: Record<string, { email: string; apiKey: string; createdAt: number; expiresAt: number }>;
  /** Refresh tokens by their hash: whose, and for which project (API key). */
  refreshTokens: Record<string, { uid: string; apiKey: string; createdAt: number }>;
  /** Users who signed in by email link (their address is verified), by `localId`, with the time of the last sign-in. */
  signedIn: Record<string, number>;
  /** The RS256 key of the ID tokens, made on first use. */
  signingKey?: SigningKey;
}

export function firebaseState(context: Context): FirebaseState {
  return variantState(context.state, 'firebase', () => ({ oobCodes: {}, refreshTokens: {}, signedIn: {} }));
}

/** Firebase signs ID tokens with RS256 (keys at securetoken@system.gserviceaccount.com). */
const algorithm = 'RS256';

async function signingKey(state: FirebaseState): Promise<SigningKey> {
  if (!state.signingKey) {
    const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true, modulusLength: 2048 });
    const kid = randomToken(16);
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: algorithm, use: 'sig' };
    state.signingKey = { kid, privateJwk: await exportJWK(privateKey), publicJwk };
  }
  return state.signingKey!;
}

/** The project the mock's API key stands for: its ID tokens' `aud` and the `iss` path. */
export function projectOf(apiKey: string): string {
  return apiKey;
}

/** An ID token as Firebase makes them: `iss` https://securetoken.google.com/PROJECT, `aud` PROJECT, `user_id` = `sub`. */
export async function signIdToken(context: Context, apiKey: string, user: { sub: string; email?: string | undefined }, lifetime: number): Promise<string> {
  const state = firebaseState(context);
  const key = await signingKey(state);
  const now = Math.floor(context.now / 1000);
  const project = projectOf(apiKey);
  const authTime = Math.floor((state.signedIn[user.sub] ?? context.now) / 1000);
  const privateKey = await importJWK(key.privateJwk as Parameters<typeof importJWK>[0], algorithm);
  return new SignJWT({
    iss: `https://securetoken.google.com/${project}`,
    aud: project,
    auth_time: authTime,
    user_id: user.sub,
    sub: user.sub,
    iat: now,
    exp: now + lifetime,
    ...(user.email ? { email: user.email, email_verified: true } : {}),
    firebase: { identities: user.email ? { email: [user.email] } : {}, sign_in_provider: 'password' },
  })
    .setProtectedHeader({ alg: algorithm, kid: key.kid, typ: 'JWT' })
    .sign(privateKey);
}

/** The claims of an ID token this variant made and that has not expired; `undefined` otherwise. */
export async function verifyIdToken(context: Context, idToken: string): Promise<Record<string, unknown> | undefined> {
  const key = await signingKey(firebaseState(context));
  try {
    const publicKey = await importJWK(key.publicJwk as Parameters<typeof importJWK>[0], algorithm);
    const { payload } = await jwtVerify(idToken, publicKey, { currentDate: new Date(context.now) });
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
