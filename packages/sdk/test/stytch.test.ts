import { expect } from '@open-wc/testing';
import { createClient, type PwlessClient } from '../src/index.js';
import { latestCode } from '../../../test/helpers/mock-fetch.js';
import { vendorFetch } from '../../../test/helpers/vendor-fetch.js';
import { apiRefusingOnce, configure, expectRenewedOnce, freshIssuer, latestLink, recording, rejection } from './support/helpers.js';

// Each test has its own Stytch base URL: clients of one issuer share storage and hear each other's tabs.
let base: string;
let fetchFunction: typeof fetch;
beforeEach(() => {
  base = freshIssuer();
  fetchFunction = vendorFetch({ dialect: 'stytch', issuer: base });
});

function stytchClient(overrides: Partial<Parameters<typeof createClient>[0]> = {}): PwlessClient {
  return createClient({ dialect: 'stytch', issuer: base, clientId: 'pwless-demo', fetch: fetchFunction, ...overrides });
}

/** The user:password of a Basic `Authorization` header. */
function basicAuth(request: Request): string {
  return atob(request.headers.get('authorization')!.replace(/^Basic /, ''));
}

function otherThan(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

describe('Stytch dialect', () => {
  it('signs in with the emailed OTP (login_or_create, then otps/authenticate with the method_id) and answers the session JWT as the access token', async () => {
    const { fetch, requests } = recording(fetchFunction);
    const client = stytchClient({ fetch });
    const challenge = await client.start({ email: 'ada@example.com' });
    expect(challenge).to.include({ channel: 'email', delivery: 'code', codeLength: 6, to: 'a•••@example.com' });
    const session = await client.verify(await latestCode(fetchFunction, 'ada@example.com', base));
    expect(session.user.email).to.equal('ada@example.com');
    expect(session.tokenType).to.equal('Bearer');
    expect(session.accessToken.split('.')).to.have.length(3);
    expect(await client.getAccessToken()).to.equal(session.accessToken);
    const [start, authenticate] = requests;
    expect(new URL(start!.url).pathname).to.equal('/sdk/v1/otps/email/login_or_create');
    expect(basicAuth(start!)).to.equal('pwless-demo:pwless-demo');
    expect(await start!.clone().json()).to.deep.include({ email: 'ada@example.com' });
    expect(new URL(authenticate!.url).pathname).to.equal('/sdk/v1/otps/authenticate');
    const body = (await authenticate!.clone().json()) as Record<string, unknown>;
    expect(body.method_id).to.match(/^email-test-/);
    expect(body.session_duration_minutes).to.be.a('number');
  });

  it('asks for the email in the person\'s language where Stytch writes one (pt-br), and leaves others to Stytch\'s English', async () => {
    const { fetch, requests } = recording(fetchFunction);
    const client = stytchClient({ fetch });
    await client.start({ email: 'ana@example.com' }, { locale: 'pt-BR' });
    await client.start({ email: 'udo@example.com' }, { locale: 'de' });
    const [portuguese, german] = (await Promise.all(requests.map((request) => request.clone().json()))) as Record<string, unknown>[];
    expect(portuguese!.locale).to.equal('pt-br');
    expect(german).to.not.have.property('locale');
  });

  it('maps a wrong code (otp_code_not_found) to invalid_code and a code past its time to code_expired', async () => {
    await configure(fetchFunction, base, { codeLifetime: 1 });
    const client = stytchClient();
    await client.start({ email: 'bob@example.com' });
    const code = await latestCode(fetchFunction, 'bob@example.com', base);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await rejection(client.verify(code))).code).to.equal('code_expired');
    await configure(fetchFunction, base, { codeLifetime: 120 });
    await client.resend();
    const fresh = await latestCode(fetchFunction, 'bob@example.com', base);
    expect((await rejection(client.verify(otherThan(fresh)))).code).to.equal('invalid_code');
  });

  it('ends a code after the wrong tries: the right code is then refused (unable_to_auth_otp_code) as code_expired, and a new code signs in', async () => {
    const client = stytchClient();
    await client.start({ email: 'tri@example.com' });
    const code = await latestCode(fetchFunction, 'tri@example.com', base);
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await rejection(client.verify(otherThan(code)))).code).to.equal('invalid_code');
    expect((await rejection(client.verify(code))).code).to.equal('code_expired');
    await client.resend();
    const session = await client.verify(await latestCode(fetchFunction, 'tri@example.com', base));
    expect(session.user.email).to.equal('tri@example.com');
  });

  it('maps too_many_requests (429) to rate_limited with the wait', async () => {
    await configure(fetchFunction, base, { sendsPerHour: 1 });
    const client = stytchClient();
    await client.start({ email: 'eve@example.com' });
    const error = await rejection(client.resend());
    expect(error.code).to.equal('rate_limited');
    expect(error.retryAfter).to.be.greaterThan(0);
  });

  it('refuses a malformed address with invalid_identifier and an unknown public token with invalid_client', async () => {
    expect((await rejection(stytchClient().start({ email: 'nope' }))).code).to.equal('invalid_identifier');
    expect((await rejection(stytchClient({ clientId: 'public-token-test-nobody' }).start({ email: 'ada@example.com' }))).code).to.equal('invalid_client');
  });

  it('renews the session JWT with sessions/authenticate on a 401, the session token in Basic auth', async () => {
    const { fetch, requests, seen } = apiRefusingOnce(fetchFunction);
    const client = stytchClient({ fetch });
    await client.start({ email: 'api@example.com' });
    const session = await client.verify(await latestCode(fetchFunction, 'api@example.com', base));
    await expectRenewedOnce(client, seen, session.accessToken);
    const renewal = requests.find((request) => request.url.endsWith('/sdk/v1/sessions/authenticate'))!;
    const [publicToken, sessionToken] = basicAuth(renewal).split(':');
    expect(publicToken).to.equal('pwless-demo');
    expect(sessionToken).to.have.length.greaterThan(20).and.not.equal('pwless-demo');
  });

  it('signs out with sessions/revoke; the session token is then refused', async () => {
    const { fetch, requests } = recording(fetchFunction);
    const client = stytchClient({ fetch });
    await client.start({ email: 'sam@example.com' });
    await client.verify(await latestCode(fetchFunction, 'sam@example.com', base));
    await client.signOut();
    const revoke = requests.at(-1)!;
    expect(new URL(revoke.url).pathname).to.equal('/sdk/v1/sessions/revoke');
    const authenticate = await fetchFunction(`${base}/sdk/v1/sessions/authenticate`, { method: 'POST', headers: { Authorization: revoke.headers.get('authorization')!, 'Content-Type': 'application/json' }, body: '{}' });
    expect(authenticate.status).to.equal(404);
    expect(((await authenticate.json()) as { error_type: string }).error_type).to.equal('session_not_found');
    expect(client.session).to.equal(undefined);
  });

  it('sends a magic link with a PKCE challenge to this page marked as its landing page; Confirm there signs in with the verifier and the waiting tab follows', async () => {
    const linkUri = `${location.origin}/landing`;
    const { fetch, requests } = recording(fetchFunction);
    const waiting = stytchClient({ linkUri, fetch });
    const challenge = await waiting.start({ email: 'lin@example.com' }, { delivery: 'link' });
    expect(challenge.delivery).to.equal('link');
    const sent = (await requests[0]!.clone().json()) as Record<string, string>;
    expect(sent.code_challenge).to.match(/^[A-Za-z0-9_-]{43}$/);
    const link = await latestLink(fetchFunction, 'lin@example.com', base);
    const url = new URL(link);
    expect(url.origin + url.pathname).to.equal(linkUri);
    expect(url.searchParams.get('stytch_token_type')).to.equal('magic_links');
    expect(url.searchParams.get('pwless_link')).to.equal('l•••@example.com');
    const approved = waiting.waitForApproval();
    const landing = stytchClient({ linkUri, fetch });
    expect((await landing.inspectLink(link)).to).to.equal('l•••@example.com');
    const session = await landing.approveLink(link);
    expect(session?.user.email).to.equal('lin@example.com');
    expect((await approved).user.email).to.equal('lin@example.com');
    const authenticate = requests.find((request) => request.url.endsWith('/sdk/v1/magic_links/authenticate'))!;
    expect(((await authenticate.clone().json()) as Record<string, string>).code_verifier).to.be.a('string');
    expect(url.searchParams.get('token')).to.not.equal(null);
    expect((await rejection(stytchClient({ linkUri }).approveLink(link))).code).to.equal('link_invalid');
  });
});
