// examples/nextjs: a Next.js App Router server component renders <pwless-login> with
// @pwless/login/ssr and a client component hydrates it. Run through Next's dev server in this
// process (`next build` takes far longer than the test), which renders on the server the same way.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser.mjs';
import { startElementServer } from './element-server.mjs';
import { checkServerRenderedApp } from './ssr-app.mjs';

const dir = fileURLToPath(new URL('../examples/nextjs/', import.meta.url));

describe('Next.js App Router example (examples/nextjs)', () => {
  let provider;
  let child;
  let url;
  let browser;

  before(async () => {
    provider = await startElementServer();
    const script = fileURLToPath(new URL('./fixtures/ssr/next-dev.mjs', import.meta.url));
    child = spawn(process.execPath, [script, dir], { env: { ...process.env, PWLESS_ISSUER: provider.issuer, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const ready = /ready (\S+)/.exec(output);
        if (ready) resolve(ready[1]);
      });
      child.once('exit', (code) => reject(new Error(`the Next.js dev server stopped (${code}): ${output}`)));
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    child?.kill();
    await provider?.close();
  });

  it('renders the German form on the server and hydrates it: no console error, no layout shift, signs in', async () => {
    const html = await (await fetch(url)).text();
    assert.match(html, /<html lang="de">/);
    assert.match(html, /<pwless-login\s+lang="de"[^>]*><template shadowroot="open" shadowrootmode="open">/);
    assert.match(html, /E-Mail-Adresse/);
    const { problems, layoutShift } = await checkServerRenderedApp(browser, url, provider);
    assert.deepEqual(problems, []);
    assert.equal(layoutShift, 0);
  });
});
