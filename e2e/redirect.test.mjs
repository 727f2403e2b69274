// <pwless-login mode="redirect">: Continue takes the typed email to the provider's own sign-in
// page as login_hint; back on this page, the element finishes the sign-in and cleans the address bar.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useElementServer } from './element-fixture.mjs';

const page = (issuer) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>redirect</title>
<script type="module" src="/pwless-login.min.js"></script></head>
<body><pwless-login issuer="${issuer}" client-id="pwless-demo" mode="redirect"></pwless-login></body></html>`;

describe('<pwless-login> in redirect mode', () => {
  const live = useElementServer((issuer) => ({ '/': { body: page(issuer) } }));

  it('signs in through the provider page with the typed email as hint', async () => {
    const tab = await live.browser.newPage();
    await tab.goto(`${live.server.origin}/`);
    await tab.getByLabel('Email address').fill('away@example.com');
    await tab.getByRole('button', { name: 'Continue' }).click();
    await tab.waitForURL(/\/idp\/authorize/);
    const hint = tab.locator('#login_hint');
    if (await hint.count()) {
      assert.equal(await hint.inputValue(), 'away@example.com');
      await tab.getByRole('button', { name: 'Send me a code' }).click();
    }
    await tab.locator('#otp').fill(await live.server.latestCode('away@example.com'));
    await tab.getByRole('button', { name: 'Continue' }).click();
    await tab.getByText('Signed in as away@example.com').waitFor();
    assert.equal(new URL(tab.url()).search, '');
    await tab.close();
  });
});
