import { expect } from '@open-wc/testing';
import * as oauth from 'oauth4webapi';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';

const issuer = 'https://id.pwless.test';
const clientId = 'pwless-demo';

async function post(fetchFunction: typeof fetch, path: string, parameters: Record<string, string>) {
  const response = await fetchFunction(`${issuer}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(parameters),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Runs the challenge steps by hand and returns a fresh authorization code with its verifier. */
async function authorizationCode(fetchFunction: typeof fetch, email = 'ada@example.com') {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const started = await post(fetchFunction, '/challenge', {
    response_type: 'code',
    client_id: clientId,
    login_hint: email,
    scope: 'openid email',
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    nonce: 'n-0S6_WzA2Mj',
  });
  expect(started.status).to.equal(403);
  expect(started.body.error).to.equal('insufficient_authorization');
  const verified = await post(fetchFunction, '/challenge', {
    response_type: 'code',
    client_id: clientId,
    auth_session: started.body.auth_session as string,
    otp: await latestCode(fetchFunction, email),
  });
  expect(verified.status).to.equal(200);
  return { code: verified.body.authorization_code as string, codeVerifier };
}

function exchange(fetchFunction: typeof fetch, code: string, codeVerifier: string) {
  return post(fetchFunction, '/token', { grant_type: 'authorization_code', client_id: clientId, code, code_verifier: codeVerifier });
}

function refresh(fetchFunction: typeof fetch, refreshToken: string) {
  return post(fetchFunction, '/token', { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });
}

async function signedIn(fetchFunction: typeof fetch) {
  const { code, codeVerifier } = await authorizationCode(fetchFunction);
  return (await exchange(fetchFunction, code, codeVerifier)).body as { access_token: string; refresh_token: string };
}

async function userinfoStatus(fetchFunction: typeof fetch, accessToken: string) {
  return (await fetchFunction(`${issuer}/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } })).status;
}

describe('token endpoint', () => {
  it('issues a signed ID token for the right code_verifier', async () => {
    const fetchFunction = mockFetch();
    const { code, codeVerifier } = await authorizationCode(fetchFunction);
    const { status, body } = await exchange(fetchFunction, code, codeVerifier);
    expect(status).to.equal(200);
    expect(body.token_type).to.equal('Bearer');
    const [header, payload] = (body.id_token as string).split('.').slice(0, 2).map((part) => JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))));
    expect(header.alg).to.equal('ES256');
    expect(payload).to.include({ iss: issuer, aud: clientId, email: 'ada@example.com', nonce: 'n-0S6_WzA2Mj' });
  });

  it('rejects a wrong code_verifier, and the code is spent afterwards', async () => {
    const fetchFunction = mockFetch();
    const { code, codeVerifier } = await authorizationCode(fetchFunction);
    const wrong = await exchange(fetchFunction, code, oauth.generateRandomCodeVerifier());
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error).to.equal('invalid_grant');
    const retry = await exchange(fetchFunction, code, codeVerifier);
    expect(retry.body.error).to.equal('invalid_grant');
  });

  it('rejects a reused authorization code', async () => {
    const fetchFunction = mockFetch();
    const { code, codeVerifier } = await authorizationCode(fetchFunction);
    expect((await exchange(fetchFunction, code, codeVerifier)).status).to.equal(200);
    const reused = await exchange(fetchFunction, code, codeVerifier);
    expect(reused.status).to.equal(400);
    expect(reused.body).to.include({ error: 'invalid_grant' });
  });

  it('answers no-store JSON errors for a wrong content type', async () => {
    const fetchFunction = mockFetch();
    const response = await fetchFunction(`${issuer}/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(response.status).to.equal(400);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    expect(await response.json()).to.include({ error: 'invalid_request' });
  });

  it('always issues a refresh token and rotates it on use', async () => {
    const fetchFunction = mockFetch();
    const first = await signedIn(fetchFunction);
    expect(first.refresh_token).to.be.a('string');
    const second = await refresh(fetchFunction, first.refresh_token);
    expect(second.status).to.equal(200);
    expect(second.body.refresh_token).to.be.a('string').and.not.equal(first.refresh_token);
    expect(second.body.access_token).to.not.equal(first.access_token);
  });

  it('revokes the whole family when a rotated refresh token is used again', async () => {
    const fetchFunction = mockFetch();
    const first = await signedIn(fetchFunction);
    const second = (await refresh(fetchFunction, first.refresh_token)).body as { access_token: string; refresh_token: string };
    const reuse = await refresh(fetchFunction, first.refresh_token);
    expect(reuse.status).to.equal(400);
    expect(reuse.body.error).to.equal('invalid_grant');
    expect((await refresh(fetchFunction, second.refresh_token)).body.error).to.equal('invalid_grant');
    expect(await userinfoStatus(fetchFunction, second.access_token)).to.equal(401);
    expect(await userinfoStatus(fetchFunction, first.access_token)).to.equal(401);
  });

  it('refuses a refresh that widens the scope', async () => {
    const fetchFunction = mockFetch();
    const { refresh_token: refreshToken } = await signedIn(fetchFunction);
    const widened = await post(fetchFunction, '/token', { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken, scope: 'openid email phone' });
    expect(widened.body.error).to.equal('invalid_scope');
  });

  it('answers unsupported_grant_type for other grants', async () => {
    const fetchFunction = mockFetch();
    const { body } = await post(fetchFunction, '/token', { grant_type: 'password', client_id: clientId });
    expect(body.error).to.equal('unsupported_grant_type');
  });
});
