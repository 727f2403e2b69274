import { expect } from '@open-wc/testing';
import * as oauth from 'oauth4webapi';
import { createClient, type PwlessClient } from '../src/index.js';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer, recording, rejection } from './support/helpers.js';

const redirectUri = 'http://localhost:8000/callback';

/** The hosted page, walked as a browser would; `tamper` may change the address form before it is posted. Answers the callback URL. */
async function callbackFrom(mock: typeof fetch, issuer: string, authorizationUrl: URL, email: string, tamper = (_form: URLSearchParams) => {}): Promise<URL> {
  const form = new URLSearchParams(authorizationUrl.searchParams);
  form.set('login_hint', email);
  form.set('pwless_step', 'start');
  tamper(form);
  const post = (body: URLSearchParams) =>
    mock(`${issuer}/authorize`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
  const authSession = /name="auth_session" value="([^"]+)"/.exec(await (await post(form)).text())![1]!;
  const back = await post(new URLSearchParams({ auth_session: authSession, pwless_step: 'verify', otp: await latestCode(mock, email, issuer) }));
  return new URL(back.headers.get('location')!);
}

describe('redirect callback checks', () => {
  let client: PwlessClient | undefined;
  afterEach(() => client?.close());

  it('trades the code with the PKCE verifier and redirect_uri of its own authorization request', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const { fetch, requests } = recording(mock);
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, mode: 'redirect', fetch });
    const url = await client.authorizationUrl({ loginHint: 'pkce@example.com' });
    await client.handleRedirectCallback(await callbackFrom(mock, issuer, url, 'pkce@example.com'));
    const token = new URLSearchParams(await requests.find((request) => request.url.endsWith('/token'))!.text());
    expect(token.get('redirect_uri')).to.equal(redirectUri);
    expect(await oauth.calculatePKCECodeChallenge(token.get('code_verifier')!)).to.equal(url.searchParams.get('code_challenge'));
  });

  it('refuses an ID token whose nonce is not the one its authorization request sent', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, mode: 'redirect', fetch: mock });
    const url = await client.authorizationUrl({ loginHint: 'nonce@example.com' });
    const callback = await callbackFrom(mock, issuer, url, 'nonce@example.com', (form) => form.set('nonce', 'someone-elses-nonce'));
    const error = await rejection(client.handleRedirectCallback(callback));
    expect(error.code).to.equal('invalid_response');
    expect(error.message).to.match(/nonce/);
    expect(client.session).to.equal(undefined);
  });

  it('refuses a callback without iss from a provider that promises one (RFC 9207)', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, mode: 'redirect', fetch: mock });
    const url = await client.authorizationUrl({ loginHint: 'no-iss@example.com' });
    const callback = await callbackFrom(mock, issuer, url, 'no-iss@example.com');
    callback.searchParams.delete('iss');
    const error = await rejection(client.handleRedirectCallback(callback));
    expect(error.code).to.equal('invalid_response');
    expect(error.message).to.match(/iss/);
  });
});
