// A landing page in Japanese from the CDN bundle: the link's answer may come before the Japanese
// texts (a separate chunk) do; what the page says must still be Japanese.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages as ja } from '../packages/login/dist/locales/ja.js';
import { useElementServer } from './element-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

const page = (issuer) => `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>link</title>
<script type="module" src="/pwless-login.min.js"></script></head>
<body><pwless-login issuer="${issuer}" client-id="pwless-demo" delivery="link"></pwless-login></body></html>`;

describe('<pwless-login> landing page in Japanese from the CDN bundle', () => {
  const live = useElementServer((issuer) => ({ '/': { body: page(issuer) } }));

  it('explains an unknown or spent link in Japanese even when the Japanese texts arrive last', async () => {
    const tab = await live.browser.newPage();
    const errors = collectPageErrors(tab);
    // The Japanese chunk comes slowly, long after the provider answered.
    await tab.route('**/pwless-login-ja-*.min.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await tab.addInitScript(() => document.addEventListener('pwless-error', (event) => (window.heard = event.message)));
    await tab.goto(`${live.server.origin}/?pwless_link=no-such-link`);
    await tab.getByRole('alert').filter({ hasText: ja.errors.link_invalid }).waitFor();
    assert.equal(await tab.getByRole('button', { name: ja.startAgain }).count(), 1);
    assert.equal(await tab.evaluate(() => window.heard), ja.errors.link_invalid);
    assert.deepEqual(errors, []);
    await tab.close();
  });
});
