// Talks to the Auth0 variant in this process (provider.handle), the way a browser app on an
// allowed origin would: JSON bodies, an Origin header, redirects not followed.
import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { createProvider } from '../../dist/index.js';

export const tenant = 'https://tenant.auth0.pwless.test';
export const clientId = 'pwless-demo';
export const appOrigin = 'http://localhost:8000';
export const callback = `${appOrigin}/callback`;

export function newTenant(options = {}) {
  return createProvider({ dialect: 'auth0', issuer: tenant, ...options });
}

export async function call(provider, method, path, { json, form, headers = {} } = {}) {
  const init = { method, headers: { Origin: appOrigin, ...headers } };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (form !== undefined) {
    init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
    init.body = new URLSearchParams(form).toString();
  }
  const response = await provider.handle(new Request(`${tenant}${path}`, init));
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export async function latestMessage(provider, to) {
  const { body } = await call(provider, 'GET', '/_mock/inbox');
  const message = body.filter((entry) => entry.to === to).at(-1);
  if (!message) throw new Error(`nothing was sent to ${to}`);
  return message;
}

export function startCode(provider, email, headers = {}) {
  return call(provider, 'POST', '/passwordless/start', { json: { client_id: clientId, connection: 'email', email, send: 'code' }, headers });
}

export function coAuthenticate(provider, username, otp, realm = 'email') {
  return call(provider, 'POST', '/co/authenticate', {
    json: { client_id: clientId, username, otp, realm, credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp' },
  });
}

/** `/authorize` with a login ticket; answers the redirect's query (or the page, for web_message). */
export async function authorizeWithTicket(provider, loginTicket, { challenge, responseMode = 'query', scope = 'openid profile email offline_access', nonce = 'n-0S6_WzA2Mj', state = 'st-1' } = {}) {
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: callback,
    scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    response_mode: responseMode,
    login_ticket: loginTicket,
  });
  return call(provider, 'GET', `/authorize?${query}`);
}

/** The whole embedded sign-in: start, code, /co/authenticate, /authorize, /oauth/token. */
export async function signIn(provider, email, { scope } = {}) {
  await startCode(provider, email);
  const { code } = await latestMessage(provider, email);
  const ticket = await coAuthenticate(provider, email, code);
  const { verifier, challenge } = pkce();
  const redirect = await authorizeWithTicket(provider, ticket.body.login_ticket, { challenge, ...(scope ? { scope } : {}) });
  const location = new URL(redirect.headers.get('location'));
  const tokens = await call(provider, 'POST', '/oauth/token', {
    form: { grant_type: 'authorization_code', client_id: clientId, code: location.searchParams.get('code'), code_verifier: verifier, redirect_uri: callback },
  });
  return tokens.body;
}

export async function verifyIdToken(provider, idToken) {
  const { body } = await call(provider, 'GET', '/.well-known/jwks.json');
  const { payload, protectedHeader } = await jwtVerify(idToken, createLocalJWKSet(body), { issuer: `${tenant}/`, audience: clientId });
  return { payload, protectedHeader };
}
