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
});
