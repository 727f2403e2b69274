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

  it('finds "Did you mean …?" in the state gallery', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${demo.baseUrl}gallery.html`);
    await page.waitForSelector('body[data-gallery-ready]');
    const exhibit = page.locator('figure').filter({ hasText: 'Misspelt email domain' }).locator('pwless-login');
    assert.equal(await exhibit.getByRole('button', { name: 'Did you mean parent@gmail.com?' }).count(), 1);
    await page.close();
  });
});
