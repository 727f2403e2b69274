// The playground's settings on a small phone: every choice can be read whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDemo } from './demo-fixture.mjs';

describe('the demo settings at 320 px', () => {
  const demo = useDemo();

  it('shows the chosen text of every select whole, none cut off by the arrow', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    // The longest choices: redirect mode where the page has its provider, and "Follow the system".
    if (await page.locator('pwless-demo-settings #setting-mode').count()) await page.getByLabel('Mode').selectOption('redirect');
    const cut = await page.evaluate(() => {
      const measure = document.createElement('canvas').getContext('2d');
      return [...document.querySelector('pwless-demo-settings').shadowRoot.querySelectorAll('select')].flatMap((select) => {
        measure.font = getComputedStyle(select).font;
        const chosen = select.options[select.selectedIndex].text;
        // The arrow and the padding take about 20 px of a select.
        return measure.measureText(chosen).width + 20 > select.clientWidth ? [chosen] : [];
      });
    });
    assert.deepEqual(cut, []);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320);
    await page.close();
  });
});
