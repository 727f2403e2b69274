// End to end through the real demo page: the built bundle, the service-worker mock, the dev inbox.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDemo } from './demo-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

describe('the demo page', () => {
  const demo = useDemo();

  it('signs a person in with the code from the dev inbox', async () => {
    const page = await demo.browser.newPage();
    const problems = collectPageErrors(page);
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');

    await page.getByLabel('Email address').fill('parent@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('We sent a code to').waitFor();

    const codeCell = page.locator('pwless-demo-inbox [data-code]').first();
    await codeCell.waitFor();
    const code = await codeCell.getAttribute('data-code');
    assert.match(code, /^\d{6}$/);
    assert.match(await page.locator('pwless-demo-inbox li').first().innerText(), /parent@example\.com/);

    const signedIn = page.waitForFunction(
      () => new Promise((resolve) => document.addEventListener('pwless-signed-in', (event) => resolve(event.session.user.email), { once: true })),
    );
    await page.getByLabel('Code').pressSequentially(code);
    assert.equal(await (await signedIn).jsonValue(), 'parent@example.com');
    await page.getByText('Signed in as parent@example.com').waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('keeps one mock server across tabs and reloads', async () => {
    const context = await demo.browser.newContext();
    const first = await context.newPage();
    await first.goto(demo.baseUrl);
    await first.waitForSelector('body[data-mock-ready]');
    await first.getByLabel('Email address').fill('grandma@example.com');
    await first.getByRole('button', { name: 'Continue' }).click();
    await first.getByText('We sent a code to').waitFor();

    const second = await context.newPage();
    await second.goto(demo.baseUrl);
    await second.waitForSelector('body[data-mock-ready]');
    const code = await second.locator('pwless-demo-inbox [data-code]').first().getAttribute('data-code');
    assert.match(code, /^\d{6}$/);
    await second.reload();
    await second.waitForSelector('body[data-mock-ready]');
    assert.equal(await second.locator('pwless-demo-inbox [data-code]').first().getAttribute('data-code'), code);

    await first.getByLabel('Code').pressSequentially(code);
    await first.getByText('Signed in as grandma@example.com').waitFor();
    await context.close();
  });

  it('works from the single-file CDN bundle on a plain page', async () => {
    const page = await demo.browser.newPage();
    const problems = collectPageErrors(page);
    await page.goto(`${demo.baseUrl}cdn.html`);
    await page.waitForSelector('body[data-mock-ready]');
    await page.getByLabel('Email address').fill('cdn@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('We sent a code to').waitFor();
    const inbox = await page.evaluate(async () => (await fetch('https://id.pwless.test/_mock/inbox')).json());
    const { code } = inbox.findLast((message) => message.to === 'cdn@example.com');
    await page.getByLabel('Code').fill(code);
    await page.getByText('Signed in as cdn@example.com').waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });
});
