// The demo's playground parts: the state gallery, the theme designer with CSS export, and a magic
// link sign-in through the service-worker mock and the dev inbox.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDemo } from './demo-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

describe('the demo playground', () => {
  const demo = useDemo();

  it('shows every state of the widget in the gallery', async () => {
    const page = await demo.browser.newPage();
    const problems = collectPageErrors(page);
    await page.goto(`${demo.baseUrl}gallery.html`);
    await page.waitForSelector('body[data-gallery-ready]');
    const states = await page.$$eval('pwless-login', (elements) =>
      elements.map((element) => ['email', 'sending', 'code', 'verifying', 'link-sent', 'signed-in'].find((state) => element.matches(`:state(${state})`))));
    for (const state of ['email', 'sending', 'code', 'verifying', 'link-sent', 'signed-in']) assert.ok(states.includes(state), `no widget in ${state}`);
    await page.frameLocator('iframe[title="Link landing page"]').getByRole('button', { name: 'Confirm sign-in' }).waitFor();
    await page.getByText('Zostały').count().then((count) => assert.equal(count, 0));
    assert.ok(await page.getByText('Noch 1 Versuch').isVisible());
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('exports the CSS of the theme the designer made', async () => {
    const page = await demo.browser.newPage();
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.getByLabel('Accent colour').fill('#9a3412');
    // Polled: the button's colour eases over 150 ms.
    await page.waitForFunction(() => getComputedStyle(document.querySelector('pwless-login').shadowRoot.querySelector('[part~=submit-button]')).backgroundColor === 'rgb(154, 52, 18)');
    assert.match(await page.getByLabel('CSS for your page').inputValue(), /--pwless-color-accent: #9a3412;/);
    await page.close();
  });

  it('shows the offline state when the fault switch is on, and signs in once it is off', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.getByLabel('Offline').check();
    await page.getByLabel('Email address').fill('faults@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('You seem to be offline').waitFor();
    await page.getByLabel('Offline').uncheck();
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('We sent a code to').waitFor();
    await context.close();
  });

  it('signs in with a magic link opened from the dev inbox', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.getByLabel('Delivery').selectOption('link');
    await page.getByLabel('Email address').fill('linked@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('We sent a sign-in link to').waitFor();
    const link = await page.locator('pwless-demo-inbox [data-link]').first().getAttribute('href');
    const landing = await context.newPage();
    await landing.goto(link);
    await landing.getByRole('button', { name: 'Confirm sign-in' }).click();
    await page.getByText('Signed in as linked@example.com').waitFor({ timeout: 15000 });
    await context.close();
  });
});
