// The demo's static server: whatever a browser (or anyone on the machine) sends, it answers and stays up.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startServer } from '../demo/serve.mjs';

/** A raw GET of `path` exactly as given (fetch would normalize it first). */
function get(port, path) {
  return new Promise((resolve, reject) => {
    const sent = request({ host: 'localhost', port, path, timeout: 3000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    sent.on('timeout', () => sent.destroy(new Error(`no answer to GET ${path}`)));
    sent.on('error', reject).end();
  });
}

describe('the demo server', () => {
  let server;
  let port;
  before(async () => {
    server = await startServer(0, 'localhost', { providerPort: 0 });
    ({ port } = server.address());
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  it('answers a malformed %-escape with 400 and keeps serving the demo', async () => {
    assert.equal(await get(port, '/%E0'), 400);
    assert.equal(await get(port, '/'), 200);
  });

  it('refuses paths that climb out of the demo folder', async () => {
    assert.equal(await get(port, '/..%2f..%2fpackage.json'), 403);
    assert.equal(await get(port, '/'), 200);
  });
});
