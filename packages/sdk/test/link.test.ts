import { expect } from '@open-wc/testing';
import { createClient, type Session } from '../src/index.js';
import { mockFetch } from '../../../test/helpers/mock-fetch.js';
import { configure, freshIssuer, latestLink, recording, rejection, renewingSessions } from './support/helpers.js';

const linkUri = 'http://localhost:8000/landing';

function polls(requests: Request[]): number {
  return requests.filter((request) => request.url.endsWith('/challenge')).length - 1;
}

describe('magic links', () => {
  // Polling rests while the page is hidden, and this page may be a background tab of the test browser
  // (another file's passkey test brings its own tab to the front): tests that time polls stand in for
  // the page's visibility, and get it back after each test, even one that fails.
  const pageHidden = (hidden: () => boolean) => Object.defineProperty(document, 'hidden', { configurable: true, get: hidden });
  afterEach(() => delete (document as { hidden?: boolean }).hidden);

  it('the landing page shows what the link approves without spending it', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const waiting = createClient({ issuer, clientId: 'pwless-demo', linkUri, fetch: mock });
    const challenge = await waiting.start({ email: 'look@example.com' }, { delivery: 'link' });
    const landing = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    const link = await latestLink(mock, 'look@example.com', issuer);
    const info = await landing.inspectLink(link);
    expect(info.to).to.equal(challenge.to);
    expect(info.phrase).to.equal(challenge.phrase);
    expect(info.requestedAt).to.be.closeTo(Date.now(), 5000);
    expect(await landing.inspectLink(link)).to.deep.equal(info);
    waiting.close();
    landing.close();
  });

  it('keeps waiting with the newest auth_session when a resend renewed it', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer, config: { resendAfter: 0 } });
    const renewing = renewingSessions(mock);
    const waiting = createClient({ issuer, clientId: 'pwless-demo', linkUri, fetch: renewing });
    await waiting.start({ email: 'renewed@example.com' }, { delivery: 'link' });
    const approval = waiting.waitForApproval().catch((error: { code?: string }) => error.code);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await waiting.resend();
    const landing = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    await landing.approveLink(await latestLink(mock, 'renewed@example.com', issuer));
    const session = await approval;
    expect((session as Session).user?.email ?? session).to.equal('renewed@example.com');
    waiting.close();
    landing.close();
  });

  it('keeps waiting through a lost connection and 5xx answers (a provider restarting), and finishes once the link is approved', async function () {
    // Four polls a second apart at least; a busy machine (test files run side by side) stretches them.
    this.timeout(20_000);
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer, config: { pollInterval: 1 } });
    // After a first poll (which tells the interval, 1 s), three fail: no connection, a 503 in JSON, a proxy's 502 page.
    const failures: Array<() => Response> = [
      () => {
        throw new TypeError('Failed to fetch');
      },
      () => new Response('{"error":"temporarily_unavailable"}', { status: 503, headers: { 'Content-Type': 'application/json' } }),
      () => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    ];
    let polls = 0;
    const flaky: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const body = request.url.endsWith('/challenge') ? await request.clone().text() : '';
      if (body.includes('auth_session') && !body.includes('pwless_action') && (polls += 1) > 1 && failures.length) return failures.shift()!();
      return mock(request);
    };
    const waiting = createClient({ issuer, clientId: 'pwless-demo', linkUri, fetch: flaky });
    await waiting.start({ email: 'restart@example.com' }, { delivery: 'link' });
    pageHidden(() => false);
    const approval = waiting.waitForApproval();
    const landing = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    while (failures.length) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await landing.approveLink(await latestLink(mock, 'restart@example.com', issuer))).to.equal(undefined);
    const session = await approval;
    expect(session.user.email).to.equal('restart@example.com');
    waiting.close();
    landing.close();
  });

  it('a waiting tab wakes at once when another tab approves, and finishes the sign-in', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer, config: { pollInterval: 30 } });
    const recorder = recording(mock);
    const waiting = createClient({ issuer, clientId: 'pwless-demo', linkUri, fetch: recorder.fetch });
    await waiting.start({ email: 'wake@example.com' }, { delivery: 'link' });
    const approval = waiting.waitForApproval();
    const landing = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await landing.approveLink(await latestLink(mock, 'wake@example.com', issuer))).to.equal(undefined);
    const session = await approval;
    expect(Date.now() - started).to.be.below(3000);
    expect(session.user.email).to.equal('wake@example.com');
    expect(polls(recorder.requests)).to.equal(2);
    waiting.close();
    landing.close();
  });

  it('the landing page finishes the sign-in itself when no tab is waiting, and tells the others', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const starter = createClient({ issuer, clientId: 'pwless-demo', linkUri, fetch: mock });
    await starter.start({ email: 'closed@example.com' }, { delivery: 'link' });
    const told = new Promise<Session>((resolve) => starter.addEventListener('session', (event) => resolve(event.session)));
    const landing = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    const session = await landing.approveLink(await latestLink(mock, 'closed@example.com', issuer));
    expect(session?.user.email).to.equal('closed@example.com');
    expect((await told).accessToken).to.equal(session?.accessToken);
    starter.close();
    landing.close();
  });

  it('polls at the interval the provider gives and honours slow_down', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer, config: { pollInterval: 1 } });
    const times: number[] = [];
    let slowDownSent = false;
    const fetchFunction: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const isPoll = request.url.endsWith('/challenge') && (await request.clone().text()).includes('auth_session') && times.push(Date.now());
      if (isPoll && !slowDownSent) {
        slowDownSent = true;
        return new Response(JSON.stringify({ error: 'slow_down', interval: 2 }), { status: 400 });
      }
      return mock(request);
    };
    const client = createClient({ issuer, clientId: 'pwless-demo', linkUri, fetch: fetchFunction });
    await client.start({ email: 'slow@example.com' }, { delivery: 'link' });
    pageHidden(() => false);
    const controller = new AbortController();
    const waiting = client.waitForApproval({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 3500));
    controller.abort();
    expect((await rejection(waiting)).code).to.equal('aborted');
    expect(times).to.have.length(3);
    expect(times[1]! - times[0]!).to.be.within(1900, 2600);
    expect(times[2]! - times[1]!).to.be.within(900, 1600);
    client.close();
  });

  it('rests while the page is hidden and polls at once when it is shown again', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer, config: { pollInterval: 1 } });
    const recorder = recording(mock);
    const client = createClient({ issuer, clientId: 'pwless-demo', linkUri, fetch: recorder.fetch });
    await client.start({ email: 'hidden@example.com' }, { delivery: 'link' });
    let hidden = false;
    pageHidden(() => hidden);
    const setHidden = (value: boolean) => {
      hidden = value;
      document.dispatchEvent(new Event('visibilitychange'));
    };
    const controller = new AbortController();
    const waiting = client.waitForApproval({ signal: controller.signal }).catch(() => undefined);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      setHidden(true);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(polls(recorder.requests)).to.equal(1);
      setHidden(false);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(polls(recorder.requests)).to.equal(2);
    } finally {
      controller.abort();
      await waiting;
      client.close();
    }
  });

  it('rejects a spent link with link_invalid', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const client = createClient({ issuer, clientId: 'pwless-demo', linkUri, fetch: mock });
    await client.start({ email: 'spent@example.com' }, { delivery: 'link' });
    const link = await latestLink(mock, 'spent@example.com', issuer);
    await client.approveLink(link);
    expect((await rejection(client.approveLink(link))).code).to.equal('link_invalid');
    expect((await rejection(client.inspectLink('https://app.example/landing'))).code).to.equal('link_invalid');
    client.close();
  });

  it('still accepts the code that the link email carries', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    await configure(mock, issuer, { securityPhrase: false });
    const client = createClient({ issuer, clientId: 'pwless-demo', linkUri, fetch: mock });
    const challenge = await client.start({ email: 'both@example.com' }, { delivery: 'link' });
    expect(challenge.delivery).to.equal('link');
    const inbox = (await (await mock(`${issuer}/_mock/inbox`)).json()) as { code?: string }[];
    expect((await client.verify(inbox.at(-1)!.code!)).user.email).to.equal('both@example.com');
    client.close();
  });
});
