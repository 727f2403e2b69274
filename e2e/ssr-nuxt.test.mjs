// examples/nuxt: a Nuxt server route renders <pwless-login> with @pwless/login/ssr, the page puts
// it in with v-html and hydrates it. Run through `nuxi dev` in a child process (a production build
// takes far longer than the test), which renders on the server the same way.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser.mjs';
import { startElementServer } from './element-server.mjs';
import { checkServerRenderedApp } from './ssr-app.mjs';

const dir = fileURLToPath(new URL('../examples/nuxt/', import.meta.url));
const nuxi = fileURLToPath(new URL('../node_modules/@nuxt/cli/bin/nuxi.mjs', import.meta.url));

/** A loopback port free right now (nuxi takes a port number, not 0). */
function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Asks `url` until it answers 200 (the dev server builds on start), for at most `seconds`. */
async function whenServing(url, child, seconds = 180) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`nuxi dev stopped (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

describe('Nuxt example (examples/nuxt)', () => {
  let provider;
  let child;
  let url;
  let browser;

  before(async () => {
    provider = await startElementServer();
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    child = spawn(process.execPath, [nuxi, 'dev', dir, '--port', String(port), '--host', '127.0.0.1', '--no-fork'], {
      env: { ...process.env, PWLESS_ISSUER: provider.issuer, NUXT_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
    });
    await whenServing(url, child);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    child?.kill();
    await provider?.close();
  });

  it('renders the German form on the server and hydrates it: no console error, no layout shift, signs in', async () => {
    const html = await (await fetch(url)).text();
    assert.match(html, /<html\s+lang="de">/);
    assert.match(html, /<pwless-login\s+lang="de"[^>]*><template shadowroot="open" shadowrootmode="open">/);
    assert.match(html, /E-Mail-Adresse/);
    const { problems, layoutShift } = await checkServerRenderedApp(browser, url, provider);
    assert.deepEqual(problems, []);
    assert.equal(layoutShift, 0);
  });
});
