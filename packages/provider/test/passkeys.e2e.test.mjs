// Passkeys through the provider in Chromium, with the DevTools protocol's virtual authenticator
// (internal transport, resident keys, user verification): an app (openid-client) sends Dad to the
// provider's sign-in page; he signs in with a code and its element offers "Create a passkey"; he
// signs out of the app; the next sign-in is by passkey from the field's autofill (conditional
// mediation), no message is sent, and the app gets a valid ID token. A passkey deleted on the
// server is then refused with a clear message, and the code takes over.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from '../../../e2e/browser.mjs';
import { completeConfig, startProvider } from '../dist/index.js';
import { freePort, startRelyingParty, startSmtp } from './harness.mjs';

/** A virtual platform authenticator on the page's tab, as the contract's tests use it. */
export async function addVirtualAuthenticator(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    cdp,
    authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

describe('passkeys through the provider in Chromium (virtual authenticator)', () => {
  let smtp, provider, app, browser;

  before(async () => {
    smtp = await startSmtp();
    const [providerPort, appPort] = [await freePort(), await freePort()];
    const dataDir = await mkdtemp(join(tmpdir(), 'pwless-passkeys-e2e-'));
    // Browsers take no IP address as RP ID: the issuer is on localhost, the RP ID "localhost".
    const config = completeConfig(
      {
        issuer: `http://localhost:${providerPort}`,
        port: providerPort,
        dataDir,
        signups: true,
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Family photos <photos@example.com>' },
        clients: [
          { client_id: 'photos', client_name: 'Photos', client_secret: 'photos-secret-0123456789', token_endpoint_auth_method: 'client_secret_post', redirect_uris: [`http://127.0.0.1:${appPort}/callback`], post_logout_redirect_uris: [`http://127.0.0.1:${appPort}/bye`] },
        ],
      },
      dataDir,
      { env: {} },
    );
    provider = await startProvider(config, { log: () => undefined });
    app = await startRelyingParty({ issuer: provider.issuer, clientId: 'photos', clientSecret: 'photos-secret-0123456789', authMethod: 'client_secret_post', port: appPort });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await provider?.close();
    await Promise.all([smtp?.close(), app?.close()]);
  });

  it('code sign-in for the app, "Create a passkey" on the provider page, sign-out, then a passkey sign-in from the email field’s autofill with no message sent', async () => {
    const dad = 'dad@example.com';
    const own = await browser.newContext();
    const page = await own.newPage();
    const authenticator = await addVirtualAuthenticator(own, page);
    try {
      await page.goto(`${app.origin}/login`);
      assert.match(page.url(), /\/interaction\//);
      const field = page.getByLabel('Email address');
      // Once the element knows the provider and the browser do passkeys, the field's autofill offers them.
      await page.waitForFunction(() => document.querySelector('pwless-login')?.shadowRoot?.querySelector('#identifier')?.getAttribute('autocomplete') === 'username webauthn');
      const sent = smtp.messages.length;
      await field.fill(dad);
      await page.getByRole('button', { name: 'Continue' }).click();
      const message = await smtp.next(dad, sent);
      await page.getByRole('button', { name: 'Type the code from the email instead' }).click();
      await page.getByLabel('Code').fill(message.code);
      // Signed in by code: the page stays while the element offers a passkey.
      await page.getByRole('button', { name: 'Create a passkey' }).click();
      await page.waitForURL(`${app.origin}/callback?**`);
      const first = JSON.parse(await page.locator('body').innerText());
      assert.equal(first.claims.email, dad);
      assert.deepEqual(first.claims.amr, ['otp']);
      const credentials = await authenticator.credentials();
      assert.equal(credentials.length, 1);
      assert.equal(credentials[0].rpId, 'localhost');

      await page.goto(`${app.origin}/logout`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${app.origin}/bye**`);

      // The page's element starts conditional mediation on mount; the authenticator answers it.
      const before = smtp.messages.length;
      await page.goto(`${app.origin}/login`);
      await page.waitForURL(`${app.origin}/callback?**`);
      const second = JSON.parse(await page.locator('body').innerText());
      assert.equal(second.claims.email, dad);
      assert.equal(second.claims.sub, first.claims.sub);
      assert.deepEqual(second.claims.amr, ['hwk', 'user']);
      assert.equal(smtp.messages.length, before, 'no message was sent');

      // The passkey deleted on the server (another device removed it): a clear message, and the code still works.
      await page.goto(`${app.origin}/logout`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${app.origin}/bye**`);
      await provider.store.transact((data) => {
        for (const passkey of Object.values(data.rules.passkeys)) if (passkey.rpId === 'localhost') delete data.rules.passkeys[passkey.id];
      });
      await page.goto(`${app.origin}/login`);
      await page.getByText('This passkey no longer works here. Please continue with a code.').waitFor();
      assert.match(page.url(), /\/interaction\//);
      // Stops the authenticator from answering the autofill again, as a person who reads the message would.
      await authenticator.cdp.send('WebAuthn.clearCredentials', { authenticatorId: authenticator.authenticatorId });
      const again = smtp.messages.length;
      await page.getByLabel('Email address').fill(dad);
      await page.getByRole('button', { name: 'Continue' }).click();
      const code = (await smtp.next(dad, again)).code;
      await page.getByRole('button', { name: 'Type the code from the email instead' }).click();
      await page.getByLabel('Code').fill(code);
      // This device made a passkey before: no new offer, straight back to the app.
      await page.waitForURL(`${app.origin}/callback?**`);
      const third = JSON.parse(await page.locator('body').innerText());
      assert.deepEqual(third.claims.amr, ['otp']);
    } finally {
      await own.close();
    }
  });
});
