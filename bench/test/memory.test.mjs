// The detached-element count must see a real leak, or its zero for <pwless-login> proves nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../e2e/browser.mjs';
import { measureMemory } from '../lib/memory.mjs';
import { startStaticServer } from '../lib/server.mjs';

const folder = (path) => fileURLToPath(new URL(path, import.meta.url));

describe('the mount/unmount memory measurement', () => {
  let browser;
  let server;
  let origin;

  before(async () => {
    ({ server, origin } = await startStaticServer({ '/bench/': folder('../pages/'), '/fixtures/': folder('../fixtures/') }));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const measure = (tag) =>
    measureMemory(browser, origin, { src: '/fixtures/leaky-element.js', tag, attributes: {} }, { warmCycles: 2, cycles: 12 });

  it('counts every unmounted element that something still holds', async () => {
    const { detachedElements, liveInstances } = await measure('leaky-element');
    assert.equal(liveInstances, 12);
    assert.ok(detachedElements >= 12, `only ${detachedElements} detached elements seen`);
  });

  it('counts none when unmounted elements are let go', async () => {
    const { detachedElements, liveInstances } = await measure('tidy-element');
    assert.equal(liveInstances, 0);
    assert.equal(detachedElements, 0);
  });
});
