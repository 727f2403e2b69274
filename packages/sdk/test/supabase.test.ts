import { expect } from '@open-wc/testing';
import { createClient, type PwlessClient } from '../src/index.js';
import { latestCode } from '../../../test/helpers/mock-fetch.js';
import { vendorFetch } from '../../../test/helpers/vendor-fetch.js';
import { configure, freshIssuer, recording, rejection } from './support/helpers.js';

// Each test has its own Supabase project URL: clients of one issuer share storage and hear each other's tabs.
let project: string;
let fetchFunction: typeof fetch;
beforeEach(() => {
  project = freshIssuer();
  fetchFunction = vendorFetch({ dialect: 'supabase', issuer: project });
});

function supabaseClient(overrides: Record<string, unknown> = {}): PwlessClient {
  return createClient({ dialect: 'supabase', issuer: project, clientId: 'pwless-demo', fetch: fetchFunction, ...overrides });
}

async function latestMessage(to: string): Promise<{ code?: string; link?: string }> {
  const inbox = (await (await fetchFunction(`${project}/_mock/inbox`)).json()) as { to: string; code?: string; link?: string }[];
  return inbox.filter((entry) => entry.to === to).at(-1)!;
}

const refreshCounts = async () => (await (await fetchFunction(`${project}/_mock/refresh-tokens`)).json()) as { issued: number; rotated: number; reused: number };

