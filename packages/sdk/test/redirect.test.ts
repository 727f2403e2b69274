import { expect } from '@open-wc/testing';
import { createClient, type PwlessClient } from '../src/index.js';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer, rejection } from './support/helpers.js';

const redirectUri = 'http://localhost:8000/callback';

/** Goes through the mock's hosted sign-in page as a browser would, and answers where it sends the browser back. */
async function signInOnHostedPage(mock: typeof fetch, issuer: string, authorizationUrl: URL, email: string): Promise<string> {
  const form = new URLSearchParams(authorizationUrl.searchParams);
  form.set('login_hint', email);
  form.set('pwless_step', 'start');
  const post = (body: URLSearchParams) =>
    mock(`${issuer}/authorize`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
  const codePage = await (await post(form)).text();
  const authSession = /name="auth_session" value="([^"]+)"/.exec(codePage)?.[1];
  if (!authSession) throw new Error('the hosted page did not start a sign-in');
  const otp = await latestCode(mock, email, issuer);
  const back = await post(new URLSearchParams({ auth_session: authSession, pwless_step: 'verify', otp }));
  return back.headers.get('location')!;
}

describe('redirect mode', () => {
  let client: PwlessClient | undefined;
  afterEach(() => client?.close());

  it('signs in through the provider page and back, checking state, iss and nonce', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, mode: 'redirect', fetch: mock });
    const url = await client.authorizationUrl({ loginHint: 'away@example.com' });
    expect(url.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(url.searchParams.get('login_hint')).to.equal('away@example.com');
    const callback = await signInOnHostedPage(mock, issuer, url, 'away@example.com');
    expect(new URL(callback).searchParams.get('iss')).to.equal(issuer);
    const session = await client.handleRedirectCallback(callback);
    expect(session.user.email).to.equal('away@example.com');
    expect(session.claims.nonce).to.equal(url.searchParams.get('nonce'));
    expect((await rejection(client.handleRedirectCallback(callback))).code).to.equal('state_mismatch');
  });

  it('asks the provider for its page in the person\'s language (ui_locales), and gets it', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, mode: 'redirect', fetch: mock });
    const url = await client.authorizationUrl({ loginHint: 'leser@example.com', locale: 'de' });
    expect(url.searchParams.get('ui_locales')).to.equal('de');
    const page = await (await mock(url, { headers: { 'Accept-Language': 'en' } })).text();
    expect(page).to.match(/<html lang="de"/);
  });

  it('stays on the page with network_error instead of leaving for the provider while the browser is offline', async () => {
    const issuer = freshIssuer();
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, mode: 'redirect', fetch: mockFetch({ issuer }) });
    const page = location.href;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      expect((await rejection(client.signInWithRedirect({ loginHint: 'offline@example.com' }))).code).to.equal('network_error');
      expect((await rejection(client.start({ email: 'offline@example.com' }))).code).to.equal('network_error');
    } finally {
      delete (navigator as { onLine?: boolean }).onLine;
    }
    expect(location.href).to.equal(page);
    expect(navigator.onLine).to.equal(true);
  });

  it('binds the tokens of a redirect sign-in to the DPoP key its authorization request named', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, mode: 'redirect', dpop: true, fetch: mock });
    const url = await client.authorizationUrl({ loginHint: 'bound@example.com' });
    expect(url.searchParams.get('dpop_jkt')).to.match(/^[\w-]{43}$/);
    const session = await client.handleRedirectCallback(await signInOnHostedPage(mock, issuer, url, 'bound@example.com'));
    expect(session.tokenType.toLowerCase()).to.equal('dpop');
  });

  it('finishes the sign-in in a new client, as after the page came back from the provider', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const leaving = createClient({ issuer, clientId: 'pwless-demo', redirectUri, fetch: mock });
    const url = await leaving.authorizationUrl({ loginHint: 'back@example.com' });
    leaving.close();
    const callback = await signInOnHostedPage(mock, issuer, url, 'back@example.com');
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, fetch: mock });
    expect((await client.handleRedirectCallback(callback)).user.email).to.equal('back@example.com');
  });

  it('removes the response parameters from the address bar of the callback page', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const here = `${location.origin}/callback-page`;
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri: here, fetch: mock });
    const url = await client.authorizationUrl({ loginHint: 'clean@example.com' });
    const callback = new URL(await signInOnHostedPage(mock, issuer, url, 'clean@example.com'));
    callback.searchParams.set('tab', 'photos');
    const before = location.href;
    history.pushState(null, '', callback);
    try {
      await client.handleRedirectCallback();
      expect(location.href).to.equal(`${here}?tab=photos`);
    } finally {
      history.pushState(null, '', before);
    }
  });

  it('leaves the callback of another client of the same provider to that client', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, fetch: mock });
    const url = await client.authorizationUrl({ loginHint: 'two-apps@example.com' });
    const callback = await signInOnHostedPage(mock, issuer, url, 'two-apps@example.com');
    const otherApp = createClient({ issuer, clientId: 'other-app', redirectUri, fetch: mock });
    expect((await rejection(otherApp.handleRedirectCallback(callback))).code).to.equal('state_mismatch');
    otherApp.close();
    expect((await client.handleRedirectCallback(callback)).user.email).to.equal('two-apps@example.com');
  });

  it('refuses a callback with an unknown state', async () => {
    const issuer = freshIssuer();
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, fetch: mockFetch({ issuer }) });
    const error = await rejection(client.handleRedirectCallback(`${redirectUri}?code=abc&state=forged&iss=${encodeURIComponent(issuer)}`));
    expect(error.code).to.equal('state_mismatch');
  });

  it('refuses a callback whose iss names another issuer (mix-up attack)', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, fetch: mock });
    const url = await client.authorizationUrl({ loginHint: 'mixup@example.com' });
    const callback = new URL(await signInOnHostedPage(mock, issuer, url, 'mixup@example.com'));
    callback.searchParams.set('iss', 'https://attacker.example');
    const error = await rejection(client.handleRedirectCallback(callback));
    expect(error.code).to.equal('invalid_response');
    expect(error.message).to.match(/iss/);
  });

  it('maps an error sent back by the provider', async () => {
    const issuer = freshIssuer();
    client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, fetch: mockFetch({ issuer }) });
    const url = await client.authorizationUrl();
    const state = url.searchParams.get('state')!;
    const error = await rejection(client.handleRedirectCallback(`${redirectUri}?error=access_denied&state=${state}&iss=${encodeURIComponent(issuer)}`));
    expect(error.code).to.equal('access_denied');
  });

  it('answers not_supported in native mode when the provider has no challenge endpoint', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const plainOidc: typeof fetch = async (input, init) => {
      const response = await mock(input, init);
      if (!new Request(input, init).url.endsWith('/openid-configuration')) return response;
      const { authorization_challenge_endpoint: _dropped, ...metadata } = (await response.json()) as Record<string, unknown>;
      return Response.json(metadata);
    };
    client = createClient({ issuer, clientId: 'pwless-demo', mode: 'native', fetch: plainOidc });
    expect((await rejection(client.start({ email: 'plain@example.com' }))).code).to.equal('not_supported');
  });

  for (const endpoint of ['javascript:alert(document.domain)//', 'data:text/html,<script>alert(1)</script>', 'http://id.example.com/authorize']) {
    it(`never builds an authorization URL the page would navigate to from an authorization_endpoint of ${endpoint.split(':')[0]}:`, async () => {
      const issuer = freshIssuer();
      const mock = mockFetch({ issuer });
      const hostile: typeof fetch = async (input, init) => {
        const response = await mock(input, init);
        if (!new Request(input, init).url.endsWith('/openid-configuration')) return response;
        return Response.json({ ...((await response.json()) as Record<string, unknown>), authorization_endpoint: endpoint });
      };
      client = createClient({ issuer, clientId: 'pwless-demo', redirectUri, fetch: hostile });
      expect((await rejection(client.authorizationUrl())).code).to.equal('invalid_response');
    });
  }
});
