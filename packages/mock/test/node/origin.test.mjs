// Origin checks need an `Origin` request header, which browsers do not let a page set: Node does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProvider, defaultClients } from '../../dist/index.js';

const issuer = 'https://id.pwless.test';
const photos = { clientId: 'family-photos', origins: ['https://photos.example'], redirectUris: [], linkUris: [], allowLoopback: false };

function mock() {
  return createProvider({ clients: [...defaultClients, photos] });
}

function start(provider, clientId, origin) {
  return provider.handle(
    new Request(`${issuer}/challenge`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(origin ? { Origin: origin } : {}) },
      body: new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        login_hint: 'parent@example.com',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }),
    }),
  );
}

async function inbox(provider) {
  return (await provider.handle(new Request(`${issuer}/_mock/inbox`))).json();
}

describe('origins', () => {
  it('answers a registered exact origin with CORS headers', async () => {
    const response = await start(mock(), 'family-photos', 'https://photos.example');
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://photos.example');
    assert.match(response.headers.get('access-control-expose-headers'), /Retry-After/);
  });

  it('answers loopback origins of pwless-demo on any port', async () => {
    const response = await start(mock(), 'pwless-demo', 'http://127.0.0.1:5173');
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5173');
  });

  for (const origin of ['https://evil.example', 'https://photos.example.evil.example', 'http://photos.example', 'http://localhost.evil.example', 'null']) {
    it(`gives ${origin} no CORS headers and starts no sign-in for it`, async () => {
      const provider = mock();
      const response = await start(provider, 'family-photos', origin);
      assert.equal(response.status, 400);
      assert.equal((await response.json()).error, 'unauthorized_client');
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      assert.deepEqual(await inbox(provider), []);
    });
  }

  it('refuses a loopback origin for a client that did not allow loopback', async () => {
    const response = await start(mock(), 'family-photos', 'http://localhost:8000');
    assert.equal((await response.json()).error, 'unauthorized_client');
  });

  it('answers a preflight only for registered origins', async () => {
    const provider = mock();
    const preflight = (origin) =>
      provider.handle(new Request(`${issuer}/challenge`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } }));
    const allowed = await preflight('https://photos.example');
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://photos.example');
    assert.match(allowed.headers.get('access-control-allow-headers'), /DPoP/);
    assert.equal((await preflight('https://evil.example')).headers.get('access-control-allow-origin'), null);
  });

  it('ends the SMS with the page host for WebOTP', async () => {
    const provider = mock();
    const response = await provider.handle(
      new Request(`${issuer}/challenge`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost:5173' },
        body: new URLSearchParams({
          response_type: 'code',
          client_id: 'pwless-demo',
          login_hint: '+15555550123',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        }),
      }),
    );
    assert.equal(response.status, 403);
    const [message] = await inbox(provider);
    assert.equal(message.text.split('\n').at(-1), `@localhost #${message.code}`);
  });

  it('lets clients without an Origin header (servers, curl) through', async () => {
    const response = await start(mock(), 'family-photos');
    assert.equal(response.status, 403);
  });
});
