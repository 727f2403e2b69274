// Importing the SDK on a server (SSR, Node) must not throw; nothing runs until a client is used.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

describe('the SDK in Node', () => {
  it('imports and creates a client without touching browser APIs', async () => {
    const { createClient, pwlessErrorCodes } = await import('../../dist/index.js');
    assert.ok(pwlessErrorCodes.includes('network_error'));
    const client = createClient({ issuer: 'https://id.example.com', clientId: 'app' });
    assert.equal(client.session, undefined);
    assert.equal(client.challenge, undefined);
    client.close();
  });

  it('reports that nobody is signed in, with a PwlessError', async () => {
    const { createClient } = await import('../../dist/index.js');
    const client = createClient({ issuer: 'https://id.example.com', clientId: 'app' });
    await assert.rejects(client.getAccessToken(), { name: 'PwlessError', code: 'session_expired' });
  });

  it('lets the process end although a client was never closed', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = `import('${new URL('../../dist/index.js', import.meta.url).href}').then(({ createClient }) => createClient({ issuer: 'https://id.example.com', clientId: 'app' }))`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 5000 });
    assert.equal(run.status, 0, String(run.stderr));
  });

  it('still refuses plain http to a non-loopback issuer', async () => {
    const { createClient } = await import('../../dist/index.js');
    assert.throws(() => createClient({ issuer: 'http://id.example.com', clientId: 'app' }), TypeError);
  });
});
