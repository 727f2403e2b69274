// The provider's passkeys: the suite the mock passes, against the provider on its file store and
// on Redis (two processes sharing it), over HTTP with a software authenticator.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, completeConfig, startProvider } from '../dist/index.js';
import { passkeySuite } from '../../mock/test/node/passkey-suite.mjs';
import { freePort, startRedis, startSmtp } from './harness.mjs';

const origin = 'http://localhost:5173';

async function providerConfig(port, smtp, store) {
  const dataDir = await mkdtemp(join(tmpdir(), 'pwless-passkeys-'));
  return completeConfig(
    {
      issuer: `http://localhost:${port}`,
      port,
      dataDir,
      signups: true,
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Family <family@example.com>' },
      clients: [
        { client_id: 'spa', redirect_uris: [`${origin}/`], origins: [origin], token_endpoint_auth_method: 'none' },
        { client_id: 'server-app', client_secret: 'server-app-secret-0123456789', token_endpoint_auth_method: 'client_secret_post', redirect_uris: ['https://app.example/callback'] },
      ],
      ...(store ? { store } : {}),
    },
    dataDir,
    { env: {} },
  );
}

function harness(issuer, smtp, providers, extra = {}) {
  const sentTo = (email) => smtp.messages.filter((message) => message.to.includes(email));
  return {
    issuer,
    clientId: 'spa',
    origin,
    rpId: 'localhost',
    mailCount: async (email) => sentTo(email).length,
    async readCode(email, after) {
      const deadline = Date.now() + 15_000;
      while (sentTo(email).length <= after) {
        if (Date.now() > deadline) throw new Error(`nothing new was sent to ${email}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return sentTo(email).at(-1).code;
    },
    // The token's own expiry passes (the stored model stays, as it would until cleanup).
    async expireAccessToken(token) {
      const models = providers[0].store.models;
      const payload = await models.find('AccessToken', token);
      await models.upsert('AccessToken', token, { ...payload, exp: Math.floor(Date.now() / 1000) - 1 }, 60);
    },
    async close() {
      for (const provider of providers) await provider.close();
      await smtp.close();
      await extra.close?.();
    },
    ...extra.fields,
  };
}

passkeySuite('the provider on its file store', async () => {
  const smtp = await startSmtp();
  const port = await freePort();
  const provider = await startProvider(await providerConfig(port, smtp), { log: () => undefined });
  return harness(provider.issuer, smtp, [provider]);
});

passkeySuite(
  'two providers on one Redis',
  async () => {
    const smtp = await startSmtp();
    const redis = await startRedis(await freePort(), await mkdtemp(join(tmpdir(), 'pwless-passkeys-redis-')));
    const port = await freePort();
    const otherPort = await freePort();
    const first = await startProvider(await providerConfig(port, smtp, { redis: redis.url }), { log: () => undefined });
    // Same issuer, same store, another process's port: what a load balancer in front of both gives.
    const second = await startProvider({ ...(await providerConfig(port, smtp, { redis: redis.url })), port: otherPort }, { log: () => undefined });
    return harness(first.issuer, smtp, [first, second], { close: () => redis.stop(), fields: { otherChallengeEndpoint: `http://localhost:${otherPort}/challenge` } });
  },
  { shared: true },
);

describe('passkeys: the provider’s configuration', () => {
  const base = { issuer: 'https://id.example.com', port: 3000, dataDir: './data', smtp: { host: 'smtp.example.com', port: 465, secure: true, from: 'x@example.com' }, clients: [] };

  it('reads passkeys.rpId and passkeys.enabled from the file or PWLESS_PASSKEYS_*', () => {
    assert.equal(completeConfig({ ...base }, '/tmp', { env: {} }).passkeys, undefined);
    const fromEnv = completeConfig({ ...base }, '/tmp', { env: { PWLESS_PASSKEYS_RP_ID: 'example.com', PWLESS_PASSKEYS_ENABLED: 'false' } });
    assert.deepEqual(fromEnv.passkeys, { rpId: 'example.com', enabled: false });
    assert.equal(completeConfig({ ...base, passkeys: { rpId: 'id.example.com' } }, '/tmp', { env: {} }).passkeys.rpId, 'id.example.com');
  });

  it('refuses an RP ID the issuer is not under', () => {
    assert.throws(() => completeConfig({ ...base, passkeys: { rpId: 'other.example' } }, '/tmp', { env: {} }), (error) => error instanceof ConfigError && /passkeys\.rpId/.test(error.message));
    assert.throws(() => completeConfig({ ...base, passkeys: { rpId: 'ample.com' } }, '/tmp', { env: {} }), ConfigError);
    assert.throws(() => completeConfig({ ...base, passkeys: { rpId: 'Example.com/' } }, '/tmp', { env: {} }), ConfigError);
  });

  it('an issuer on an IP address has no passkeys (browsers take no IP address as RP ID); asking for them is refused', async () => {
    const ip = { ...base, issuer: 'http://127.0.0.1:3000' };
    assert.throws(() => completeConfig({ ...ip, passkeys: { enabled: true } }, '/tmp', { env: {} }), (error) => error instanceof ConfigError && /host name/.test(error.message));
    const smtp = await startSmtp();
    const port = await freePort();
    const provider = await startProvider({ ...(await providerConfig(port, smtp)), issuer: `http://127.0.0.1:${port}` }, { log: () => undefined });
    try {
      const discovery = await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json();
      assert.equal(discovery.pwless_passkeys_supported, undefined);
    } finally {
      await provider.close();
      await smtp.close();
    }
  });

  it('access tokens of an app without registered origins (kept on its server) cannot manage passkeys', async () => {
    const smtp = await startSmtp();
    const port = await freePort();
    const provider = await startProvider(await providerConfig(port, smtp), { log: () => undefined });
    try {
      const post = async (path, parameters, headers = {}) => {
        const response = await fetch(`${provider.issuer}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(parameters) });
        return { status: response.status, headers: response.headers, body: await response.json() };
      };
      const verifier = 'w'.repeat(43);
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const client = { response_type: 'code', client_id: 'server-app' };
      const started = await post('/challenge', { ...client, login_hint: 'app-user@example.com', scope: 'openid email', code_challenge: challenge, code_challenge_method: 'S256' });
      assert.equal(started.status, 403, JSON.stringify(started.body));
      const deadline = Date.now() + 15_000;
      while (!smtp.messages.some((message) => message.to.includes('app-user@example.com'))) {
        if (Date.now() > deadline) throw new Error('no code was sent');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const otp = smtp.messages.find((message) => message.to.includes('app-user@example.com')).code;
      const verified = await post('/challenge', { ...client, auth_session: started.body.auth_session, otp });
      const tokens = await post('/token', { grant_type: 'authorization_code', client_id: 'server-app', client_secret: 'server-app-secret-0123456789', code: verified.body.authorization_code, code_verifier: verifier });
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
      const refused = await post('/passkeys/options', {}, { Authorization: `Bearer ${tokens.body.access_token}` });
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error, 'invalid_token');
      assert.match(refused.headers.get('www-authenticate'), /^Bearer error="invalid_token"/);
      // The same token still works where it belongs.
      assert.equal((await fetch(`${provider.issuer}/me`, { headers: { Authorization: `Bearer ${tokens.body.access_token}` } })).status, 200);
    } finally {
      await provider.close();
      await smtp.close();
    }
  });

  it('caps passkey starts per IP address (policy.passkeyStartsPerHourPerIp)', async () => {
    const smtp = await startSmtp();
    const port = await freePort();
    const config = await providerConfig(port, smtp);
    const provider = await startProvider({ ...config, policy: { ...config.policy, passkeyStartsPerHourPerIp: 2 } }, { log: () => undefined });
    try {
      const start = () =>
        fetch(`${provider.issuer}/challenge`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ response_type: 'code', client_id: 'spa', pwless_action: 'passkey', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }),
        });
      assert.equal((await start()).status, 403);
      assert.equal((await start()).status, 403);
      const third = await start();
      assert.equal(third.status, 429);
      assert.equal(third.headers.get('retry-after'), '600');
      assert.equal((await third.json()).error, 'slow_down');
    } finally {
      await provider.close();
      await smtp.close();
    }
  });

  it('with passkeys.enabled false: not in discovery, a start is refused, /passkeys is not found', async () => {
    const smtp = await startSmtp();
    const port = await freePort();
    const config = await providerConfig(port, smtp);
    const provider = await startProvider({ ...config, passkeys: { enabled: false } }, { log: () => undefined });
    try {
      const discovery = await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json();
      assert.equal(discovery.pwless_passkeys_supported, undefined);
      assert.equal(discovery.pwless_passkeys_endpoint, undefined);
      const start = await fetch(`${provider.issuer}/challenge`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ response_type: 'code', client_id: 'spa', pwless_action: 'passkey', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }),
      });
      assert.equal(start.status, 400);
      assert.equal((await start.json()).error, 'invalid_request');
      assert.equal((await fetch(`${provider.issuer}/passkeys`, { headers: { Authorization: 'Bearer x' } })).status, 404);
    } finally {
      await provider.close();
      await smtp.close();
    }
  });
});
