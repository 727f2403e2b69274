// Redirect mode in the demo: the widget sends the person to the hosted page of the provider that
// `demo/serve.mjs` runs on loopback, and the demo page finishes the sign-in when the provider sends them back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDemo } from './demo-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

/** The loopback issuer the demo server named in the page. */
function redirectIssuer(page) {
  return page.locator('meta[name="pwless-demo-redirect-issuer"]').getAttribute('content');
}

/** What the person reads, on the widget and on the provider's page, in the languages these tests use. */
const words = {
  en: { email: 'Email address', next: 'Continue', sendCode: 'Send me a code', signedInAs: 'Signed in as' },
  de: { email: 'E-Mail-Adresse', next: 'Weiter', sendCode: 'Code zusenden', signedInAs: 'Angemeldet als' },
};

describe('the demo in redirect mode', () => {
  const demo = useDemo();

  /**
   * Chooses redirect mode and `language`, signs in on the provider's page with the code from the
   * dev inbox, and answers the page back on the demo, signed in, with the uncaught errors of that page.
   */
  async function signInThroughProvider(context, email, language) {
    const text = words[language];
    const page = await context.newPage();
    const problems = collectPageErrors(page);
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    const issuer = await redirectIssuer(page);
    assert.match(issuer, /^http:\/\/127\.0\.0\.1:\d+$/);

    await page.getByLabel('Mode').selectOption('redirect');
    await page.getByLabel('Language').selectOption(language);
    await page.getByText(`the provider at ${issuer}`).waitFor();
    assert.equal(await page.locator('#widget').getAttribute('issuer'), issuer);
    assert.equal(await page.locator('pwless-demo-inbox').getAttribute('issuer'), issuer);

    await page.getByLabel(text.email).fill(email);
    await page.getByRole('button', { name: text.next }).click();
    await page.waitForURL(`${issuer}/authorize?**`);
    assert.equal(new URL(page.url()).searchParams.get('ui_locales'), language);
    assert.equal(await page.locator('html').getAttribute('lang'), language);
    assert.equal(await page.locator('#login_hint').inputValue(), email);
    await page.getByRole('button', { name: text.sendCode }).click();
    await page.locator('#otp').waitFor();

    // The person reads the code where they would: in the demo's inbox, open in another tab.
    const inboxTab = await context.newPage();
    await inboxTab.goto(demo.baseUrl);
    const message = inboxTab.locator('pwless-demo-inbox li').filter({ hasText: email }).first();
    await message.waitFor();
    const code = await message.locator('[data-code]').getAttribute('data-code');
    assert.match(code, /^\d{6}$/);
    await inboxTab.close();
    const sent = await (await fetch(`${issuer}/_mock/inbox`)).json();
    assert.equal(sent.findLast((entry) => entry.to === email).locale, language);

    await page.locator('#otp').fill(code);
    await page.getByRole('button', { name: text.next }).click();
    await page.getByText(`${text.signedInAs} ${email}`).waitFor();
    assert.equal(new URL(page.url()).origin, new URL(demo.baseUrl).origin);
    assert.equal(new URL(page.url()).search, '');
    assert.equal(await page.getByLabel('Mode').inputValue(), 'redirect');
    return { page, problems };
  }

  it('signs in on the provider’s page, in the language chosen, with the code from the dev inbox and comes back signed in', async () => {
    const context = await demo.browser.newContext();
    const { problems } = await signInThroughProvider(context, 'oma@example.com', 'de');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('comes back from the provider without a script error', async () => {
    const context = await demo.browser.newContext();
    const { problems } = await signInThroughProvider(context, 'back@example.com', 'en');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('goes back to the in-page mock when native mode is chosen again', async () => {
    const page = await demo.browser.newPage();
    const problems = collectPageErrors(page);
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.getByLabel('Mode').selectOption('redirect');
    await page.reload();
    await page.waitForSelector('body[data-mock-ready]');
    assert.equal(await page.getByLabel('Mode').inputValue(), 'redirect');
    assert.equal(await page.locator('#widget').getAttribute('mode'), 'redirect');

    await page.getByLabel('Mode').selectOption('native');
    assert.equal(await page.locator('#widget').getAttribute('issuer'), 'https://id.pwless.test');
    assert.equal(await page.locator('#widget').getAttribute('mode'), null);
    await page.getByLabel('Email address').fill('home@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('We sent a code to').waitFor();
    assert.match(await page.locator('pwless-demo-inbox [data-code]').first().getAttribute('data-code'), /^\d{6}$/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('carries the provider fault switches over to the provider of the chosen mode', async () => {
    const page = await demo.browser.newPage();
    const problems = collectPageErrors(page);
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    const issuer = await redirectIssuer(page);
    const offline = (expected) =>
      page.waitForFunction(async ([url, value]) => (await (await fetch(`${url}/_mock/config`)).json()).offline === value, [issuer, expected], { polling: 100 });

    await page.getByLabel('Offline').check();
    await page.getByLabel('Mode').selectOption('redirect');
    await offline(true);
    await page.getByLabel('Offline').uncheck();
    await offline(false);
    await page.getByLabel('Mode').selectOption('native');
    await page.getByLabel('Email address').fill('online@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('We sent a code to').waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('explains that redirect mode needs the provider when the page is served without it', async () => {
    const page = await demo.browser.newPage();
    const problems = collectPageErrors(page);
    // What a static host serves: the page as it is on disk, without the provider's meta tag.
    await page.route(demo.baseUrl, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace(/<meta name="pwless-demo-redirect-issuer"[^>]*>/, '') });
    });
    await page.addInitScript(() => localStorage.setItem('pwless-demo-behaviour', JSON.stringify({ mode: 'redirect' })));
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.getByText('Redirect mode (the provider’s own sign-in page) needs the provider').waitFor();
    assert.equal(await page.getByLabel('Mode').count(), 0);
    assert.equal(await page.locator('#widget').getAttribute('issuer'), 'https://id.pwless.test');
    assert.equal(await page.locator('#widget').getAttribute('mode'), null);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
