// The language chosen in the demo's settings, as a person meets it again on the page a magic link opens.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDemo } from './demo-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

describe('the demo language', () => {
  const demo = useDemo();

  it('opens the magic link’s landing page in the language chosen before the link was sent', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    const problems = collectPageErrors(page);
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.getByLabel('Language').selectOption('ja');
    await page.getByLabel('Delivery').selectOption('link');
    await page.getByLabel('メールアドレス').fill('japan@example.com');
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('heading', { name: '受信トレイをご確認ください' }).waitFor();

    const [landing] = await Promise.all([context.waitForEvent('page'), page.locator('pwless-demo-inbox [data-link]').first().click()]);
    const landingProblems = collectPageErrors(landing);
    await landing.getByRole('heading', { name: 'ログインの確認' }).waitFor();
    assert.equal(await landing.locator('pwless-login').getAttribute('lang'), 'ja');
    assert.equal(await landing.getByLabel('Language').inputValue(), 'ja');
    await landing.getByRole('button', { name: 'ログインを承認' }).click();
    await page.getByRole('heading', { name: 'ログインしました' }).waitFor();
    assert.deepEqual([...problems, ...landingProblems], []);
    await context.close();
  });

  for (const [language, heading] of [['ja', 'ログイン'], ['zh-Hans', '登录']]) {
    it(`shows every state of the gallery in ${language} without scrolling sideways at 320 px`, async () => {
      const page = await demo.browser.newPage({ viewport: { width: 320, height: 800 } });
      const problems = collectPageErrors(page);
      await page.goto(`${demo.baseUrl}gallery.html?lang=${language}`);
      await page.waitForSelector('body[data-gallery-ready]');
      assert.equal(await page.locator('pwless-login').first().getByRole('heading').innerText(), heading);
      await page.frameLocator('iframe[title="Link landing page"]').locator('pwless-login [part~=confirm-button]').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320);
      const wider = await page.evaluate(() =>
        [...document.querySelectorAll('pwless-login')].filter((element) => element.shadowRoot.querySelector('[part~=container]').scrollWidth > element.clientWidth).length);
      assert.equal(wider, 0);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  it('keeps the first visit in English when nothing was chosen', async () => {
    const page = await demo.browser.newPage();
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.getByLabel('Language').inputValue(), 'en');
    await page.close();
  });
});
