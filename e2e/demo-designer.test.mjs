// The theme designer as a designer uses it: a dark brand theme on a light page, exported and pasted elsewhere.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDemo } from './demo-fixture.mjs';

/** Colours of the widget's email field and hint on `page`. */
function fieldColours(page) {
  return page.evaluate(() => {
    const root = document.querySelector('pwless-login').shadowRoot;
    const field = getComputedStyle(root.querySelector('#identifier'));
    return { field: field.backgroundColor, text: field.color, hint: getComputedStyle(root.querySelector('[part~=hint]')).color };
  });
}

describe('the theme designer', () => {
  const demo = useDemo();

  it('can give a dark surface dark fields and light hints, and the exported CSS does the same on another page', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    const designer = page.locator('pwless-demo-settings');
    await designer.getByLabel('Surface colour', { exact: true }).fill('#1e293b');
    await designer.getByLabel('Text colour', { exact: true }).fill('#f8fafc');
    await designer.getByLabel('Field colour', { exact: true }).fill('#0f172a');
    await designer.getByLabel('Hint text colour', { exact: true }).fill('#cbd5e1');
    const expected = { field: 'rgb(15, 23, 42)', text: 'rgb(248, 250, 252)', hint: 'rgb(203, 213, 225)' };
    assert.deepEqual(await fieldColours(page), expected);

    const css = await designer.getByLabel('CSS for your page').inputValue();
    const pasted = await demo.browser.newPage();
    await pasted.goto(`${demo.baseUrl}cdn.html`);
    await pasted.addStyleTag({ content: css });
    await pasted.locator('pwless-login').getByLabel('Email address').waitFor();
    assert.deepEqual(await fieldColours(pasted), expected);
    await pasted.close();
    await page.close();
  });

  it('shows in its colour pickers the colours the widget uses in a dark system scheme, and exports a dark theme', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.locator('pwless-login').getByLabel('Email address').waitFor();
    const used = await page.evaluate(() => {
      const root = document.querySelector('pwless-login').shadowRoot;
      const style = (selector) => getComputedStyle(root.querySelector(selector));
      const hex = (rgb) => `#${rgb.match(/\d+/g).slice(0, 3).map((part) => Number(part).toString(16).padStart(2, '0')).join('')}`;
      return {
        'Surface colour': hex(style('[part~=container]').backgroundColor),
        'Text colour': hex(style('[part~=container]').color),
        'Field colour': hex(style('#identifier').backgroundColor),
        'Hint text colour': hex(style('[part~=hint]').color),
        'Field border colour': hex(style('#identifier').borderTopColor),
        'Accent colour': hex(style('[part~=submit-button]').backgroundColor),
        'Text on accent': hex(style('[part~=submit-button]').color),
      };
    });
    assert.notEqual(used['Surface colour'], '#ffffff');
    const designer = page.locator('pwless-demo-settings');
    const shown = {};
    for (const label of Object.keys(used)) shown[label] = await designer.getByLabel(label, { exact: true }).inputValue();
    assert.deepEqual(shown, used);

    // A colour changed on a dark system keeps the other colours dark, here and in the export.
    await designer.getByLabel('Accent colour', { exact: true }).fill('#ffb000');
    const css = await designer.getByLabel('CSS for your page').inputValue();
    assert.match(css, /color-scheme: dark;/);
    assert.equal(await designer.getByLabel('Surface colour', { exact: true }).inputValue(), used['Surface colour']);

    // A light surface makes it a light theme: the colours left alone, and their pickers, turn light.
    await designer.getByLabel('Surface colour', { exact: true }).fill('#fff7ed');
    assert.equal(await designer.getByLabel('Text colour', { exact: true }).inputValue(), '#1f2328');
    assert.match(await designer.getByLabel('CSS for your page').inputValue(), /color-scheme: light;/);

    // Chosen dark, the pickers of the colours left alone show the dark ones again.
    await designer.getByLabel('Appearance').selectOption('dark');
    assert.equal(await designer.getByLabel('Text colour', { exact: true }).inputValue(), used['Text colour']);
    assert.equal(await designer.getByLabel('Accent colour', { exact: true }).inputValue(), '#ffb000');
    await page.close();
  });

  it('finds "Did you mean …?" in the state gallery', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${demo.baseUrl}gallery.html`);
    await page.waitForSelector('body[data-gallery-ready]');
    const exhibit = page.locator('figure').filter({ hasText: 'Misspelt email domain' }).locator('pwless-login');
    assert.equal(await exhibit.getByRole('button', { name: 'Did you mean parent@gmail.com?' }).count(), 1);
    await page.close();
  });
});
