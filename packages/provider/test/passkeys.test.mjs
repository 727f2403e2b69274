// The provider's passkeys: the suite the mock passes, against the provider on its file store and
// on Redis (two processes sharing it), over HTTP with a software authenticator.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeConfig, startProvider } from '../dist/index.js';
import { passkeySuite } from '../../mock/test/node/passkey-suite.mjs';
import { freePort, startRedis, startSmtp } from './harness.mjs';

const origin = 'http://localhost:5173';

async function providerConfig(port, smtp, store) {
  const dataDir = await mkdtemp(join(tmpdir(), 'pwless-passkeys-'));
  return completeConfig(
    {
      issuer: `http://127.0.0.1:${port}`,
      port,
      dataDir,
      signups: true,
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Family <family@example.com>' },
      clients: [{ client_id: 'spa', redirect_uris: [`${origin}/`], origins: [origin], token_endpoint_auth_method: 'none' }],
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
    rpId: '127.0.0.1',
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
      await providers[0].store.transact((data) => {
        data.oidc['AccessToken'][token].payload.exp = Math.floor(Date.now() / 1000) - 1;
      });
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
    return harness(first.issuer, smtp, [first, second], { close: () => redis.stop(), fields: { otherChallengeEndpoint: `http://127.0.0.1:${otherPort}/challenge` } });
  },
  { shared: true },
);
