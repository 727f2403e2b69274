import { expect } from '@open-wc/testing';
import { createClient } from '../src/index.js';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer, rejection } from './support/helpers.js';

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

  it('throws a TypeError naming a bad option', () => {
    expect(() => createClient({ issuer: 'http://id.example.com', clientId: 'x' })).to.throw(TypeError, /issuer/);
    expect(() => createClient({ issuer, clientId: '' })).to.throw(TypeError, /clientId/);
  });
});
