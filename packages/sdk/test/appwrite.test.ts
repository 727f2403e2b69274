import { expect } from '@open-wc/testing';
import { createClient, type PwlessClient } from '../src/index.js';
import { latestCode } from '../../../test/helpers/mock-fetch.js';
import { vendorFetch } from '../../../test/helpers/vendor-fetch.js';
import { apiRefusingOnce, configure, expectRenewedOnce, freshIssuer, recording, rejection } from './support/helpers.js';

// Each test has its own Appwrite endpoint: clients of one issuer share storage and hear each other's tabs.
let endpoint: string;
let fetchFunction: typeof fetch;
beforeEach(() => {
  endpoint = `${freshIssuer()}/v1`;
  fetchFunction = vendorFetch({ dialect: 'appwrite', issuer: endpoint });
});

function appwriteClient(overrides: Partial<Parameters<typeof createClient>[0]> = {}): PwlessClient {
  return createClient({ dialect: 'appwrite', issuer: endpoint, clientId: 'pwless-demo', fetch: fetchFunction, ...overrides });
}

/** The newest inbox message to `to`. */
async function latestMessage(to: string): Promise<{ code?: string; link?: string; phrase?: string }> {
  const inbox = (await (await fetchFunction(`${endpoint}/_mock/inbox`)).json()) as { to: string; code?: string; link?: string; phrase?: string }[];
  return inbox.filter((entry) => entry.to === to).at(-1)!;
}

describe('Appwrite dialect', () => {
  it('signs in with the emailed OTP, shows Appwrite\'s security phrase, and answers the account JWT as the access token', async () => {
    const { fetch, requests } = recording(fetchFunction);
    const client = appwriteClient({ fetch });
    const challenge = await client.start({ email: 'ada@example.com' });
    expect(challenge).to.include({ channel: 'email', delivery: 'code', codeLength: 6, to: 'a•••@example.com' });
    const message = await latestMessage('ada@example.com');
    expect(challenge.phrase).to.be.a('string').and.equal(message.phrase);
    const session = await client.verify(message.code!);
    expect(session.user.email).to.equal('ada@example.com');
    expect(session.tokenType).to.equal('Bearer');
    expect(session.accessToken.split('.')).to.have.length(3);
    expect(await client.getAccessToken()).to.equal(session.accessToken);
    const start = requests.find((request) => request.url.endsWith('/account/tokens/email'))!;
    expect(start.headers.get('x-appwrite-project')).to.equal('pwless-demo');
    expect(await start.clone().json()).to.deep.include({ userId: 'unique()', email: 'ada@example.com', phrase: true });
    expect(requests.map((request) => new URL(request.url).pathname.replace(/^.*\/v1/, ''))).to.include.members(['/account/sessions/token', '/account', '/account/jwts']);
  });

  it('picks the sign-in up after a reload: a new client of the page resumes it and takes the code', async () => {
    const before = appwriteClient();
    const sent = await before.start({ email: 'reload@example.com' });
    before.close();
    const after = appwriteClient();
    expect(await after.resume()).to.deep.equal(sent);
    const session = await after.verify(await latestCode(fetchFunction, 'reload@example.com', endpoint));
    expect(session.user.email).to.equal('reload@example.com');
  });

  it('maps a wrong code to invalid_code, and the same answer once the code\'s time is over to code_expired', async () => {
    await configure(fetchFunction, endpoint, { codeLifetime: 1 });
    const client = appwriteClient();
    await client.start({ email: 'bob@example.com' });
    const code = await latestCode(fetchFunction, 'bob@example.com', endpoint);
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await rejection(client.verify(wrong))).code).to.equal('invalid_code');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await rejection(client.verify(code))).code).to.equal('code_expired');
  });

  it('maps Appwrite\'s hourly limit on session attempts (429 general_rate_limit_exceeded) to rate_limited with the wait', async () => {
    const client = appwriteClient();
    await client.start({ email: 'eve@example.com' });
    const code = await latestCode(fetchFunction, 'eve@example.com', endpoint);
    const wrong = code === '000000' ? '111111' : '000000';
    let error;
    for (let attempt = 0; attempt < 11; attempt += 1) {
      error = await rejection(client.verify(wrong));
      if (error.code !== 'invalid_code') break;
    }
    expect(error!.code).to.equal('rate_limited');
    expect(error!.retryAfter).to.be.greaterThan(0);
  });

  it('refuses a malformed address with invalid_identifier before any request, and an unknown project with invalid_client', async () => {
    expect((await rejection(appwriteClient().start({ email: 'nope' }))).code).to.equal('invalid_identifier');
    expect((await rejection(appwriteClient({ clientId: 'no-such-project' }).start({ email: 'ada@example.com' }))).code).to.equal('invalid_client');
  });

  it('signs out by deleting the current session at Appwrite; the account is then out of reach', async () => {
    const { fetch, requests } = recording(fetchFunction);
    const client = appwriteClient({ fetch });
    await client.start({ email: 'sam@example.com' });
    await client.verify(await latestCode(fetchFunction, 'sam@example.com', endpoint));
    const account = () => fetchFunction(`${endpoint}/account`, { headers: { 'X-Appwrite-Project': 'pwless-demo' }, credentials: 'include' });
    expect((await account()).status).to.equal(200);
    await client.signOut();
    expect(requests.at(-1)!.method).to.equal('DELETE');
    expect(new URL(requests.at(-1)!.url).pathname).to.match(/\/v1\/account\/sessions\/current$/);
    expect(client.session).to.equal(undefined);
    expect((await account()).status).to.equal(401);
    expect((await rejection(client.getAccessToken())).code).to.equal('session_expired');
  });

  it('client.fetch sends the account JWT as a bearer token, and renews it once on a 401', async () => {
    const { fetch: withApi, seen } = apiRefusingOnce(fetchFunction);
    const client = appwriteClient({ fetch: withApi });
    await client.start({ email: 'api@example.com' });
    const session = await client.verify(await latestCode(fetchFunction, 'api@example.com', endpoint));
    await expectRenewedOnce(client, seen, session.accessToken);
    expect(client.session!.accessToken).to.equal(seen[1]!.slice(7));
  });

  it('sends a magic URL to this page marked as its landing page; Confirm there signs in and the waiting tab follows', async () => {
    const linkUri = `${location.origin}/landing`;
    const waiting = appwriteClient({ linkUri });
    const challenge = await waiting.start({ email: 'lin@example.com' }, { delivery: 'link' });
    expect(challenge.delivery).to.equal('link');
    const { link, phrase } = await latestMessage('lin@example.com');
    const url = new URL(link!);
    expect(url.origin + url.pathname).to.equal(linkUri);
    expect(url.searchParams.get('pwless_link')).to.equal('l•••@example.com');
    const approved = waiting.waitForApproval();
    const landing = appwriteClient({ linkUri });
    const info = await landing.inspectLink(link!);
    expect(info.to).to.equal('l•••@example.com');
    expect(info.phrase).to.equal(phrase);
    const session = await landing.approveLink(link!);
    expect(session?.user.email).to.equal('lin@example.com');
    expect((await approved).user.email).to.equal('lin@example.com');
    expect((await rejection(appwriteClient({ linkUri }).approveLink(link!))).code).to.equal('link_invalid');
  });
});