describe('Supabase dialect', () => {
  it('signs in with the emailed code: POST /auth/v1/otp then /auth/v1/verify with the apikey, JSON bodies and no cookies', async () => {
    const { fetch, requests } = recording(fetchFunction);
    const client = supabaseClient({ fetch });
    const challenge = await client.start({ email: 'ada@example.com' });
    expect(challenge).to.include({ channel: 'email', delivery: 'code', codeLength: 6, to: 'a•••@example.com' });
    const session = await client.verify(await latestCode(fetchFunction, 'ada@example.com', project));
    expect(session.user.email).to.equal('ada@example.com');
    expect(session.claims).to.include({ role: 'authenticated', aud: 'authenticated', email: 'ada@example.com' });
    expect(session.accessToken.split('.')).to.have.length(3);
    const [otp, verify] = requests;
    expect(new URL(otp!.url).pathname).to.equal('/auth/v1/otp');
    expect(otp!.headers.get('apikey')).to.equal('pwless-demo');
    expect(otp!.headers.get('content-type')).to.equal('application/json');
    expect(otp!.credentials).to.equal('omit');
    expect(await otp!.clone().json()).to.deep.equal({ email: 'ada@example.com', create_user: true });
    expect(new URL(verify!.url).pathname).to.equal('/auth/v1/verify');
    expect(await verify!.clone().json()).to.include({ type: 'email', email: 'ada@example.com' });
  });

  it('maps GoTrue\'s otp_expired to invalid_code, and to code_expired once the project\'s OTP expiry is over', async () => {
    await configure(fetchFunction, project, { codeLifetime: 1 });
    const client = supabaseClient({ otpExpiry: 1 });
    await client.start({ email: 'bob@example.com' });
    const code = await latestCode(fetchFunction, 'bob@example.com', project);
    expect((await rejection(client.verify(code === '000000' ? '111111' : '000000'))).code).to.equal('invalid_code');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await rejection(client.verify(code))).code).to.equal('code_expired');
  });

  it('maps over_email_send_rate_limit (one email a minute) to rate_limited with the seconds GoTrue names', async () => {
    const client = supabaseClient();
    await client.start({ email: 'eve@example.com' });
    const error = await rejection(supabaseClient().start({ email: 'eve@example.com' }));
    expect(error.code).to.equal('rate_limited');
    expect(error.retryAfter).to.be.within(55, 60);
  });

  it('sends create_user: false when sign-up is off (createUser: false), and maps otp_disabled to signup_disabled', async () => {
    const { fetch, requests } = recording(fetchFunction);
    const error = await rejection(supabaseClient({ fetch, createUser: false }).start({ email: 'new@example.com' }));
    expect(error.code).to.equal('signup_disabled');
    expect(await requests[0]!.clone().json()).to.deep.include({ create_user: false });
    expect((await rejection(supabaseClient({ clientId: 'not-the-anon-key' }).start({ email: 'ada@example.com' }))).code).to.equal('invalid_client');
  });

  it('renews with grant_type=refresh_token (rotating it, no reuse) and signs out with POST /auth/v1/logout', async () => {
    const { fetch, requests } = recording(fetchFunction);
    const client = supabaseClient({ fetch });
    await client.start({ email: 'sam@example.com' });
    const first = await client.verify(await latestCode(fetchFunction, 'sam@example.com', project));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await client.getAccessToken({ forceRefresh: true });
    const third = await client.getAccessToken({ forceRefresh: true });
    // GoTrue's JWTs carry no ID: two made in the same second are the same text; the refresh tokens rotated twice.
    expect(second).to.not.equal(first.accessToken);
    expect(await refreshCounts()).to.deep.equal({ issued: 3, rotated: 2, reused: 0 });
    const user = await fetchFunction(`${project}/auth/v1/user`, { headers: { apikey: 'pwless-demo', Authorization: `Bearer ${third}` } });
    expect(((await user.json()) as { email: string }).email).to.equal('sam@example.com');
    await client.signOut();
    const logout = requests.at(-1)!;
    expect(new URL(logout.url).pathname + new URL(logout.url).search).to.equal('/auth/v1/logout?scope=local');
    expect(logout.headers.get('authorization')).to.equal(`Bearer ${third}`);
    const after = await fetchFunction(`${project}/auth/v1/user`, { headers: { apikey: 'pwless-demo', Authorization: `Bearer ${third}` } });
    expect(after.status).to.equal(403);
    expect((await rejection(client.getAccessToken())).code).to.equal('session_expired');
  });

  it('sends a PKCE link back to this page marked as its landing page; Confirm trades ?code= with the verifier and the waiting tab follows', async () => {
    const linkUri = `${location.origin}/landing`;
    const { fetch, requests } = recording(fetchFunction);
    const waiting = supabaseClient({ linkUri, fetch });
    expect((await waiting.start({ email: 'lin@example.com' }, { delivery: 'link' })).delivery).to.equal('link');
    const otp = requests[0]!;
    const body = (await otp.clone().json()) as Record<string, string>;
    expect(body).to.include({ code_challenge_method: 's256' });
    expect(body.code_challenge).to.match(/^[\w-]{43}$/);
    expect(new URL(otp.url).searchParams.get('redirect_to')).to.equal(`${linkUri}?pwless_link=l%E2%80%A2%E2%80%A2%E2%80%A2%40example.com`);
    const { link } = await latestMessage('lin@example.com');
    const opened = await fetchFunction(link!, { redirect: 'manual' });
    expect(opened.status).to.equal(303);
    const landingUrl = opened.headers.get('location')!;
    expect(new URL(landingUrl).searchParams.get('code')).to.match(/^[\da-f-]{36}$/);
    const approved = waiting.waitForApproval();
    const landing = supabaseClient({ linkUri });
    expect((await landing.inspectLink(landingUrl)).to).to.equal('l•••@example.com');
    const session = await landing.approveLink(landingUrl);
    expect(session?.user.email).to.equal('lin@example.com');
    expect((await approved).user.email).to.equal('lin@example.com');
    expect(requests.some((request) => request.url.endsWith('/auth/v1/token?grant_type=pkce'))).to.equal(false);
    // Spent: the same link now comes back with GoTrue's error, which reads as an invalid link.
    const again = (await fetchFunction(link!, { redirect: 'manual' })).headers.get('location')!;
    expect(new URL(again).searchParams.get('error_code')).to.equal('otp_expired');
    expect((await rejection(supabaseClient({ linkUri }).inspectLink(again))).code).to.equal('link_invalid');
  });
});
