// The demo as a person on a small phone, or with large text, sees it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDemo } from './demo-fixture.mjs';

describe('the demo on a narrow screen', () => {
  const demo = useDemo();

  it('never scrolls the state gallery sideways at 320 px', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.goto(`${demo.baseUrl}gallery.html`);
    await page.waitForSelector('body[data-gallery-ready]');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320);
    await page.close();
  });

  it('never scrolls the playground sideways at 320 px, not even with a sign-in link in the inbox', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.getByLabel('Delivery').selectOption('link');
    await page.getByLabel('Email address').fill('narrow@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('pwless-demo-inbox [data-link]').first().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320);
    await page.close();
  });

  it('never scrolls the playground sideways at 320 px with text at 200 %', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    await page.getByLabel('Email address').fill('grandparent.with.a.long.address@example-family-photos.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('We sent a code to').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320);
    await page.close();
  });

  it('keeps the themed exhibit of the gallery readable on a dark system', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    await page.goto(`${demo.baseUrl}gallery.html`);
    await page.waitForSelector('body[data-gallery-ready]');
    const text = await page.evaluate(() => {
      const widget = document.querySelector('pwless-login.warm');
      return getComputedStyle(widget.shadowRoot.querySelector('[part~=heading]')).color;
    });
    assert.equal(text, 'rgb(31, 35, 40)');
    await page.close();
  });

  it('keeps a theme made in the designer readable on a dark system, and exports it that way', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.getByLabel('Surface colour').fill('#fff7ed');
    const text = await page.evaluate(() => getComputedStyle(document.querySelector('pwless-login').shadowRoot.querySelector('[part~=heading]')).color);
    assert.equal(text, 'rgb(31, 35, 40)');
    assert.match(await page.getByLabel('CSS for your page').inputValue(), /color-scheme: light;/);
    await page.close();
  });
});
