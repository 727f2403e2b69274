// The provider as people run it: started from its command with a config file on a fresh data
// directory, mail through a real SMTP server, apps signing in with openid-client (the library
// Immich uses), the sign-in page driven in Chromium. Single sign-on, sign-out, magic links from
// another device, native sign-in of a first-party page, and a restart that forgets nothing.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from '../../../e2e/browser.mjs';
import { skewClock } from '../../../e2e/skewed-clock.mjs';
import { freePort, run, startFirstPartySite, startProviderProcess, startRelyingParty, startSmtp, writeConfig } from './harness.mjs';

const email = 'mum@example.com';
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('@pwless/provider end to end', () => {
  let smtp, provider, immich, grafana, site, browser, config, issuer;

  before(async () => {
    smtp = await startSmtp();
    const [providerPort, immichPort, grafanaPort, sitePort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    issuer = `http://127.0.0.1:${providerPort}`;
    config = await writeConfig({
      issuer,
      port: providerPort,
      dataDir: './data',
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Family photos <photos@example.com>' },
      signups: false,
      clients: [
        { client_id: 'immich', client_name: 'Immich', client_secret: 'immich-secret-0123456789', token_endpoint_auth_method: 'client_secret_post', redirect_uris: [`http://127.0.0.1:${immichPort}/callback`, 'app.immich:///oauth-callback'], post_logout_redirect_uris: [`http://127.0.0.1:${immichPort}/bye`] },
        { client_id: 'grafana', client_secret: 'grafana-secret-0123456789', redirect_uris: [`http://127.0.0.1:${grafanaPort}/callback`], post_logout_redirect_uris: [`http://127.0.0.1:${grafanaPort}/bye`] },
        { client_id: 'family-site', redirect_uris: [`http://127.0.0.1:${sitePort}/`], origins: [`http://127.0.0.1:${sitePort}`] },
      ],
    });
    const added = await run(['users', 'add', email, '--config', config.file, '--name', 'Mum', '--claim', 'immich_role=admin', '--claim', 'immich_quota=50']);
    assert.equal(added.code, 0, added.stderr);
    provider = await startProviderProcess(config.file);
    immich = await startRelyingParty({ issuer, clientId: 'immich', clientSecret: 'immich-secret-0123456789', authMethod: 'client_secret_post', port: immichPort });
    grafana = await startRelyingParty({ issuer, clientId: 'grafana', clientSecret: 'grafana-secret-0123456789', authMethod: 'client_secret_basic', port: grafanaPort });
    site = await startFirstPartySite({ port: sitePort, issuer, clientId: 'family-site', dpop: true });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await provider?.stop();
    await Promise.all([smtp?.close(), immich?.close(), grafana?.close(), site?.close()]);
  });

  let laptop;

  /** A code sign-in on the first-party page, its element talking to the provider natively. */
  async function signInOnSite(page) {
    await page.goto(`${site.origin}/`);
    const before = smtp.messages.length;
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    const message = await smtp.next(email, before);
    await page.getByLabel('Code').fill(message.code);
    await page.getByText(`Signed in as ${email}`).waitFor();
  }

  it('prints its issuer and answers /healthz', async () => {
    assert.equal(provider.issuer, issuer);
    const health = await fetch(`${issuer}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
  });

  it('signs Mum in to the app with the code from her email; the app checks the RS256 ID token', async () => {
    laptop = await browser.newContext();
    const page = await laptop.newPage();
    await page.goto(`${immich.origin}/login`);
    assert.match(page.url(), /\/interaction\//);
    assert.equal(await page.locator('input[type=password]').count(), 0);
    const before = smtp.messages.length;
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    const message = await smtp.next(email, before);
    assert.match(message.code, /^\d{6}$/);
    assert.ok(message.link, 'the email carries a link as well');
    await page.getByRole('button', { name: 'Type the code from the email instead' }).click();
    await page.getByLabel('Code').fill(message.code);
    await page.waitForURL(`${immich.origin}/callback?**`);
    const result = JSON.parse(await page.locator('body').innerText());
    assert.equal(result.alg, 'RS256');
    assert.equal(result.claims.iss, issuer);
    assert.equal(result.claims.email, email);
    assert.equal(result.claims.email_verified, true);
    assert.equal(result.claims.immich_role, 'admin');
    assert.equal(result.userinfo.immich_quota, 50);
    assert.equal(result.userinfo.name, 'Mum');
  });

  it('shows its page in the person’s language, dark, at 320 px, axe-clean, under a strict CSP', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, colorScheme: 'dark', locale: 'de-DE', bypassCSP: true });
    const page = await context.newPage();
    const response = await page.goto(`${immich.origin}/login`, { waitUntil: 'load' });
    assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'none'; script-src 'self'/);
    await page.getByLabel('E-Mail-Adresse').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), 'light dark');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'nothing scrolls sideways at 320 px');
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((violation) => violation.id));
    assert.deepEqual(violations, []);
    // The app's ui_locales comes before the browser's languages, and Arabic reads right to left.
    await page.goto(`${immich.origin}/login?ui_locales=ar`);
    await page.locator('pwless-login').waitFor();
    assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir, document.querySelector('pwless-login').lang]), ['ar', 'rtl', 'ar']);
    await context.close();
  });

  it('signs her in to a second app without a new code (single sign-on)', async () => {
    const page = await laptop.newPage();
    const before = smtp.messages.length;
    await page.goto(`${grafana.origin}/login`);
    await page.waitForURL(`${grafana.origin}/callback?**`);
    const result = JSON.parse(await page.locator('body').innerText());
    assert.equal(result.claims.email, email);
    assert.equal(smtp.messages.length, before, 'no message was sent');
    await page.close();
  });

  it('keeps users, keys and the single sign-on session across a restart', async () => {
    const keysBefore = await (await fetch(`${issuer}/jwks`)).json();
    assert.equal(await provider.stop(), 0);
    provider = await startProviderProcess(config.file);
    assert.deepEqual(await (await fetch(`${issuer}/jwks`)).json(), keysBefore);
    const page = await laptop.newPage();
    await page.goto(`${grafana.origin}/login`);
    await page.waitForURL(`${grafana.origin}/callback?**`);
    assert.equal(JSON.parse(await page.locator('body').innerText()).claims.email, email);
    await page.close();
  });

  it('signs out of every app at once (RP-initiated logout)', async () => {
    const page = await laptop.newPage();
    await page.goto(`${immich.origin}/logout`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${immich.origin}/bye**`);
    await page.goto(`${grafana.origin}/login`);
    assert.match(page.url(), /\/interaction\//, 'the second app needs a new sign-in');
    await page.close();
  });

  it('signs in with the link opened on another device; the waiting page finishes', async () => {
    const page = await laptop.newPage();
    await page.goto(`${grafana.origin}/login`);
    const before = smtp.messages.length;
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    const message = await smtp.next(email, before);
    const phone = await browser.newContext();
    const landing = await phone.newPage();
    await landing.goto(message.link);
    await landing.getByRole('button', { name: 'Confirm sign-in' }).click();
    await landing.getByText('Done.').waitFor();
    await page.waitForURL(`${grafana.origin}/callback?**`, { timeout: 20_000 });
    assert.equal(JSON.parse(await page.locator('body').innerText()).claims.email, email);
    await phone.close();
    await page.close();
  });

  it('sends form_post answers under a strict policy that allows only their own inline script', async () => {
    const target = new URL(`${issuer}/auth`);
    const { createHash, randomBytes } = await import('node:crypto');
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    for (const [name, value] of Object.entries({ client_id: 'grafana', response_type: 'code', scope: 'openid', redirect_uri: `${grafana.origin}/callback`, response_mode: 'form_post', code_challenge: challenge, code_challenge_method: 'S256', state: 's' })) target.searchParams.set(name, value);
    const response = await laptop.request.get(target.href, { maxRedirects: 0 });
    assert.equal(response.status(), 200);
    assert.match(await response.text(), /<form method="post" action="http:\/\/127\.0\.0\.1:\d+\/callback"/);
    assert.match(response.headers()['content-security-policy'], /^default-src 'none'; ?script-src 'self' 'sha256-[^']+'/);
  });

  it('signs in natively on a registered first-party page with the CDN bundle; the SDK refreshes and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInOnSite(page);
    assert.equal(page.url(), `${site.origin}/`, 'the page never left');
    assert.equal((await page.evaluate(() => window.pwlessClient.session.tokenType)).toLowerCase(), 'dpop', 'the tokens are bound to the page’s DPoP key');
    const refreshed = await page.evaluate(async () => {
      const first = window.pwlessClient.session.accessToken;
      const second = await window.pwlessClient.getAccessToken({ forceRefresh: true });
      return first !== second && typeof second === 'string';
    });
    assert.ok(refreshed, 'a new access token after refresh');

    assert.equal(await provider.stop(), 0);
    provider = await startProviderProcess(config.file);
    const afterRestart = await page.evaluate(async () => typeof (await window.pwlessClient.getAccessToken({ forceRefresh: true })) === 'string');
    assert.ok(afterRestart, 'the refresh token still works after a restart');

    const storeFile = join(config.dir, 'data', 'pwless-provider.json');
    const refreshTokens = async () => Object.values(JSON.parse(await readFile(storeFile, 'utf8')).oidc.RefreshToken ?? {}).filter((entry) => entry.payload.clientId === 'family-site' && !entry.payload.consumed).length;
    assert.equal(await refreshTokens(), 1);
    await page.evaluate(() => window.pwlessClient.signOut());
    assert.equal(await refreshTokens(), 0, 'sign-out revoked the refresh token');
    await context.close();
  });

  it('signs in natively with DPoP on a device whose clock is 5 minutes behind: the challenge and token endpoints ask for a DPoP nonce instead of refusing the proofs', async () => {
    const context = await browser.newContext();
    await context.addInitScript(skewClock, -300_000);
    const nonceAnswers = [];
    context.on('response', (response) => {
      if (response.headers()['dpop-nonce'] && response.status() >= 400) nonceAnswers.push(new URL(response.url()).pathname);
    });
    const page = await context.newPage();
    await signInOnSite(page);
    assert.equal((await page.evaluate(() => window.pwlessClient.session.tokenType)).toLowerCase(), 'dpop');
    assert.ok(await page.evaluate(async () => typeof (await window.pwlessClient.getAccessToken({ forceRefresh: true })) === 'string'), 'a refresh goes through');
    // The pwless challenge endpoint (our rules) and oidc-provider's token endpoint each asked once.
    assert.ok(nonceAnswers.includes('/challenge') && nonceAnswers.includes('/token'), `use_dpop_nonce answers: ${nonceAnswers.join(', ')}`);
    await page.evaluate(() => window.pwlessClient.signOut());
    await context.close();
  });
});
