import { expect } from '@open-wc/testing';
import { createClient, type ChallengeEvent } from '../src/index.js';
import { mockFetch } from '../../../test/helpers/mock-fetch.js';
import { configure, freshIssuer, recording, rejection } from './support/helpers.js';
import { signedIn } from './support/sign-in.js';

function tokenRequests(requests: Request[]): Request[] {
  return requests.filter((request) => request.url.endsWith('/token'));
}

describe('sessions', () => {
  it('keep tokens in memory by default: a new client in the same page is signed out', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const client = await signedIn(mock, issuer, 'memory@example.com');
    client.close();
    const later = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    await later.resume();
    expect(later.session).to.equal(undefined);
    later.close();
  });

  it('with persistence "local", a new client picks up the session and can renew it', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const first = await signedIn(mock, issuer, 'local@example.com', { persistence: 'local' });
    first.close();
    const second = createClient({ issuer, clientId: 'pwless-demo', fetch: mock, persistence: 'local' });
    await second.resume();
    expect(second.session?.user.email).to.equal('local@example.com');
    const renewed = await second.getAccessToken({ forceRefresh: true });
    expect(renewed).not.to.equal(first.session?.accessToken);
    second.close();
  });

  it('with persistence "session", the session ends with the browser session', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const first = await signedIn(mock, issuer, 'browser@example.com', { persistence: 'session' });
    first.close();
    const sameBrowserSession = createClient({ issuer, clientId: 'pwless-demo', fetch: mock, persistence: 'session' });
    await sameBrowserSession.resume();
    expect(sameBrowserSession.session?.user.email).to.equal('browser@example.com');
    sameBrowserSession.close();
    // What closing the browser does to a session cookie.
    document.cookie = 'pwless_browser_session=; path=/; max-age=0';
    const nextBrowserSession = createClient({ issuer, clientId: 'pwless-demo', fetch: mock, persistence: 'session' });
    await nextBrowserSession.resume();
    expect(nextBrowserSession.session).to.equal(undefined);
    nextBrowserSession.close();
  });

  it('with persistence "memory", other tabs receive the session and its renewals but never the refresh token', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const otherTab = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    const received: string[] = [];
    otherTab.addEventListener('session', (event) => received.push(event.session.accessToken));
    const tab = await signedIn(mock, issuer, 'shared@example.com');
    const renewed = await tab.getAccessToken({ forceRefresh: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).to.have.length(2);
    expect(otherTab.session?.accessToken).to.equal(renewed);
    expect((await rejection(otherTab.getAccessToken({ forceRefresh: true }))).code).to.equal('session_expired');
    tab.close();
    otherTab.close();
  });

  it('rejects getAccessToken with aborted when the caller gives up on a renewal', async () => {
    const issuer = freshIssuer();
    const client = await signedIn(mockFetch({ issuer }), issuer, 'patience@example.com');
    const error = await rejection(client.getAccessToken({ forceRefresh: true, signal: AbortSignal.abort() }));
    expect(error.code).to.equal('aborted');
    client.close();
  });

  it('a caller giving up on a renewal leaves another caller of the same renewal waiting for it', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const client = await signedIn(mock, issuer, 'patient@example.com');
    const before = client.session!.accessToken;
    // Another tab renews right now: both calls of this page wait for its lock.
    let release!: () => void;
    const granted = new Promise<void>((resolve) => {
      void navigator.locks.request(`pwless-refresh:${new URL(issuer).href}|pwless-demo`, () => {
        resolve();
        return new Promise<void>((done) => (release = done));
      });
    });
    await granted;
    const controller = new AbortController();
    const impatient = client.getAccessToken({ forceRefresh: true, signal: controller.signal });
    const patient = client.getAccessToken({ forceRefresh: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect((await rejection(impatient)).code).to.equal('aborted');
    release();
    const renewed = await patient.catch((error: { code?: string }) => `rejected with ${error.code}`);
    expect(renewed).not.to.match(/^rejected/);
    expect(typeof renewed).to.equal('string');
    expect(renewed).not.to.equal(before);
    client.close();
  });

  it('returns the access token as it is until shortly before it expires, then renews it once', async () => {
    const issuer = freshIssuer();
    const recorder = recording(mockFetch({ issuer, config: { accessTokenLifetime: 2 } }));
    const client = await signedIn(recorder.fetch, issuer, 'renew@example.com');
    const first = await client.getAccessToken();
    expect(await client.getAccessToken()).to.equal(first);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const [a, b, c] = await Promise.all([client.getAccessToken(), client.getAccessToken(), client.getAccessToken()]);
    expect(a).not.to.equal(first);
    expect([b, c]).to.deep.equal([a, a]);
    expect(tokenRequests(recorder.requests)).to.have.length(2);
    client.close();
  });

  it('ends the session when the provider refuses the refresh token', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    let refuse = false;
    const fetchFunction: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (refuse && request.url.endsWith('/token')) {
        return new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400, headers: { 'Content-Type': 'application/json' } });
      }
      return mock(request);
    };
    const client = await signedIn(fetchFunction, issuer, 'refused@example.com');
    refuse = true;
    const signedOut = new Promise((resolve) => client.addEventListener('signedout', resolve));
    expect((await rejection(client.getAccessToken({ forceRefresh: true }))).code).to.equal('session_expired');
    await signedOut;
    expect(client.session).to.equal(undefined);
    client.close();
  });

  it('asks for a new sign-in with a challenge event when the refresh needs more authorization', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    let stepUp = false;
    const fetchFunction: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (stepUp && request.url.endsWith('/token')) {
        return new Response(JSON.stringify({ error: 'insufficient_authorization' }), { status: 403, headers: { 'Content-Type': 'application/json' } });
      }
      return mock(request);
    };
    const client = await signedIn(fetchFunction, issuer, 'stepup@example.com');
    stepUp = true;
    const challenged = new Promise<ChallengeEvent>((resolve) => client.addEventListener('challenge', resolve));
    let signedOut = false;
    client.addEventListener('signedout', () => (signedOut = true));
    expect((await rejection(client.getAccessToken({ forceRefresh: true }))).code).to.equal('session_expired');
    expect((await challenged).challenge).to.equal(undefined);
    expect(signedOut).to.equal(false);
    expect(client.session?.user.email).to.equal('stepup@example.com');
    client.close();
  });

  it('client.fetch sends the access token and renews it once after a 401', async () => {
    const issuer = freshIssuer();
    const recorder = recording(mockFetch({ issuer }));
    const client = await signedIn(recorder.fetch, issuer, 'api@example.com');
    const userinfo = await client.fetch(`${issuer}/userinfo`);
    expect(await userinfo.json()).to.include({ email: 'api@example.com' });
    const stale = client.session!.accessToken;
    await recorder.fetch(`${issuer}/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: stale, client_id: 'pwless-demo' }),
    });
    const retried = await client.fetch(`${issuer}/userinfo`, { method: 'GET' });
    expect(retried.status).to.equal(200);
    expect(client.session!.accessToken).not.to.equal(stale);
    const authorizations = recorder.requests.filter((request) => request.url.endsWith('/userinfo')).map((request) => request.headers.get('authorization'));
    expect(authorizations).to.deep.equal([`Bearer ${stale}`, `Bearer ${stale}`, `Bearer ${client.session!.accessToken}`]);
    client.close();
  });

  it('a renewal whose answer arrives after signOut does not sign the user back in', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    let holdTokenAnswers = false;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow: typeof fetch = async (input, init) => {
      const response = await mock(input, init);
      if (holdTokenAnswers && new Request(input, init).url.endsWith('/token')) await released;
      return response;
    };
    const client = await signedIn(slow, issuer, 'leaving@example.com', { persistence: 'local' });
    holdTokenAnswers = true;
    const renewal = client.getAccessToken({ forceRefresh: true }).then(
      () => 'renewed',
      (error: { code?: string }) => error.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.signOut();
    const events: string[] = [];
    client.addEventListener('session', () => events.push('session'));
    release();
    expect(await renewal).to.equal('session_expired');
    expect(client.session).to.equal(undefined);
    expect(events).to.deep.equal([]);
    const later = createClient({ issuer, clientId: 'pwless-demo', fetch: mock, persistence: 'local' });
    await later.resume();
    expect(later.session).to.equal(undefined);
    later.close();
    client.close();
  });

  it('signOut revokes the refresh token, clears storage and tells the other tabs', async () => {
    const issuer = freshIssuer();
    const recorder = recording(mockFetch({ issuer }));
    const tab = await signedIn(recorder.fetch, issuer, 'bye@example.com', { persistence: 'local' });
    const otherTab = createClient({ issuer, clientId: 'pwless-demo', fetch: recorder.fetch, persistence: 'local' });
    await otherTab.resume();
    const elsewhere = new Promise((resolve) => otherTab.addEventListener('signedout', resolve));
    await tab.signOut();
    await elsewhere;
    expect(otherTab.session).to.equal(undefined);
    const revocations = recorder.requests.filter((request) => request.url.endsWith('/revoke'));
    expect(revocations).to.have.length(1);
    expect(new URLSearchParams(await revocations[0]!.text()).get('token_type_hint')).to.equal('refresh_token');
    const fresh = createClient({ issuer, clientId: 'pwless-demo', fetch: recorder.fetch, persistence: 'local' });
    await fresh.resume();
    expect(fresh.session).to.equal(undefined);
    expect((await rejection(fresh.getAccessToken())).code).to.equal('session_expired');
    tab.close();
    otherTab.close();
    fresh.close();
  });

  it('binds tokens to a non-extractable DPoP key and retries once for a DPoP nonce', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    await configure(mock, issuer, { dpopNonce: true });
    const recorder = recording(mock);
    const client = await signedIn(recorder.fetch, issuer, 'dpop@example.com', { dpop: true, persistence: 'local' });
    expect(client.session?.tokenType.toLowerCase()).to.equal('dpop');
    const challengeRequests = recorder.requests.filter((request) => request.url.endsWith('/challenge'));
    expect(challengeRequests.every((request) => request.headers.get('dpop')?.startsWith('ey'))).to.equal(true);
    const userinfo = await client.fetch(`${issuer}/userinfo`);
    expect(userinfo.status).to.equal(200);
    const resource = recorder.requests.filter((request) => request.url.endsWith('/userinfo')).at(-1)!;
    expect(resource.headers.get('authorization')).to.match(/^DPoP /);
    expect(resource.headers.get('dpop')).to.match(/^ey/);
    await client.getAccessToken({ forceRefresh: true });
    const { readSession } = await import('../src/session-store.js');
    const stored = await readSession(`${issuer}/|pwless-demo`);
    expect(stored?.dpopKeys?.privateKey.extractable).to.equal(false);
    await client.signOut();
    expect(await readSession(`${issuer}/|pwless-demo`)).to.equal(undefined);
    client.close();
  });

  it('client.fetch retries once with the nonce a resource server asks for', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const proofs: string[] = [];
    let asked = false;
    const resourceWithNonce: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (!request.url.endsWith('/userinfo')) return mock(request);
      proofs.push(request.headers.get('dpop') ?? '');
      if (asked) return mock(request);
      asked = true;
      return new Response(null, {
        status: 401,
        headers: { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"', 'DPoP-Nonce': 'resource-nonce-1' },
      });
    };
    const client = await signedIn(resourceWithNonce, issuer, 'nonce@example.com', { dpop: true });
    const response = await client.fetch(`${issuer}/userinfo`);
    expect(response.status).to.equal(200);
    expect(proofs).to.have.length(2);
    const payload = (proof: string) => JSON.parse(atob(proof.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { nonce?: string };
    expect(payload(proofs[0]!).nonce).to.equal(undefined);
    expect(payload(proofs[1]!).nonce).to.equal('resource-nonce-1');
    client.close();
  });
});
