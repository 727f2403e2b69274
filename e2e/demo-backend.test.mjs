// The demo's Backend switch: the same widget signs in against each vendor's mock (Appwrite, Supabase, Ory
// Kratos and Stytch inside the page's service worker, Auth0 beside the demo server), reading the code from the
// dev inbox, which follows the backend.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDemo } from './demo-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

/** The newest message to `email` in the inbox of the mock at `issuer`, read from inside `page`. */
function lastMessageTo(page, issuer, email) {
  return page.evaluate(async ({ issuer, email }) => {
    const inbox = await (await fetch(`${issuer}/_mock/inbox`)).json();
    return inbox.filter((message) => message.to === email).at(-1);
  }, { issuer, email });
}

/** Types `email` into the demo's widget and presses Enter. */
async function sendAddress(page, email) {
  await page.locator('#widget #identifier').fill(email);
  await page.locator('#widget #identifier').press('Enter');
}

describe('the demo\'s Backend switch', () => {
  const demo = useDemo();

  /** A new page in `context` on the demo with `backend` chosen; answers it and the list of its uncaught errors. */
  async function openWithBackend(context, backend) {
    const page = await context.newPage();
    const problems = collectPageErrors(page);
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    await page.getByLabel('Backend').selectOption(backend);
    return { page, problems };
  }

  for (const [backend, pattern] of [['appwrite', /^https:\/\/appwrite\.pwless\.test\/v1$/], ['kratos', /^https:\/\/kratos\.pwless\.test$/], ['stytch', /^https:\/\/stytch\.pwless\.test$/], ['auth0', /^http:\/\/127\.0\.0\.1:\d+$/], ['supabase', /^https:\/\/supabase\.pwless\.test$/]]) {
    it(`signs in with a code against the ${backend} mock, and keeps the choice for the next page`, async () => {
      const context = await demo.browser.newContext();
      try {
        const { page, problems } = await openWithBackend(context, backend);
        const widget = page.locator('#widget');
        assert.equal(await widget.getAttribute('dialect'), backend);
        const issuer = await widget.getAttribute('issuer');
        assert.match(issuer, pattern);
        assert.equal(await page.locator('pwless-demo-inbox').getAttribute('issuer'), issuer);
        assert.equal(await widget.getAttribute('client-id') || undefined, backend === 'kratos' ? undefined : 'pwless-demo');
        const email = `demo-${backend}@example.com`;
        await sendAddress(page, email);
        await page.locator('#widget #code').waitFor();
        const { code } = await lastMessageTo(page, issuer, email);
        await page.locator('#widget #code').fill(code);
        await page.waitForFunction(() => document.querySelector('#widget')?.matches(':state(signed-in)'), null, { timeout: 15_000 });
        assert.deepEqual(problems, []);
        await page.reload();
        await page.waitForSelector('body[data-mock-ready]');
        assert.equal(await page.locator('#widget').getAttribute('dialect'), backend);
      } finally {
        await context.close();
      }
    });
  }

  it('signs in with a link against the firebase mock: the widget offers only the link, and the link opened in a new tab signs both tabs in', async () => {
    const context = await demo.browser.newContext();
    try {
      const { page, problems } = await openWithBackend(context, 'firebase');
      const widget = page.locator('#widget');
      assert.equal(await widget.getAttribute('dialect'), 'firebase');
      assert.equal(await widget.getAttribute('issuer'), 'https://firebase.pwless.test/identitytoolkit.googleapis.com');
      const inbox = await page.locator('pwless-demo-inbox').getAttribute('issuer');
      assert.equal(inbox, 'https://firebase.pwless.test');
      const email = 'demo-firebase@example.com';
      await sendAddress(page, email);
      await page.locator('#widget [part~="link-sent"]').waitFor();
      const { link } = await lastMessageTo(page, inbox, email);
      const landing = await context.newPage();
      await landing.goto(link);
      await landing.locator('#widget [part~="confirm-button"]').click();
      for (const tab of [landing, page]) await tab.waitForFunction(() => document.querySelector('#widget')?.matches(':state(signed-in)'), null, { timeout: 15_000 });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
