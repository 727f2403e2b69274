import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { ClientMetadata } from 'oidc-provider';
import type { MockClient } from '@pwless/mock/rules';
import type { ClientConfig } from './config.js';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
const scryptCost = { N: 16384, r: 8, p: 1 };

/** The client of the provider's own sign-in page (the element on `/interaction/...` and `/link`). */
export const pageClientId = 'pwless-provider';

/** A new client secret (what `clients add` prints once) and the hash that is stored instead. */
export async function newClientSecret(): Promise<{ secret: string; hash: string }> {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: await hashClientSecret(secret) };
}

export async function hashClientSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, 32, scryptCost);
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Compares a presented secret with a stored hash in constant time. */
export async function verifyClientSecret(secret: string, hash: string): Promise<boolean> {
  const [scheme, salt = '', expected = ''] = hash.split('$');
  if (scheme !== 'scrypt') return false;
  const wanted = Buffer.from(expected, 'base64url');
  const key = await scryptAsync(secret, Buffer.from(salt, 'base64url'), wanted.length || 32, scryptCost);
  return key.length === wanted.length && timingSafeEqual(key, wanted);
}

/** A custom-scheme redirect (Immich's `app.immich:///oauth-callback`) makes a client a native app for oidc-provider. */
function isNative(client: ClientConfig): boolean {
  return client.redirect_uris.some((uri) => !/^https?:/i.test(uri));
}

/** The client as oidc-provider registers it. A hashed secret stays hashed: `compareClientSecret` checks it. */
export function oidcClientMetadata(client: ClientConfig): ClientMetadata {
  const secret = client.client_secret_hash ?? client.client_secret;
  const method = client.token_endpoint_auth_method ?? (secret ? 'client_secret_basic' : 'none');
  return {
    client_id: client.client_id,
    ...(client.client_name ? { client_name: client.client_name } : {}),
    ...(secret ? { client_secret: secret } : {}),
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris ?? [],
    token_endpoint_auth_method: method,
    id_token_signed_response_alg: client.id_token_signed_response_alg ?? 'RS256',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    application_type: isNative(client) ? 'native' : 'web',
  };
}

/** The provider's own sign-in page, a first-party public client on the issuer's origin. */
export function pageClient(issuer: string): ClientConfig {
  return {
    client_id: pageClientId,
    client_name: 'Sign-in page',
    // Never a target of a real redirect: the page's codes come from the challenge endpoint.
    redirect_uris: [`${issuer}/interaction/callback`],
    token_endpoint_auth_method: 'none',
    origins: [new URL(issuer).origin],
    link_uris: [`${issuer}/link`],
  };
}

/** The client as the passwordless rules see it: who may start a sign-in from which web origin. */
export function rulesClient(client: ClientConfig): MockClient {
  return {
    clientId: client.client_id,
    origins: client.origins ?? [],
    redirectUris: client.redirect_uris,
    linkUris: client.link_uris ?? [],
    allowLoopback: false,
    postLogoutRedirectUris: client.post_logout_redirect_uris ?? [],
  };
}
