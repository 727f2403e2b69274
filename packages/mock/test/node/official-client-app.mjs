// What the fidelity tests of the vendors' official browser clients share: Debian's Chromium, the
// mock of the vendor's API over real HTTP, and an app page that loads the client from a loopback server.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startHttpServer } from '@pwless/mock/node';
import { chromiumArgs, chromiumPath } from '../../../../e2e/browser.mjs';

/** Debian's Chromium with the flags every browser test of the repository uses. */
export const launchOptions = { executablePath: chromiumPath, headless: true, args: chromiumArgs };

/**
 * Serves `page` at every path but the scripts, each of `scripts` ({ '/client.js': a file's path, or a
 * function answering the code }) as JavaScript, on 127.0.0.1 at a free port. The answered origin names
 * `host`: `localhost` makes the app another site than a mock at 127.0.0.1, as an app and a vendor are.
 */
export async function startApp({ page, scripts = {}, host = 'localhost' }) {
  const code = new Map();
  for (const [path, source] of Object.entries(scripts)) code.set(path, typeof source === 'function' ? await source() : await readFile(source));
  const server = createServer((request, response) => {
    if (code.has(request.url)) return response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(code.get(request.url));
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://${host}:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Registers the before/after hooks of the enclosing describe block: `pwless-mock --dialect dialect`,
 * the app of `app(issuer)` (the options of `startApp`) and Chromium. Answers an object whose `mock`,
 * `app` and `browser` are filled in once `before` has run (read them inside tests only), and
 * `lastMessageTo(to)`, the newest message of the mock's inbox to that address.
 */
export function useOfficialClientApp(dialect, app) {
  const running = {
    mock: undefined,
    app: undefined,
    browser: undefined,
    lastMessageTo: async (to) => (await (await fetch(`${running.mock.issuer}/_mock/inbox`)).json()).filter((message) => message.to === to).at(-1),
  };

  before(async () => {
    running.mock = await startHttpServer({ port: 0, dialect });
    running.app = await startApp(app(running.mock.issuer));
    running.browser = await chromium.launch(launchOptions);
  });

  after(async () => {
    await running.browser?.close();
    await running.app?.close();
    await running.mock?.close();
  });

  return running;
}
