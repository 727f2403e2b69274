import { expect } from '@open-wc/testing';
import * as oauth from 'oauth4webapi';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';

const tenant = 'https://auth0.pwless.test';
const clientId = 'pwless-demo';

async function postJson(fetchFunction: typeof fetch, path: string, body: Record<string, unknown>) {
  const response = await fetchFunction(`${tenant}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('Auth0 variant in the browser (msw handlers)', () => {
  it('signs in with an email code through /co/authenticate, /authorize and /oauth/token', async () => {
    const fetchFunction = mockFetch({ dialect: 'auth0' });
    const started = await postJson(fetchFunction, '/passwordless/start', { client_id: clientId, connection: 'email', email: 'ada@example.com', send: 'code' });
    expect(started.status).to.equal(200);
    const ticket = await postJson(fetchFunction, '/co/authenticate', {
      client_id: clientId,
      username: 'ada@example.com',
      otp: await latestCode(fetchFunction, 'ada@example.com', tenant),
      realm: 'email',
      credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
    });
    expect(ticket.status).to.equal(200);
    const verifier = oauth.generateRandomCodeVerifier();
    const redirectUri = `${location.origin}/callback`;
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid email offline_access',
      state: 's1',
      nonce: 'n1',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      login_ticket: ticket.body.login_ticket as string,
    });
    const authorized = await fetchFunction(`${tenant}/authorize?${query}`, { redirect: 'manual' });
    expect(authorized.status).to.equal(302);
    const code = new URL(authorized.headers.get('location')!).searchParams.get('code')!;
    const tokens = await postJson(fetchFunction, '/oauth/token', { grant_type: 'authorization_code', client_id: clientId, code, code_verifier: verifier, redirect_uri: redirectUri });
    expect(tokens.status).to.equal(200);
    expect(tokens.body.refresh_token).to.be.a('string');
    const [header, payload] = (tokens.body.id_token as string).split('.').slice(0, 2).map((part) => JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>);
    expect(header!.alg).to.equal('RS256');
    expect(payload!.iss).to.equal(`${tenant}/`);
    expect(payload!.nonce).to.equal('n1');
    expect(payload!.email).to.equal('ada@example.com');
  });

  it('answers a wrong code with Auth0 words and keeps the pwless provider apart', async () => {
    const fetchFunction = mockFetch({ dialect: 'auth0' });
    await postJson(fetchFunction, '/passwordless/start', { client_id: clientId, connection: 'email', email: 'ada@example.com', send: 'code' });
    const code = await latestCode(fetchFunction, 'ada@example.com', tenant);
    const refused = await postJson(fetchFunction, '/co/authenticate', {
      client_id: clientId,
      username: 'ada@example.com',
      otp: code === '000000' ? '111111' : '000000',
      realm: 'email',
      credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
    });
    expect(refused.status).to.equal(403);
    expect(refused.body).to.deep.equal({ error: 'access_denied', error_description: 'Wrong email or verification code.' });
    const pwlessEndpoint = await fetchFunction(`${tenant}/challenge`, { method: 'POST' });
    expect(pwlessEndpoint.status).to.equal(404);
  });
});
