import { expect } from '@open-wc/testing';
import { createClient, type PwlessClient } from '../src/index.js';
import { latestCode } from '../../../test/helpers/mock-fetch.js';
import { vendorFetch } from '../../../test/helpers/vendor-fetch.js';
import { configure, freshIssuer, recording, rejection } from './support/helpers.js';

// Each test has its own Kratos public URL: clients of one issuer share storage and hear each other's tabs.
let kratos: string;
let fetchFunction: typeof fetch;
beforeEach(() => {
  kratos = freshIssuer();
  fetchFunction = vendorFetch({ dialect: 'kratos', issuer: kratos });
});

function kratosClient(overrides: Partial<Parameters<typeof createClient>[0]> = {}): PwlessClient {
  return createClient({ dialect: 'kratos', issuer: kratos, fetch: fetchFunction, ...overrides });
}

async function addUser(email: string): Promise<void> {
  const response = await fetchFunction(`${kratos}/_mock/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email }) });
  if (!response.ok) throw new Error(`user refused: ${await response.text()}`);
}

const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');

describe('Kratos dialect', () => {
  it('signs a known address in through the browser login flow with the code method, over JSON with the flow\'s CSRF token', async () => {
    await addUser('ada@example.com');
    const { fetch, requests } = recording(fetchFunction);
    const client = kratosClient({ fetch });
    const challenge = await client.start({ email: 'ada@example.com' });
    expect(challenge).to.include({ channel: 'email', delivery: 'code', codeLength: 6, to: 'a•••@example.com' });
    const session = await client.verify(await latestCode(fetchFunction, 'ada@example.com', kratos));
    expect(session.user.email).to.equal('ada@example.com');
    expect(session.tokenType).to.equal('cookie');
    expect(await client.getAccessToken()).to.equal('');
    const flowRequest = requests.find((request) => request.url.includes('/self-service/login/browser'))!;
    expect(flowRequest.headers.get('accept')).to.equal('application/json');
    expect(flowRequest.credentials).to.equal('include');
    const submit = requests.find((request) => request.method === 'POST')!;
    const body = (await submit.clone().json()) as Record<string, string>;
    expect(body).to.include({ method: 'code', identifier: 'ada@example.com' });
    expect(body.csrf_token).to.be.a('string').and.not.equal('');
  });

  it('picks the sign-in up after a reload: a new client of the page resumes the flow and takes the code', async () => {
    await addUser('reload@example.com');
    const before = kratosClient();
    const sent = await before.start({ email: 'reload@example.com' });
    before.close();
    const after = kratosClient();
    expect(await after.resume()).to.deep.equal(sent);
    const session = await after.verify(await latestCode(fetchFunction, 'reload@example.com', kratos));
    expect(session.user.email).to.equal('reload@example.com');
  });

  it('signs a new address up through the registration flow', async () => {
    const client = kratosClient();
    await client.start({ email: 'new@example.com' });
    const session = await client.verify(await latestCode(fetchFunction, 'new@example.com', kratos));
    expect(session.user.email).to.equal('new@example.com');
  });

  it('refuses a new address with signup_disabled when sign-up is off', async () => {
    await configure(fetchFunction, kratos, { signupsOpen: false });
    expect((await rejection(kratosClient().start({ email: 'stranger@example.com' }))).code).to.equal('signup_disabled');
  });

  it('maps 4010008 to invalid_code with the tries left, and Kratos\' fifth wrong submission to too_many_attempts', async () => {
    await addUser('bob@example.com');
    const client = kratosClient();
    await client.start({ email: 'bob@example.com' });
    const wrong = wrongFor(await latestCode(fetchFunction, 'bob@example.com', kratos));
    const first = await rejection(client.verify(wrong));
    expect(first.code).to.equal('invalid_code');
    expect(first.attemptsRemaining).to.equal(4);
    let last = first;
    for (let attempt = 0; attempt < 6 && last.code === 'invalid_code'; attempt += 1) last = await rejection(client.verify(wrong));
    expect(last.code).to.equal('too_many_attempts');
  });

  it('sends a new code through a new flow when the old flow expired, without the person noticing', async () => {
    await addUser('eve@example.com');
    const client = kratosClient();
    await client.start({ email: 'eve@example.com' });
    const first = await latestCode(fetchFunction, 'eve@example.com', kratos);
    await configure(fetchFunction, kratos, { clockOffset: 2 * 60 * 60 * 1000 });
    expect((await rejection(client.verify(first))).code).to.equal('code_expired');
    await client.resend();
    const second = await latestCode(fetchFunction, 'eve@example.com', kratos);
    const session = await client.verify(second);
    expect(session.user.email).to.equal('eve@example.com');
  });

  it('answers a tokenize_as JWT as the access token, and signs out through the browser logout flow', async () => {
    await addUser('sam@example.com');
    const { fetch, requests } = recording(fetchFunction);
    const client = kratosClient({ fetch, tokenizeAs: 'jwt_example_template' });
    await client.start({ email: 'sam@example.com' });
    const session = await client.verify(await latestCode(fetchFunction, 'sam@example.com', kratos));
    expect(session.tokenType).to.equal('Bearer');
    expect(session.accessToken.split('.')).to.have.length(3);
    expect(requests.some((request) => new URL(request.url).searchParams.get('tokenize_as') === 'jwt_example_template')).to.equal(true);
    await client.signOut();
    expect(requests.some((request) => new URL(request.url).pathname === '/self-service/logout' && new URL(request.url).searchParams.has('token'))).to.equal(true);
    const whoami = await fetchFunction(`${kratos}/sessions/whoami`, { headers: { Accept: 'application/json' }, credentials: 'include' });
    expect(whoami.status).to.equal(401);
  });

  it('starts over when this browser is already signed in (session_already_available): the person asked to sign in', async () => {
    await addUser('one@example.com');
    await addUser('two@example.com');
    const client = kratosClient();
    await client.start({ email: 'one@example.com' });
    await client.verify(await latestCode(fetchFunction, 'one@example.com', kratos));
    const other = kratosClient();
    await other.start({ email: 'two@example.com' });
    const session = await other.verify(await latestCode(fetchFunction, 'two@example.com', kratos));
    expect(session.user.email).to.equal('two@example.com');
  });
});
