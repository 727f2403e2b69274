// Refresh across five tabs on the Supabase variant: five Chromium pages of one browser context (one
// origin: shared IndexedDB, tab channel and Web Locks) each ask for a fresh access token at the same
// moment, 20 rounds in a row. GoTrue rotates the refresh token on every use and treats a rotated one
// presented again as reuse; the mock counts every such presentation, and there must be none.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startHttpServer } from '@pwless/mock/node';
import { record } from '../test/reliability/settings.mjs';
import { launchChromium } from './browser.mjs';
import { bundleSdk } from './sdk-bundle.mjs';

const tabCount = 5;
const rounds = 20;

function appPage(issuer) {
  return `<!doctype html><meta charset="utf-8"><title>tab</title>
<script type="module">
  import { createClient } from '/sdk.js';
  window.client = createClient({ dialect: 'supabase', issuer: ${JSON.stringify(issuer)}, clientId: 'pwless-demo', persistence: 'local' });
  window.ready = true;
</script>`;
}

describe('five tabs on the Supabase variant', () => {
  let mock;
  let app;
  let browser;

  before(async () => {
    mock = await startHttpServer({ port: 0, dialect: 'supabase' });
    const sdk = await bundleSdk();
    const page = appPage(mock.issuer);
    app = createServer((request, response) => {
      if (request.url === '/sdk.js') return response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(sdk);
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    });
    await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (app ? app.close(resolve) : resolve()));
    await mock?.close();
  });

  it(`${rounds} rounds of getAccessToken({ forceRefresh: true }) in ${tabCount} tabs at once: no refresh token is ever presented twice`, async () => {
    const context = await browser.newContext();
    const origin = `http://127.0.0.1:${app.address().port}`;
    const open = async () => {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => window.ready === true);
      return page;
    };
    const first = await open();
    await first.evaluate(() => window.client.start({ email: 'tabs@example.com' }));
    const inbox = await (await fetch(`${mock.issuer}/_mock/inbox`)).json();
    const { code } = inbox.filter((message) => message.to === 'tabs@example.com').at(-1);
    await first.evaluate((code) => window.client.verify(code), code);
    const tabs = [first, ...(await Promise.all(Array.from({ length: tabCount - 1 }, open)))];
    const counts = async () => (await fetch(`${mock.issuer}/_mock/refresh-tokens`)).json();
    const before = await counts();

    for (let round = 0; round < rounds; round += 1) {
      const results = await Promise.all(tabs.map((tab) => tab.evaluate(() => window.client.getAccessToken({ forceRefresh: true }).then((token) => ({ token }), (error) => ({ error: error.code })))));
      assert.deepEqual(results.filter((result) => result.error), [], `round ${round}`);
    }

    const after = await counts();
    // For docs/reliability.md (npm run report:reliability); nothing is written otherwise.
    await record({
      group: 'Tabs',
      check: `Supabase dialect, ${tabCount} Chromium tabs of one browser (shared IndexedDB, tab channel, Web Locks): ${rounds} rounds of getAccessToken({ forceRefresh: true }) in every tab at once against the GoTrue mock, which rotates the refresh token on every use and counts a rotated one presented again (e2e/supabase-tabs.test.mjs)`,
      inputs: tabCount * rounds,
      result: `${after.reused} rotated refresh tokens presented again; ${after.rotated - before.rotated} renewals; every tab's final token accepted by /auth/v1/user`,
      figures: `${tabCount} tabs × ${rounds} rounds`,
    });
    assert.equal(after.reused, 0, 'no rotated refresh token came back');
    // Each round renews at least once (the tabs that wait for the lock take the renewed session).
    assert.ok(after.rotated - before.rotated >= rounds, `renewals: ${after.rotated - before.rotated}`);
    // Every tab ends up with a token GoTrue accepts.
    for (const tab of tabs) {
      const token = await tab.evaluate(() => window.client.getAccessToken());
      const user = await fetch(`${mock.issuer}/auth/v1/user`, { headers: { apikey: 'pwless-demo', Authorization: `Bearer ${token}` } });
      assert.equal(user.status, 200);
    }
    await context.close();
  });
});
