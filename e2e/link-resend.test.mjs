// "Send a new link" on <pwless-login>'s "check your inbox": after the server's cooldown it sends a
// new email; the old link stops working, and confirming the new one signs the first tab in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useElementServer } from './element-fixture.mjs';

const page = (issuer) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>link</title>
<script type="module" src="/pwless-login.min.js"></script></head>
<body><pwless-login issuer="${issuer}" client-id="pwless-demo" delivery="link"></pwless-login></body></html>`;

describe('<pwless-login> "Send a new link"', () => {
  const live = useElementServer((issuer) => ({ '/': { body: page(issuer) } }));

  function mock(path, init) {
    return live.server.provider.handle(new Request(`${live.server.issuer}${path}`, init));
  }

  async function latestLink(to) {
    const inbox = await (await mock('/_mock/inbox')).json();
    return inbox.filter((message) => message.to === to).at(-1)?.link;
  }

  it('sends a new link after the cooldown, refuses the old one, and signs in with the new one', async () => {
    // A short cooldown keeps the test quick; the countdown is the same code path as with 30 s.
    await mock('/_mock/config', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resendAfter: 3 }) });
    const waiting = await live.browser.newPage();
    await waiting.goto(`${live.server.origin}/`);
    await waiting.getByLabel('Email address').fill('again@example.com');
    await waiting.getByRole('button', { name: 'Continue' }).click();
    await waiting.getByText('We sent a sign-in link to').waitFor();
    const oldLink = await latestLink('again@example.com');

    const resend = waiting.locator('pwless-login').locator('[part~=resend-link-button]');
    assert.equal(await resend.isDisabled(), true);
    assert.match(await resend.innerText(), /You can ask for a new link in [1-3] seconds?\./);
    await waiting.getByRole('button', { name: 'Send a new link' }).click({ timeout: 8000 });
    await waiting.locator('pwless-login #sent-to').getByText('We sent a new sign-in link to').waitFor();
    assert.match(await waiting.getByRole('status').innerText(), /We sent a new sign-in link to/);
    const newLink = await latestLink('again@example.com');
    assert.notEqual(newLink, oldLink);

    const phone = await live.browser.newContext();
    const landing = await phone.newPage();
    await landing.goto(oldLink);
    await landing.getByText('This sign-in link was already used or has expired').waitFor();
    await landing.goto(newLink);
    await landing.getByRole('button', { name: 'Confirm sign-in' }).click();
    await landing.getByText('Done.').waitFor();

    await waiting.getByText('Signed in as again@example.com').waitFor({ timeout: 15000 });
    await phone.close();
    await waiting.close();
  });
});
