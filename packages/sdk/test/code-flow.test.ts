import { expect } from '@open-wc/testing';
import { createClient, type ChallengeEvent } from '../src/index.js';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer, rejection, renewingSessions } from './support/helpers.js';

// Each test has its own issuer: clients of one issuer share storage and hear each other's tabs.
let issuer: string;
beforeEach(() => (issuer = freshIssuer()));

describe('code sign-in', () => {
  it('signs in with the emailed code and exposes the ID token claims', async () => {
    const fetchFunction = mockFetch({ issuer });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction });
    const challenge = await client.start({ email: ' Ada@Example.com ' });
    expect(challenge).to.include({ channel: 'email', delivery: 'code', codeLength: 6, attemptsRemaining: 3 });
    expect(challenge.to).to.match(/^A.+@example\.com$/);
    const session = await client.verify(await latestCode(fetchFunction, 'Ada@example.com', issuer));
    expect(session.user.email).to.equal('Ada@example.com');
    expect(session.claims.iss).to.equal(issuer);
    expect(client.session).to.equal(session);
    expect(JSON.stringify(session)).not.to.contain('refresh');
  });

  it('rejects, rather than throws, when the typed address is not one: that is the user\'s mistake, not the program\'s', async () => {
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: mockFetch({ issuer }) });
    let thrown: unknown;
    let started: Promise<unknown> | undefined;
    try {
      started = client.start({ email: 'not an address' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.equal(undefined);
    expect((await rejection(started!)).code).to.equal('invalid_identifier');
  });

  it('throws a TypeError at once when start() gets no identifier object', () => {
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: mockFetch({ issuer }) });
    expect(() => client.start(null as unknown as { email: string })).to.throw(TypeError);
  });

  it('uses the auth_session a wrong-code answer renewed for the next try', async () => {
    const mock = mockFetch({ issuer });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: renewingSessions(mock) });
    await client.start({ email: 'retry@example.com' });
    const code = await latestCode(mock, 'retry@example.com', issuer);
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await rejection(client.verify(wrong))).code).to.equal('invalid_code');
    const session = await client.verify(code);
    expect(session.user.email).to.equal('retry@example.com');
  });

  it('rejects an ID token whose nonce is not the one it sent', async () => {
    const mock = mockFetch({ issuer });
    // A man in the middle swaps the nonce: the provider signs a token for a nonce this client never made.
    const tampering: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.url.endsWith('/challenge')) {
        const form = new URLSearchParams(await request.text());
        if (form.has('nonce')) form.set('nonce', 'someone-elses-nonce');
        return mock(request.url, { method: 'POST', headers: request.headers, body: form });
      }
      return mock(request);
    };
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: tampering });
    await client.start({ email: 'eve@example.com' });
    const error = await rejection(client.verify(await latestCode(mock, 'eve@example.com', issuer)));
    expect(error.code).to.equal('invalid_response');
    expect(error.message).to.match(/nonce/);
    expect(client.session).to.equal(undefined);
  });

  it('reports attempts left after a wrong code', async () => {
    const fetchFunction = mockFetch({ issuer });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction });
    await client.start({ email: 'bob@example.com' });
    const right = await latestCode(fetchFunction, 'bob@example.com', issuer);
    const wrong = right === '000000' ? '111111' : '000000';
    const error = await rejection(client.verify(wrong));
    expect(error.code).to.equal('invalid_code');
    expect(error.attemptsRemaining).to.equal(2);
    expect(client.challenge?.attemptsRemaining).to.equal(2);
    expect((await client.verify(right)).user.email).to.equal('bob@example.com');
  });

  it('signs in with a code sent by SMS to a phone number', async () => {
    const fetchFunction = mockFetch({ issuer });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction, scope: 'openid phone' });
    const challenge = await client.start({ phone: '+44 7700 900123' });
    expect(challenge.channel).to.equal('sms');
    const session = await client.verify(await latestCode(fetchFunction, '+447700900123', issuer));
    expect(session.user.phone).to.equal('+447700900123');
    client.close();
  });

  it('sends a new code on resend, announces it, and the old code stops working', async () => {
    const fetchFunction = mockFetch({ issuer, config: { resendAfter: 0 } });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction });
    await client.start({ email: 'again@example.com' });
    const old = await latestCode(fetchFunction, 'again@example.com', issuer);
    const announced = new Promise<ChallengeEvent>((resolve) => client.addEventListener('challenge', resolve));
    const challenge = await client.resend();
    expect((await announced).challenge).to.deep.equal(challenge);
    const fresh = await latestCode(fetchFunction, 'again@example.com', issuer);
    if (fresh !== old) expect((await rejection(client.verify(old))).code).to.equal('invalid_code');
    expect((await client.verify(fresh)).user.email).to.equal('again@example.com');
    client.close();
  });

  it('answers rate_limited with retryAfter when a new code is asked for too early', async () => {
    const fetchFunction = mockFetch({ issuer });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction });
    await client.start({ email: 'eager@example.com' });
    const error = await rejection(client.resend());
    expect(error.code).to.equal('rate_limited');
    expect(error.retryAfter).to.be.within(1, 30);
    client.close();
  });

  it('throws a TypeError naming a bad option', () => {
    expect(() => createClient({ issuer: 'http://id.example.com', clientId: 'x' })).to.throw(TypeError, /issuer/);
    expect(() => createClient({ issuer, clientId: '' })).to.throw(TypeError, /clientId/);
  });
});
