// A plain OAuth client for the conformance tests: oauth4webapi and jose only, never our SDK,
// so the mock is judged by an independent implementation of the standards.
import * as oauth from 'oauth4webapi';
import { SignJWT, createLocalJWKSet, exportJWK, jwtVerify } from 'jose';
import { startHttpServer } from '../../dist/node.js';
import { withRunning } from './running.mjs';

export const client = { client_id: 'pwless-demo' };
export const clientAuth = oauth.None();
export const insecure = { [oauth.allowInsecureRequests]: true };
export const redirectUri = 'http://127.0.0.1:9/callback';

/** Starts a fresh provider on a free port and discovers it; `close()` stops it. */
export async function startProvider(options = {}) {
  const server = await startHttpServer({ port: 0, ...options });
  const issuer = new URL(server.issuer);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  return { server, as, close: () => server.close() };
}

/** Runs `test` against a fresh provider on a free port (see startProvider), and stops it afterwards. */
export function withProvider(test, options) {
  return withRunning(() => startProvider(options), (provider) => test(provider.as));
}

export async function postForm(url, parameters, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(parameters),
    redirect: 'manual',
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? JSON.parse(text) : text };
}

export async function setConfig(as, patch) {
  const response = await fetch(new URL('/_mock/config', as.issuer), { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) });
  if (response.status !== 200) throw new Error(`config refused: ${await response.text()}`);
}

export async function latestMessage(as, to) {
  const inbox = await (await fetch(new URL('/_mock/inbox', as.issuer))).json();
  const message = inbox.filter((entry) => entry.to === to).at(-1);
  if (!message) throw new Error(`nothing was sent to ${to}`);
  return message;
}

/** A DPoP key pair and a way to sign proofs by hand (for requests oauth4webapi has no function for). */
export async function dpopKey() {
  const keyPair = await oauth.generateKeyPair('ES256');
  const jwk = await exportJWK(keyPair.publicKey);
  return {
    keyPair,
    handle: oauth.DPoP(client, keyPair),
    proof: (htm, htu, claims = {}) =>
      new SignJWT({ htm, htu, jti: crypto.randomUUID(), iat: Math.floor(Date.now() / 1000), ...claims })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
        .sign(keyPair.privateKey),
  };
}

/**
 * Runs the challenge endpoint's code flow (start, then the code from the inbox) and answers the
 * authorization code with its PKCE verifier and nonce. `proof` signs DPoP proofs when given.
 */
export async function challengeCode(as, { email = 'ada@example.com', proof } = {}) {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const nonce = oauth.generateRandomNonce();
  const endpoint = as.authorization_challenge_endpoint;
  const dpopHeader = async () => (proof ? { DPoP: await proof('POST', endpoint) } : {});
  const started = await postForm(endpoint, {
    response_type: 'code',
    client_id: client.client_id,
    login_hint: email,
    scope: 'openid email',
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    nonce,
  }, await dpopHeader());
  if (started.body.error !== 'insufficient_authorization') throw new Error(`start failed: ${JSON.stringify(started.body)}`);
  const { code: otp } = await latestMessage(as, email);
  const verified = await postForm(endpoint, { response_type: 'code', client_id: client.client_id, auth_session: started.body.auth_session, otp }, await dpopHeader());
  if (verified.status !== 200) throw new Error(`verify failed: ${JSON.stringify(verified.body)}`);
  return { code: verified.body.authorization_code, codeVerifier, nonce };
}

/** The token request for a challenge code (no redirect_uri: the code never travelled through one). */
export function exchangeCode(as, { code, codeVerifier }, options = {}) {
  return oauth.genericTokenEndpointRequest(as, client, clientAuth, 'authorization_code', { code, code_verifier: codeVerifier }, { ...insecure, ...options });
}

/** Signs in through the challenge endpoint and answers the processed token response. */
export async function signIn(as, { email, dpop } = {}) {
  const grant = await challengeCode(as, { email, proof: dpop?.proof });
  const response = await exchangeCode(as, grant, dpop ? { DPoP: dpop.handle } : {});
  return oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: grant.nonce, requireIdToken: true });
}

/**
 * The parameters of a redirect-mode authorization request (PKCE S256, fresh state and nonce), with
 * the secrets a client keeps to finish it; `extra` adds or overrides parameters.
 */
export async function redirectRequest(extra = {}) {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const parameters = {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirectUri,
    scope: 'openid email',
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...extra,
  };
  return { codeVerifier, nonce, parameters, state };
}

/**
 * Runs the hosted page of redirect mode with plain HTTP requests, as a browser would, and answers
 * the callback URL it redirects to, with the PKCE verifier, nonce and state of the request.
 */
export async function hostedSignIn(as, { email = 'joan@example.com', extra = {} } = {}) {
  const { codeVerifier, nonce, parameters, state } = await redirectRequest(extra);
  const codePage = await postForm(as.authorization_endpoint, { ...parameters, login_hint: email, pwless_step: 'start' });
  const authSession = /name="auth_session" value="([^"]+)"/.exec(codePage.body)?.[1];
  if (!authSession) throw new Error(`the hosted page did not ask for a code: ${codePage.status}`);
  const { code: otp } = await latestMessage(as, email);
  const back = await postForm(as.authorization_endpoint, { auth_session: authSession, pwless_step: 'verify', otp });
  if (back.status !== 302) throw new Error(`the hosted page did not redirect: ${back.status}`);
  return { callback: new URL(back.headers.get('location')), codeVerifier, nonce, state };
}

/** Verifies an ID token's signature against the provider's published JWKS. */
export async function verifyIdToken(as, idToken) {
  const jwks = createLocalJWKSet(await (await fetch(as.jwks_uri)).json());
  return jwtVerify(idToken, jwks, { issuer: as.issuer, audience: client.client_id });
}

export { oauth };
