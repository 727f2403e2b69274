// One element server and one Chromium for a whole describe block of the element's e2e files.
import { after, before } from 'node:test';
import { launchChromium } from './browser.mjs';
import { startElementServer } from './element-server.mjs';

/**
 * Registers the before/after hooks of the enclosing describe block and answers an object whose
 * `server` (see startElementServer) and `browser` are filled in once `before` has run.
 * `files(issuer)` gives the served files; it runs once the server knows its issuer URL.
 */
export function useElementServer(files) {
  const live = { server: undefined, browser: undefined };

  before(async () => {
    live.server = await startElementServer();
    Object.assign(live.server.files, await files(live.server.issuer));
    live.browser = await launchChromium();
  });

  after(async () => {
    await live.browser?.close();
    await live.server?.close();
  });

  return live;
}
