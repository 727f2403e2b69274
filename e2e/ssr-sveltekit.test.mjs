// examples/sveltekit: SvelteKit renders <pwless-login> on the server (+page.server.js) and the page
// hydrates it. Run through Vite's dev server in this process (a production build takes far longer
// than the test), which renders on the server the same way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser.mjs';
import { startElementServer } from './element-server.mjs';
import { checkServerRenderedApp } from './ssr-app.mjs';

const app = fileURLToPath(new URL('../examples/sveltekit/', import.meta.url));

describe('SvelteKit example (examples/sveltekit)', () => {
  let provider;
  let vite;
  let browser;

  before(async () => {
    provider = await startElementServer();
    process.env.PWLESS_ISSUER = provider.issuer;
    // SvelteKit reads svelte.config.js from the working directory; each test file has its own process.
    process.chdir(app);
    const { createServer } = await import('vite');
    vite = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
    await vite.listen();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await vite?.close();
    await provider?.close();
  });

  it('renders the German form on the server and hydrates it: no console error, no layout shift, signs in', async () => {
    const url = vite.resolvedUrls.local[0];
    const html = await (await fetch(url)).text();
    assert.match(html, /<pwless-login\s+lang="de"[^>]*><template shadowroot="open" shadowrootmode="open">/);
    assert.match(html, /E-Mail-Adresse/);
    const { problems, layoutShift } = await checkServerRenderedApp(browser, url, provider);
    assert.deepEqual(problems, []);
    assert.equal(layoutShift, 0);
  });
});
