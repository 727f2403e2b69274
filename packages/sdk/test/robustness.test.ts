import { expect } from '@open-wc/testing';
import { createClient } from '../src/index.js';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer, recording, rejection } from './support/helpers.js';

describe('robustness', () => {
  it('retries discovery after a network error and a 503, then signs in', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    let discoveryTries = 0;
    const flaky: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.url.endsWith('/openid-configuration')) {
        discoveryTries += 1;
        if (discoveryTries === 1) throw new TypeError('Failed to fetch');
        if (discoveryTries === 2) return new Response('busy', { status: 503 });
      }
      return mock(request);
    };
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: flaky });
    await client.start({ email: 'retry@example.com' });
    expect(discoveryTries).to.equal(3);
    expect((await client.verify(await latestCode(mock, 'retry@example.com', issuer))).user.email).to.equal('retry@example.com');
  });

  it('gives up discovery with network_error after three tries', async () => {
    let tries = 0;
    const down: typeof fetch = async () => {
      tries += 1;
      throw new TypeError('Failed to fetch');
    };
    const client = createClient({ issuer: freshIssuer(), clientId: 'pwless-demo', fetch: down });
    expect((await rejection(client.discover())).code).to.equal('network_error');
    expect(tries).to.equal(3);
  });

  it('rejects start with network_error when the challenge request cannot reach the provider', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const offline: typeof fetch = async (input, init) => {
      if (new Request(input, init).url.endsWith('/challenge')) throw new TypeError('Failed to fetch');
      return mock(input, init);
    };
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: offline });
    expect((await rejection(client.start({ email: 'offline@example.com' }))).code).to.equal('network_error');
    client.close();
  });

  it('rejects verify with network_error when the token request cannot reach the provider', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const offline: typeof fetch = async (input, init) => {
      if (new Request(input, init).url.endsWith('/token')) throw new TypeError('Failed to fetch');
      return mock(input, init);
    };
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: offline });
    await client.start({ email: 'offline-token@example.com' });
    const error = await rejection(client.verify(await latestCode(mock, 'offline-token@example.com', issuer)));
    expect(error.code).to.equal('network_error');
    client.close();
  });

  it('never sends a one-time code twice; the token request is tried three times on a 503, then fails as server_error', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const recorder = recording(async (input, init) => {
      const request = new Request(input, init);
      if (request.url.endsWith('/token')) return new Response('{"error":"temporarily_unavailable"}', { status: 503 });
      return mock(request);
    });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: recorder.fetch });
    await client.start({ email: 'once@example.com' });
    const error = await rejection(client.verify(await latestCode(mock, 'once@example.com', issuer)));
    expect(error.code).to.equal('server_error');
    expect(recorder.requests.filter((request) => request.url.endsWith('/token'))).to.have.length(3);
    expect(recorder.requests.filter((request) => request.url.endsWith('/challenge'))).to.have.length(2);
  });

  it('signs in when the token request answers 503 once: the one-time code, already spent, is not needed again', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    let failures = 0;
    const recorder = recording(async (input, init) => {
      const request = new Request(input, init);
      if (request.url.endsWith('/token') && failures++ === 0) return new Response('{"error":"temporarily_unavailable"}', { status: 503 });
      return mock(request);
    });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: recorder.fetch });
    await client.start({ email: 'once-more@example.com' });
    const session = await client.verify(await latestCode(mock, 'once-more@example.com', issuer));
    expect(session.user.email).to.equal('once-more@example.com');
    expect(recorder.requests.filter((request) => request.url.endsWith('/token'))).to.have.length(2);
    expect(recorder.requests.filter((request) => request.url.endsWith('/challenge'))).to.have.length(2);
    client.close();
  });

  it('rejects with aborted when the caller aborts start, verify or discovery', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const slow: typeof fetch = async (input, init) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      init?.signal?.throwIfAborted();
      return mock(input, init);
    };
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: slow });
    expect((await rejection(client.discover(AbortSignal.timeout(5)))).code).to.equal('aborted');
    const controller = new AbortController();
    const starting = client.start({ email: 'stop@example.com' }, { signal: controller.signal });
    controller.abort();
    expect((await rejection(starting)).code).to.equal('aborted');
    await client.start({ email: 'stop@example.com' });
    expect((await rejection(client.verify('123456', { signal: AbortSignal.abort() }))).code).to.equal('aborted');
  });

  it('sends nothing to a challenge endpoint the metadata names with plain http on another host', async () => {
    const issuer = freshIssuer();
    const recorder = recording(mockFetch({ issuer }));
    const downgraded: typeof fetch = async (input, init) => {
      const response = await recorder.fetch(input, init);
      if (!new Request(input, init).url.endsWith('/openid-configuration')) return response;
      return Response.json({ ...((await response.json()) as Record<string, unknown>), authorization_challenge_endpoint: 'http://id.example.com/challenge' });
    };
    const client = createClient({ issuer, clientId: 'pwless-demo', mode: 'native', fetch: downgraded });
    expect((await rejection(client.start({ email: 'plain@example.com' }))).code).to.equal('invalid_response');
    expect(recorder.requests.map((request) => request.url)).to.deep.equal([`${issuer}/.well-known/openid-configuration`]);
    client.close();
  });

  it('talks plain http only to loopback issuers', () => {
    expect(() => createClient({ issuer: 'http://id.example.com', clientId: 'x' })).to.throw(TypeError, /issuer/);
    expect(() => createClient({ issuer: 'http://10.0.0.1:4000', clientId: 'x' })).to.throw(TypeError, /issuer/);
    for (const issuer of ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000', 'https://id.example.com']) {
      expect(() => createClient({ issuer, clientId: 'x' }).close()).not.to.throw();
    }
  });

  it('names the option in the TypeError of a bad option', () => {
    const issuer = 'https://id.example.com';
    expect(() => createClient({ issuer, clientId: 'x', mode: 'popup' as 'auto' })).to.throw(TypeError, /"mode"/);
    expect(() => createClient({ issuer, clientId: 'x', persistence: 'cookie' as 'local' })).to.throw(TypeError, /"persistence"/);
    expect(() => createClient({ issuer, clientId: 'x', redirectUri: 'callback' })).to.throw(TypeError, /"redirectUri"/);
    expect(() => createClient({ issuer, clientId: 'x', dpop: 'yes' as unknown as boolean })).to.throw(TypeError, /"dpop"/);
  });
});
