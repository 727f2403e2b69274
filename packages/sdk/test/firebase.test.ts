import { expect } from '@open-wc/testing';
import { createClient, type PwlessClient } from '../src/index.js';
import { vendorFetch } from '../../../test/helpers/vendor-fetch.js';
import { apiRefusingOnce, configure, expectRenewedOnce, freshIssuer, recording, rejection } from './support/helpers.js';

// Each test has its own mock base: clients of one issuer share storage and hear each other's tabs.
// The mock serves the Identity Toolkit and the secure token service under it, as the Auth emulator does.
let base: string;
let issuer: string;
let fetchFunction: typeof fetch;
const linkUri = `${location.origin}/landing`;
beforeEach(() => {
  base = freshIssuer();
  issuer = `${base}/identitytoolkit.googleapis.com`;
  fetchFunction = vendorFetch({ dialect: 'firebase', issuer: base });
});

function firebaseClient(overrides: Partial<Parameters<typeof createClient>[0]> = {}): PwlessClient {
  return createClient({ dialect: 'firebase', issuer, clientId: 'pwless-demo', linkUri, fetch: fetchFunction, ...overrides });
}

async function latestLink(to: string): Promise<string> {
  const inbox = (await (await fetchFunction(`${base}/_mock/inbox`)).json()) as { to: string; link?: string; code?: string }[];
  const message = inbox.filter((entry) => entry.to === to).at(-1)!;
  expect(message.code, 'Firebase emails no code').to.equal(undefined);
  return message.link!;
}

