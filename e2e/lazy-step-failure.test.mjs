// The magic-link steps are chunks of their own next to the CDN bundle. When one cannot load (a
// flaky connection, a CDN upload that missed a file), the person still has a way on, in their
// language, with nothing they typed lost.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { messages as de } from '../packages/login/dist/locales/de.js';
import { useElementServer } from './element-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

const page = (issuer) => `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>link</title>
<script type="module" src="/pwless-login.min.js"></script></head>
<body><pwless-login issuer="${issuer}" client-id="pwless-demo" delivery="link"></pwless-login></body></html>`;

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (match, key) => values[key] ?? match);

describe('<pwless-login> when a magic-link step cannot load', () => {
  const live = useElementServer((issuer) => ({ '/': { body: page(issuer) } }));

  // The waiting tab asks every second rather than every 5 s: it notices the approval well within
  // its bounded wait, however busy the machine.
  before(async () => {
    const answer = await live.server.provider.handle(new Request(`${live.server.issuer}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ pollInterval: 1 }) }));
    assert.equal(answer.status, 200);
  });

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

  const landingChunk = '**/pwless-login-landing-*.min.js';

  /**
   * A link sign-in started in one tab, its link opened on another device whose connection drops
   * the landing chunk (and, with `detailsToo`, the request for the sign-in's details): that page
   * shows the offline error.
   */
  async function landingWithoutItsChunk(email, { detailsToo = false } = {}) {
    const starter = await live.browser.newPage();
    await starter.goto(`${live.server.origin}/`);
    await starter.getByLabel(de.emailLabel).fill(email);
    await starter.getByRole('button', { name: de.continue }).click();
    await starter.getByRole('button', { name: de.useDifferentEmail }).waitFor();
    const link = await latestLink(email);
    assert.match(link, /\?pwless_link=/);

    const phone = await live.browser.newContext();
    const landing = await phone.newPage();
    const errors = collectPageErrors(landing);
    await landing.route(landingChunk, (route) => route.abort());
    const details = [];
    if (detailsToo) await landing.route('**/challenge', (route) => (details.push(route.request().url()), route.abort()));
    await landing.goto(link);
    await landing.getByRole('alert').filter({ hasText: de.errors.network_error }).waitFor();
    if (detailsToo) {
      for (let waited = 0; details.length === 0 && waited < 10000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(details.length > 0, 'the landing page never asked for the sign-in\'s details');
      await landing.unroute('**/challenge');
    }
    return { starter, phone, landing, errors };
  }

  /** Confirms on the landing page; the tab that asked for the link signs in. */
  async function confirmAndSignIn({ starter, phone, landing, errors }, email) {
    await landing.getByRole('button', { name: de.landingConfirm }).click();
    await landing.getByText(de.landingDone).waitFor();
    await starter.getByText(fill(de.signedInAs, { name: email })).waitFor({ timeout: 15000 });
    assert.deepEqual(errors, []);
    await phone.close();
    await starter.close();
  }

  it('says it is offline on a landing page whose step cannot load, without spending the link, which confirms after Try again', async () => {
    const opened = await landingWithoutItsChunk('landing-chunk@example.com');
    const { landing } = opened;
    assert.equal(await landing.getByRole('heading').textContent(), de.landingHeading);
    assert.equal(await landing.getByRole('button', { name: de.landingConfirm }).count(), 0);

    // The connection back, "Try again" fetches the step in place: the link was not spent and confirms.
    await landing.unroute(landingChunk);
    await landing.getByRole('button', { name: de.retry }).click();
    await confirmAndSignIn(opened, 'landing-chunk@example.com');
  });

  // The connection went while the page was loading: neither its step nor the sign-in's details came.
  it('shows a landing page whose step and details could not load by itself once the browser is back online', async () => {
    const opened = await landingWithoutItsChunk('online-again@example.com', { detailsToo: true });
    await opened.landing.unroute(landingChunk);
    await opened.phone.setOffline(true);
    // The page must have seen the connection go, or coming back is no change it is told about.
    await opened.landing.waitForFunction(() => !navigator.onLine);
    await opened.phone.setOffline(false);
    await confirmAndSignIn(opened, 'online-again@example.com');
  });
});
