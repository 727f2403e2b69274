// A provider in this process on 127.0.0.1, with a real SMTP sink, for the reliability checks.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeConfig, startProvider } from '../../packages/provider/dist/index.js';
import { freePort, startSmtp } from '../../packages/provider/test/harness.mjs';

export const siteOrigin = 'https://family.example.com';

/** Starts SMTP and the provider; `users` are added as known addresses. */
export async function startTestProvider({ policy = {}, users = ['known@example.com'], clients = [] } = {}) {
  const smtp = await startSmtp();
  const dataDir = await mkdtemp(join(tmpdir(), 'pwless-reliability-'));
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const config = completeConfig(
    {
      issuer,
      port,
      dataDir,
      signups: false,
      policy,
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Family <family@example.com>' },
      clients: [{ client_id: 'site', client_name: 'Family site', redirect_uris: [`${siteOrigin}/`], origins: [siteOrigin], link_uris: [`${siteOrigin}/link`], post_logout_redirect_uris: [`${siteOrigin}/bye`] }, ...clients],
    },
    dataDir,
    { env: {} },
  );
  const provider = await startProvider(config, { log: () => undefined });
  await provider.store.transact((data) => {
    for (const [index, email] of users.entries()) data.rules.users[`user-${index}`] = { sub: `user-${index}`, email, createdAt: 0 };
  });
  return {
    issuer,
    provider,
    smtp,
    async close() {
      await provider.close();
      await smtp.close();
    },
  };
}
