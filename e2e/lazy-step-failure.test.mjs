// The magic-link steps are chunks of their own next to the CDN bundle. When one cannot load (a
// flaky connection, a CDN upload that missed a file), the person still has a way on, in their
// language, with nothing they typed lost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages as de } from '../packages/login/dist/locales/de.js';
import { useElementServer } from './element-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

const page = (issuer) => `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>link</title>
<script type="module" src="/pwless-login.min.js"></script></head>
<body><pwless-login issuer="${issuer}" client-id="pwless-demo" delivery="link"></pwless-login></body></html>`;

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (match, key) => values[key] ?? match);

describe('<pwless-login> when a magic-link step cannot load', () => {
  const live = useElementServer((issuer) => ({ '/': { body: page(issuer) } }));

  async function latestLink(to) {
    const inbox = await (await live.server.provider.handle(new Request(`${live.server.issuer}/_mock/inbox`))).json();
    return inbox.filter((message) => message.to === to).at(-1)?.link;
  }

  it('shows the code step instead of “check your inbox”, and signs in with the code from the same email', async () => {
    const tab = await live.browser.newPage();
    const errors = collectPageErrors(tab);
    const blocked = [];
    await tab.route('**/pwless-login-link-sent-*.min.js', (route) => (blocked.push(route.request().url()), route.abort()));
    await tab.goto(`${live.server.origin}/`);
    await tab.getByLabel(de.emailLabel).fill('chunk@example.com');
    await tab.getByRole('button', { name: de.continue }).click();

    const code = tab.getByLabel(de.codeLabel, { exact: true });
    await code.waitFor();
    assert.ok(blocked.length > 0, 'the page never asked for the "check your inbox" chunk');
    assert.equal(await tab.getByRole('heading').textContent(), de.codeHeading);

    // Back and forth: the address typed is still there.
    await tab.getByRole('button', { name: de.useDifferentEmail }).click();
    assert.equal(await tab.getByLabel(de.emailLabel).inputValue(), 'chunk@example.com');
    await tab.getByRole('button', { name: de.continue }).click();
    await code.waitFor();

    await code.fill(await live.server.latestCode('chunk@example.com'));
    await tab.getByText(fill(de.signedInAs, { name: 'chunk@example.com' })).waitFor();
    assert.deepEqual(errors, []);
    await tab.close();
  });

  it('says it is offline on a landing page whose step cannot load, without spending the link, which confirms after Try again', async () => {
    const starter = await live.browser.newPage();
    await starter.goto(`${live.server.origin}/`);
    await starter.getByLabel(de.emailLabel).fill('landing-chunk@example.com');
    await starter.getByRole('button', { name: de.continue }).click();
    await starter.getByRole('button', { name: de.useDifferentEmail }).waitFor();
    const link = await latestLink('landing-chunk@example.com');
    assert.match(link, /\?pwless_link=/);

    // The link opened on another device, whose connection drops the landing chunk.
    const phone = await live.browser.newContext();
    const landing = await phone.newPage();
    const errors = collectPageErrors(landing);
    await landing.route('**/pwless-login-landing-*.min.js', (route) => route.abort());
    await landing.goto(link);
    await landing.getByRole('alert').filter({ hasText: de.errors.network_error }).waitFor();
    assert.equal(await landing.getByRole('heading').textContent(), de.landingHeading);
    assert.equal(await landing.getByRole('button', { name: de.landingConfirm }).count(), 0);

    // The connection back, "Try again" fetches the step in place: the link was not spent and confirms.
    await landing.unroute('**/pwless-login-landing-*.min.js');
    await landing.getByRole('button', { name: de.retry }).click();
    await landing.getByRole('button', { name: de.landingConfirm }).click();
    await landing.getByText(de.landingDone).waitFor();
    await starter.getByText(fill(de.signedInAs, { name: 'landing-chunk@example.com' })).waitFor({ timeout: 15000 });
    assert.deepEqual(errors, []);
    await phone.close();
    await starter.close();
  });
  it('shows a landing page whose step could not load by itself once the browser is back online', async () => {
    const starter = await live.browser.newPage();
    await starter.goto(`${live.server.origin}/`);
    await starter.getByLabel(de.emailLabel).fill('online-again@example.com');
    await starter.getByRole('button', { name: de.continue }).click();
    await starter.getByRole('button', { name: de.useDifferentEmail }).waitFor();
    const link = await latestLink('online-again@example.com');

    const phone = await live.browser.newContext();
    const landing = await phone.newPage();
    const errors = collectPageErrors(landing);
    await landing.route('**/pwless-login-landing-*.min.js', (route) => route.abort());
    await landing.goto(link);
    await landing.getByRole('alert').filter({ hasText: de.errors.network_error }).waitFor();

    await landing.unroute('**/pwless-login-landing-*.min.js');
    await phone.setOffline(true);
    await phone.setOffline(false);
    await landing.getByRole('button', { name: de.landingConfirm }).click();
    await landing.getByText(de.landingDone).waitFor();
    await starter.getByText(fill(de.signedInAs, { name: 'online-again@example.com' })).waitFor({ timeout: 15000 });
    assert.deepEqual(errors, []);
    await phone.close();
    await starter.close();
  });
});
