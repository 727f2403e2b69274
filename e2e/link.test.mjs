// Magic links through <pwless-login>: the waiting tab signs in once the link is confirmed on its
// landing page (here another tab), and only the confirm click spends the link.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useElementServer } from './element-fixture.mjs';

const page = (issuer) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>link</title>
<script type="module" src="/pwless-login.min.js"></script></head>
<body><pwless-login issuer="${issuer}" client-id="pwless-demo" delivery="link"></pwless-login></body></html>`;

describe('<pwless-login> with magic links', () => {
  const live = useElementServer((issuer) => ({ '/': { body: page(issuer) } }));

  async function latestLink(to) {
    const inbox = await (await live.server.provider.handle(new Request(`${live.server.issuer}/_mock/inbox`))).json();
    return inbox.filter((message) => message.to === to).at(-1)?.link;
  }

  it('signs the waiting tab in when the link is confirmed in another browser', async () => {
    const waiting = await live.browser.newPage();
    await waiting.goto(`${live.server.origin}/`);
    await waiting.getByLabel('Email address').fill('link@example.com');
    await waiting.getByRole('button', { name: 'Continue' }).click();
    await waiting.getByText('We sent a sign-in link to').waitFor();
    const link = await latestLink('link@example.com');
    assert.match(link, /\?pwless_link=/);

    // Another browser (a phone, say): its own storage, no PKCE verifier.
    const phone = await live.browser.newContext();
    const landing = await phone.newPage();
    await landing.goto(link);
    await landing.getByText('Someone asked to sign in as').waitFor();
    await landing.reload();
    await landing.getByRole('button', { name: 'Confirm sign-in' }).click();
    await landing.getByText('Done.').waitFor();
    assert.doesNotMatch(landing.url(), /pwless_link/);

    await waiting.getByText('Signed in as link@example.com').waitFor({ timeout: 15000 });
    await phone.close();
    await waiting.close();
  });
});
