// The demo's passkey list, under the widget: a code sign-in, "Create a passkey" in the widget, the
// passkey listed with the SDK's passkeys(), deleted with deletePasskey(); after that the device's
// autofill offers a passkey the provider no longer knows, and the widget says so and keeps the code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDemo } from './demo-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';
import { addVirtualAuthenticator, base64url } from './virtual-authenticator.mjs';

describe('the demo’s passkeys', () => {
  const demo = useDemo();

  it('lists the passkey the widget created, deletes it, and the widget then refuses it with its message and keeps the code path', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    const problems = collectPageErrors(page);
    const authenticator = await addVirtualAuthenticator(context, page);
    await page.goto(demo.baseUrl);
    await page.waitForSelector('body[data-mock-ready]');
    const list = page.locator('pwless-demo-passkeys');

    await page.getByLabel('Email address').fill('grandma@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('We sent a code to').waitFor();
    const code = await page.locator('pwless-demo-inbox [data-code]').first().getAttribute('data-code');
    await page.getByLabel('Code').pressSequentially(code);
    await page.getByText('Signed in as grandma@example.com').waitFor();
    // Signed in, no passkey yet: the list says how to make one.
    await list.getByText('None yet').waitFor();

    // WebAuthn refuses a page without focus; test files run side by side.
    await page.bringToFront();
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await page.locator('pwless-login [part~="passkey-result"]').filter({ hasText: 'Passkey created' }).waitFor();
    const [credential] = await authenticator.credentials();
    assert.ok(credential, 'the authenticator holds no credential');
    const item = list.locator(`li[data-passkey-id="${base64url(credential.credentialId)}"]`);
    await item.waitFor();
    assert.equal(await list.locator('li').count(), 1);
    assert.match(await item.innerText(), /not used yet/);

    await item.getByRole('button', { name: /^Delete the passkey / }).click();
    await list.getByText('None yet').waitFor();
    assert.equal(await list.locator('li').count(), 0);
    // The device keeps its credential: only the provider forgot it.
    assert.equal((await authenticator.credentials()).length, 1);

    // This device made a passkey, so back on the email step the field's autofill offers it; in the
    // field, the virtual authenticator picks it at once, and the provider refuses a passkey it deleted.
    // (Not after a reload: the autofill of the page being left may already have been refused, which
    // forgets the passkey on this device, and then the reloaded page rightly offers none.)
    await page.bringToFront();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await list.locator('h2').waitFor({ state: 'detached' });
    await page.getByLabel('Email address').click();
    await page.getByRole('alert').filter({ hasText: 'This passkey no longer works here. Please continue with a code.' }).waitFor();
    assert.deepEqual(await authenticator.credentials(), [], 'the browser was told the passkey is gone (signalUnknownCredential)');
    const before = await page.locator('pwless-demo-inbox [data-code]').count();
    await page.getByLabel('Email address').fill('grandma@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('We sent a code to').waitFor();
    await page.waitForFunction((count) => document.querySelector('pwless-demo-inbox').shadowRoot.querySelectorAll('[data-code]').length > count, before);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
