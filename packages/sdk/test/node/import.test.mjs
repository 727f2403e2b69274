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
    client.close();
  });

  it('still refuses plain http to a non-loopback issuer', async () => {
    const { createClient } = await import('../../dist/index.js');
    assert.throws(() => createClient({ issuer: 'http://id.example.com', clientId: 'app' }), TypeError);
  });
});