describe('Firebase dialect', () => {
  it('sends an email sign-in link (accounts:sendOobCode, EMAIL_SIGNIN) back to this page, even when a code was asked for', async () => {
    const { fetch, requests } = recording(fetchFunction);
    const challenge = await firebaseClient({ fetch }).start({ email: 'ada@example.com' });
    expect(challenge).to.include({ channel: 'email', delivery: 'link', to: 'a•••@example.com' });
    const sent = requests.at(-1)!;
    const url = new URL(sent.url);
    expect(url.pathname).to.equal('/identitytoolkit.googleapis.com/v1/accounts:sendOobCode');
    expect(url.searchParams.get('key')).to.equal('pwless-demo');
    expect(sent.credentials).to.not.equal('include');
    const body = (await sent.clone().json()) as Record<string, unknown>;
    expect(body).to.deep.include({ requestType: 'EMAIL_SIGNIN', email: 'ada@example.com', canHandleCodeInApp: true });
    expect(new URL(body.continueUrl as string).searchParams.get('pwless_link')).to.equal('a•••@example.com');
    const link = new URL(await latestLink('ada@example.com'));
    expect(link.origin + link.pathname).to.equal(linkUri);
    expect(link.searchParams.get('mode')).to.equal('signIn');
    expect(link.searchParams.get('oobCode')).to.be.a('string');
    expect(link.searchParams.get('apiKey')).to.equal('pwless-demo');
  });

  it('in the browser that asked, the landing page signs in with the remembered address, and the waiting tab follows', async () => {
    const { fetch, requests } = recording(fetchFunction);
    const waiting = firebaseClient();
    await waiting.start({ email: 'lin@example.com' }, { delivery: 'link' });
    const approved = waiting.waitForApproval();
    const link = await latestLink('lin@example.com');
    const landing = firebaseClient({ fetch });
    const info = await landing.inspectLink(link);
    expect(info.to).to.equal('l•••@example.com');
    expect(info.askIdentifier).to.equal(undefined);
    const session = await landing.approveLink(link);
    expect(session?.user.email).to.equal('lin@example.com');
    expect(session?.accessToken.split('.')).to.have.length(3);
    expect(session?.claims['user_id']).to.equal(session?.user.sub);
    const paths = requests.map((request) => new URL(request.url).pathname);
    expect(paths).to.deep.equal(['/identitytoolkit.googleapis.com/v1/accounts:signInWithEmailLink', '/identitytoolkit.googleapis.com/v1/accounts:lookup']);
    expect(await requests[0]!.clone().json()).to.deep.equal({ email: 'lin@example.com', oobCode: new URL(link).searchParams.get('oobCode') });
    expect((await approved).user.email).to.equal('lin@example.com');
    // The link signs in once.
    expect((await rejection(firebaseClient().approveLink(link, { loginHint: 'lin@example.com' }))).code).to.equal('link_invalid');
  });

  it('where the sign-in was not asked (another device), the landing page needs the address: none or a wrong one is invalid_identifier, the right one signs in', async () => {
    const asking = firebaseClient();
    await asking.start({ email: 'far@example.com' });
    // This browser forgets the sign-in, as a second device never had it.
    asking.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const link = await latestLink('far@example.com');
    const landing = firebaseClient();
    const info = await landing.inspectLink(link);
    expect(info).to.deep.equal({ to: 'f•••@example.com', askIdentifier: true });
    expect((await rejection(landing.approveLink(link))).code).to.equal('invalid_identifier');
    expect((await rejection(landing.approveLink(link, { loginHint: 'near@example.com' }))).code).to.equal('invalid_identifier');
    // A wrong address leaves the link usable.
    const session = await landing.approveLink(link, { loginHint: ' far@example.com ' });
    expect(session?.user.email).to.equal('far@example.com');
  });

  it('a link for an address this browser asked for earlier (another one since) asks for the address instead of failing with the newer one', async () => {
    const client = firebaseClient();
    await client.start({ email: 'first@example.com' });
    const first = await latestLink('first@example.com');
    await client.start({ email: 'second@example.com' });
    const landing = firebaseClient();
    expect(await landing.inspectLink(first)).to.deep.equal({ to: 'f•••@example.com', askIdentifier: true });
    expect((await landing.approveLink(first, { loginHint: 'first@example.com' }))?.user.email).to.equal('first@example.com');
  });

  it('maps an expired link (EXPIRED_OOB_CODE) and a made-up one (INVALID_OOB_CODE) to link_invalid, and the send limit (TOO_MANY_ATTEMPTS_TRY_LATER) to rate_limited', async () => {
    await configure(fetchFunction, base, { codeLifetime: 1, sendsPerHour: 1 });
    const client = firebaseClient();
    await client.start({ email: 'bob@example.com' });
    const link = await latestLink('bob@example.com');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await rejection(client.approveLink(link))).code).to.equal('link_invalid');
    const madeUp = new URL(link);
    madeUp.searchParams.set('oobCode', 'made-up');
    expect((await rejection(client.approveLink(madeUp, { loginHint: 'bob@example.com' }))).code).to.equal('link_invalid');
    const limited = await rejection(client.start({ email: 'bob@example.com' }));
    expect(limited.code).to.equal('rate_limited');
    expect(limited.retryAfter).to.be.greaterThan(0);
  });

  it('has no codes and no SMS, and maps an unknown API key to invalid_client', async () => {
    const client = firebaseClient();
    expect((await rejection(client.start({ phone: '+15555550100' }))).code).to.equal('not_supported');
    await client.start({ email: 'kim@example.com' });
    expect((await rejection(client.verify('123456'))).code).to.equal('not_supported');
    expect((await rejection(firebaseClient({ clientId: 'not-a-key' }).start({ email: 'kim@example.com' }))).code).to.equal('invalid_client');
  });

  it('client.fetch sends the ID token, and renews it once on a 401 through the secure token service (grant_type=refresh_token)', async () => {
    const { fetch, requests, seen } = apiRefusingOnce(fetchFunction);
    const client = firebaseClient({ fetch });
    await client.start({ email: 'api@example.com' });
    const session = (await client.approveLink(await latestLink('api@example.com')))!;
    await expectRenewedOnce(client, seen, session.accessToken);
    const renewal = requests.find((request) => request.url.includes('/securetoken.googleapis.com/v1/token'))!;
    expect(new URL(renewal.url).searchParams.get('key')).to.equal('pwless-demo');
    expect(renewal.headers.get('content-type')).to.equal('application/x-www-form-urlencoded');
    expect(new URLSearchParams(await renewal.clone().text()).get('grant_type')).to.equal('refresh_token');
    // Signing out forgets the tokens here (Firebase has nothing to end at the backend).
    await client.signOut();
    expect(client.session).to.equal(undefined);
  });
});
