// Passkeys through the provider in Chromium, with the DevTools protocol's virtual authenticator
// (internal transport, resident keys, user verification): Chromium makes and uses the credentials
// against the provider's endpoints, scripted on a page of the provider's origin the way the
// sign-in page's element does it: a code sign-in, a passkey registered with that token, then a
// sign-in by conditional mediation with no message sent and an ID token saying hwk+user; and the
// same for an app (openid-client) waiting on the provider's page, which gets its ID token back.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { launchChromium } from '../../../e2e/browser.mjs';
import { addVirtualAuthenticator } from '../../../e2e/virtual-authenticator.mjs';
import { completeConfig, startProvider } from '../dist/index.js';
import { freePort, startRelyingParty, startSmtp } from './harness.mjs';

/**
 * What the page's element does, written out with the page's own fetch and WebAuthn: the pwless
 * profile on the provider's origin (client `pwless-provider`), so only the browser makes the
 * credentials and signatures. `step` names the part: `start` (a code start), `code` (verify and
 * exchange), `register` (create a passkey with that token), `passkey` (sign in with a passkey),
 * `interaction` and `finish` (hand the token to an app's sign-in waiting on the provider's page,
 * as the page does). Each step answers what it got.
 */
async function inPage(page, step, argument) {
  return page.evaluate(
    async ({ step, argument }) => {
      const state = (window.__passkeyTest ??= {});
      const post = async (path, parameters, headers = {}) => {
        const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(parameters) });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : null };
      };
      const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const pkce = async () => {
        const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
        return { verifier, challenge: base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))) };
      };
      const client = { response_type: 'code', client_id: 'pwless-provider' };
      const exchange = async (code, verifier) => post('/token', { grant_type: 'authorization_code', client_id: 'pwless-provider', code, code_verifier: verifier });
      if (step === 'start') {
        state.pkce = await pkce();
        const started = await post('/challenge', { ...client, login_hint: argument, scope: 'openid email', code_challenge: state.pkce.challenge, code_challenge_method: 'S256', nonce: 'n1' });
        state.authSession = started.body.auth_session;
        return started;
      }
      if (step === 'code') {
        const verified = await post('/challenge', { ...client, auth_session: state.authSession, otp: argument });
        if (verified.status !== 200) return verified;
        const tokens = await exchange(verified.body.authorization_code, state.pkce.verifier);
        state.accessToken = tokens.body.access_token;
        return tokens;
      }
      if (step === 'register') {
        const authorization = { Authorization: `Bearer ${state.accessToken}` };
        const options = await post('/passkeys/options', {}, authorization);
        const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.body.options) });
        const created = await post('/passkeys', { registration_session: options.body.registration_session, credential: JSON.stringify(credential.toJSON()) }, authorization);
        const list = await fetch('/passkeys', { headers: authorization }).then((response) => response.json());
        return { options: options.body.options, created, list };
      }
      if (step === 'passkey') {
        state.pkce = await pkce();
        const started = await post('/challenge', { ...client, pwless_action: 'passkey', scope: 'openid email', code_challenge: state.pkce.challenge, code_challenge_method: 'S256', nonce: 'n2' });
        const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(started.body.pwless.passkey);
        const available = await PublicKeyCredential.isConditionalMediationAvailable();
        // Conditional mediation as the element starts it on mount: the browser's autofill offers the passkey.
        const credential = await navigator.credentials.get({ publicKey, ...(argument === 'conditional' ? { mediation: 'conditional' } : {}) });
        const signedIn = await post('/challenge', { ...client, auth_session: started.body.auth_session, pwless_passkey: JSON.stringify(credential.toJSON()) });
        if (signedIn.status !== 200) return { started, signedIn };
        const tokens = await exchange(signedIn.body.authorization_code, state.pkce.verifier);
        state.accessToken = tokens.body.access_token;
        return { started, signedIn, tokens: tokens.body, available };
      }
      if (step === 'interaction') {
        // The app's sign-in waits on the provider's page; its finishing address and CSRF token are in that page.
        const html = await (await fetch(argument, { credentials: 'same-origin' })).text();
        state.finish = /data-finish="([^"]+)"/.exec(html)?.[1];
        state.csrf = /data-csrf="([^"]+)"/.exec(html)?.[1];
        return Boolean(state.finish && state.csrf);
      }
      if (step === 'finish') {
        const finished = await post(state.finish, { access_token: state.accessToken, csrf: state.csrf });
        return finished.body.location;
      }
      throw new Error(`unknown step ${step}`);
    },
    { step, argument },
  );
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

  it('Chromium’s own credentials, scripted on a plain page of the provider: register with the page client’s token, then conditional mediation signs in; the ID token says hwk+user', async () => {
    const mum = 'mum@example.com';
    const own = await browser.newContext();
    const page = await own.newPage();
    const authenticator = await addVirtualAuthenticator(own, page);
    try {
      // A page of the issuer's origin without the element: only this script asks for passkeys.
      await page.goto(`${provider.issuer}/healthz`);
      const sent = smtp.messages.length;
      assert.equal((await inPage(page, 'start', mum)).status, 403);
      const message = await smtp.next(mum, sent);
      assert.equal((await inPage(page, 'code', message.code)).status, 200);
      const registered = await inPage(page, 'register');
      assert.equal(registered.options.rp.id, 'localhost');
      assert.equal(registered.options.user.name, mum);
      assert.equal(registered.created.status, 201, JSON.stringify(registered.created.body));
      assert.equal(registered.created.body.name, 'Chrome on Linux');
      assert.deepEqual(registered.list.passkeys.map((passkey) => passkey.id), [registered.created.body.id]);
      const [credential] = await authenticator.credentials();
      assert.equal(credential.isResidentCredential, true);
      assert.equal(credential.rpId, 'localhost');

      const before = smtp.messages.length;
      const signedIn = await inPage(page, 'passkey', 'conditional');
      assert.equal(signedIn.available, true, 'conditional mediation is available');
      assert.equal(signedIn.started.body.pwless.passkey.rpId, 'localhost');
      assert.equal(signedIn.signedIn.status, 200, JSON.stringify(signedIn.signedIn.body));
      const jwks = createLocalJWKSet(await (await fetch(`${provider.issuer}/jwks`)).json());
      const { payload } = await jwtVerify(signedIn.tokens.id_token, jwks, { issuer: provider.issuer, audience: 'pwless-provider' });
      assert.equal(payload.email, mum);
      assert.equal(payload.nonce, 'n2');
      assert.deepEqual(payload.amr, ['hwk', 'user']);
      assert.equal(smtp.messages.length, before, 'no message was sent');
      const [used] = await authenticator.credentials();
      assert.ok(used.signCount >= 1, 'the authenticator counted the signature');
    } finally {
      await own.close();
    }
  });
  it('for an app (openid-client): code sign-in and a passkey made on the provider, sign-out, then a passkey sign-in with no message; the app gets a valid ID token', async () => {
    const dad = 'dad@example.com';
    const own = await browser.newContext();
    const page = await own.newPage();
    const authenticator = await addVirtualAuthenticator(own, page);
    // The app's sign-in up to the provider's page, with the browser's cookies but without showing
    // the page, whose element would answer for itself: this script plays its part.
    const appSignIn = async () => {
      const response = await own.request.get(`${app.origin}/login`);
      assert.match(response.url(), /\/interaction\//);
      await page.goto(`${provider.issuer}/healthz`);
      assert.equal(await inPage(page, 'interaction', response.url()), true);
    };
    const backAtApp = async () => {
      await page.goto(await inPage(page, 'finish'));
      await page.waitForURL(`${app.origin}/callback?**`);
      return JSON.parse(await page.locator('body').innerText());
    };
    try {
      await appSignIn();
      const sent = smtp.messages.length;
      assert.equal((await inPage(page, 'start', dad)).status, 403);
      assert.equal((await inPage(page, 'code', (await smtp.next(dad, sent)).code)).status, 200);
      assert.equal((await inPage(page, 'register')).created.status, 201);
      assert.equal((await authenticator.credentials()).length, 1);
      const first = await backAtApp();
      assert.equal(first.claims.email, dad);
      assert.deepEqual(first.claims.amr, ['otp']);

      await page.goto(`${app.origin}/logout`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${app.origin}/bye**`);

      const before = smtp.messages.length;
      await appSignIn();
      const signedIn = await inPage(page, 'passkey', 'conditional');
      assert.equal(signedIn.signedIn.status, 200, JSON.stringify(signedIn.signedIn.body));
      const second = await backAtApp();
      assert.equal(second.alg, 'RS256');
      assert.equal(second.claims.iss, provider.issuer);
      assert.equal(second.claims.email, dad);
      assert.equal(second.claims.sub, first.claims.sub);
      assert.deepEqual(second.claims.amr, ['hwk', 'user']);
      assert.equal(second.userinfo.email, dad);
      assert.equal(smtp.messages.length, before, 'no message was sent');
    } finally {
      await own.close();
    }
  });

  it('through the sign-in page’s own element: code sign-in for the app, "Create a passkey", sign-out, the autofill signs in with no message; a passkey deleted on the server is refused with its message and the code takes over', async () => {
    const dad = 'dad.element@example.com';
    const own = await browser.newContext();
    const page = await own.newPage();
    const authenticator = await addVirtualAuthenticator(own, page);
    try {
      await page.goto(`${app.origin}/login`);
      assert.match(page.url(), /\/interaction\//);
      const sent = smtp.messages.length;
      await page.getByLabel('Email address').fill(dad);
      await page.getByRole('button', { name: 'Continue' }).click();
      const message = await smtp.next(dad, sent);
      await page.getByRole('button', { name: 'Type the code from the email instead' }).click();
      await page.getByLabel('Code').fill(message.code);
      // Signed in by code: the page waits while the element offers a passkey.
      await page.bringToFront();
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

      // This device made a passkey: the page's element starts the autofill on mount, and in the field
      // (which has the focus on this page) the authenticator answers it.
      const before = smtp.messages.length;
      await page.bringToFront();
      await page.goto(`${app.origin}/login`);
      await page.waitForURL(`${app.origin}/callback?**`);
      const second = JSON.parse(await page.locator('body').innerText());
      assert.equal(second.claims.email, dad);
      assert.equal(second.claims.sub, first.claims.sub);
      assert.deepEqual(second.claims.amr, ['hwk', 'user']);
      assert.equal(smtp.messages.length, before, 'no message was sent');

      // Another device removed the passkey on the provider: a clear message, and the code still signs in.
      await page.goto(`${app.origin}/logout`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${app.origin}/bye**`);
      await provider.store.transact((data) => {
        for (const passkey of Object.values(data.rules.passkeys)) if (passkey.rpId === 'localhost') delete data.rules.passkeys[passkey.id];
      });
      await page.bringToFront();
      await page.goto(`${app.origin}/login`);
      await page.getByRole('alert').filter({ hasText: 'This passkey no longer works here. Please continue with a code.' }).waitFor();
      assert.match(page.url(), /\/interaction\//);
      const again = smtp.messages.length;
      await page.getByLabel('Email address').fill(dad);
      await page.getByRole('button', { name: 'Continue' }).click();
      const code = (await smtp.next(dad, again)).code;
      await page.getByRole('button', { name: 'Type the code from the email instead' }).click();
      await page.getByLabel('Code').fill(code);
      // This device made a passkey before: no new offer, straight back to the app.
      await page.waitForURL(`${app.origin}/callback?**`);
      const third = JSON.parse(await page.locator('body').innerText());
      assert.equal(third.claims.sub, first.claims.sub);
      assert.deepEqual(third.claims.amr, ['otp']);
    } finally {
      await own.close();
    }
  });
});
