// One demo server and one Chromium for a whole describe block: the demo files share them.
import { after, before } from 'node:test';
import { startServer } from '../demo/serve.mjs';
import { launchChromium } from './browser.mjs';

/**
 * Registers the before/after hooks of the enclosing describe block and answers an object whose
 * `browser` and `baseUrl` are filled in once `before` has run (read them inside tests only).
 */
export function useDemo() {
  const demo = { browser: undefined, baseUrl: undefined };
  let server;

  before(async () => {
    server = await startServer(0, '127.0.0.1');
    demo.baseUrl = `http://localhost:${server.address().port}/`;
    demo.browser = await launchChromium();
  });

  after(async () => {
    await demo.browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  return demo;
}
