// The mock's passkeys over real HTTP (`pwless-mock`, the same handlers as msw's): the shared suite.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { startHttpServer } from '../../dist/node.js';
import { softwareAuthenticator } from './authenticator.mjs';
import { passkeySuite } from './passkey-suite.mjs';
import { withRunning } from './running.mjs';

async function inbox(issuer, email) {
  const messages = await (await fetch(`${issuer}/_mock/inbox`)).json();
  return messages.filter((message) => message.to === email);
}

async function setConfig(issuer, patch) {
  const response = await fetch(`${issuer}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) });
  if (response.status !== 200) throw new Error(await response.text());
}

const setClockOffset = (issuer, clockOffset) => setConfig(issuer, { clockOffset });

passkeySuite('the mock (pwless-mock)', async () => {
  const server = await startHttpServer({ port: 0 });
  return {
    issuer: server.issuer,
    clientId: 'pwless-demo',
    // A page of the demo client on a loopback name: its RP ID is the page's host (the issuer is 127.0.0.1).
    origin: 'http://localhost:5173',
    rpId: 'localhost',
    mailCount: async (email) => (await inbox(server.issuer, email)).length,
    async readCode(email, after) {
      const messages = await inbox(server.issuer, email);
      if (messages.length <= after) throw new Error(`nothing new was sent to ${email}`);
      return messages.at(-1).code;
    },
    // Access tokens live 600 s: the mock's clock goes 601 s ahead while the token is tried.
    async expireAccessToken() {
      await setClockOffset(server.issuer, 601_000);
      return () => setClockOffset(server.issuer, 0);
    },
    close: () => server.close(),
  };
});

describe('passkeys: the mock’s policies and dev endpoint', () => {
  const start = (issuer, extra = {}, headers = {}) =>
    fetch(`${issuer}/challenge`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ response_type: 'code', client_id: 'pwless-demo', pwless_action: 'passkey', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', ...extra }),
    });

  it('passkeys: false leaves them out of discovery and refuses a start and /passkeys', async () => {
    await withRunning(() => startHttpServer({ port: 0, config: { passkeys: false } }), async (server) => {
      const discovery = await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json();
      assert.equal(discovery.pwless_passkeys_supported, undefined);
      assert.equal(discovery.pwless_passkeys_endpoint, undefined);
      const refused = await start(server.issuer);
      assert.equal(refused.status, 400);
      assert.equal((await refused.json()).error, 'invalid_request');
      const resource = await fetch(`${server.issuer}/passkeys`, { headers: { Authorization: 'Bearer x' } });
      assert.equal(resource.status, 404);
    });
  });

  it('the RP ID is the issuer host, the page host outside it, or the passkeyRpId policy', async () => {
    await withRunning(() => startHttpServer({ port: 0 }), async (server) => {
      const rpId = async (headers) => (await (await start(server.issuer, {}, headers)).json()).pwless.passkey.rpId;
      assert.equal(await rpId({}), '127.0.0.1');
      assert.equal(await rpId({ Origin: 'http://localhost:5173' }), 'localhost');
      await setConfig(server.issuer, { passkeyRpId: 'pwless.test' });
      assert.equal(await rpId({ Origin: 'http://localhost:5173' }), 'pwless.test');
    });
  });

  it('GET|DELETE /_mock/passkeys lists every passkey and deletes one as another device would', async () => {
    await withRunning(() => startHttpServer({ port: 0 }), async (server) => {
      const origin = 'http://localhost:5173';
      const inboxCode = async (email) => (await inbox(server.issuer, email)).at(-1).code;
      const form = (path, parameters, headers = {}) =>
        fetch(`${server.issuer}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, ...headers }, body: new URLSearchParams(parameters) }).then(async (response) => ({ status: response.status, body: await response.json() }));
      const verifier = 'v'.repeat(43);
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const started = await form('/challenge', { response_type: 'code', client_id: 'pwless-demo', login_hint: 'dev@example.com', code_challenge: challenge, code_challenge_method: 'S256' });
      const verified = await form('/challenge', { response_type: 'code', client_id: 'pwless-demo', auth_session: started.body.auth_session, otp: await inboxCode('dev@example.com') });
      const tokens = await form('/token', { grant_type: 'authorization_code', client_id: 'pwless-demo', code: verified.body.authorization_code, code_verifier: verifier });
      const authorization = { Authorization: `Bearer ${tokens.body.access_token}` };
      const options = await form('/passkeys/options', {}, authorization);
      const authenticator = softwareAuthenticator();
      const created = await form('/passkeys', { registration_session: options.body.registration_session, credential: JSON.stringify(await authenticator.create(options.body.options, origin)) }, authorization);
      assert.equal(created.status, 201);
      const listed = await (await fetch(`${server.issuer}/_mock/passkeys`)).json();
      assert.deepEqual(listed.map((passkey) => [passkey.id, passkey.rp_id]), [[created.body.id, 'localhost']]);
      assert.equal((await fetch(`${server.issuer}/_mock/passkeys?id=${created.body.id}`, { method: 'DELETE' })).status, 204);
      const passkeyStart = await (await start(server.issuer, {}, { Origin: origin })).json();
      const answer = await form('/challenge', { response_type: 'code', client_id: 'pwless-demo', auth_session: passkeyStart.auth_session, pwless_passkey: JSON.stringify(await authenticator.get(passkeyStart.pwless.passkey, origin)) });
      assert.equal(answer.body.pwless_reason, 'unknown_credential');
    });
  });
});
