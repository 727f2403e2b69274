// Redirect mode against a real, independent OpenID provider (oidc-provider) on 127.0.0.1: the SDK,
// bundled as an app would ship it, sends Chromium to the provider's login page and handles the
// way back, with state, iss (RFC 9207), PKCE and the ID token's nonce checked.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import { launchChromium } from './browser.mjs';
import { bundleSdk } from './sdk-bundle.mjs';

// oidc-provider announces its development defaults on the console; they are expected here.
for (const method of ['log', 'info', 'warn']) {
  const original = console[method];
  console[method] = (...args) => (String(args[0]).includes('oidc-provider') ? undefined : original(...args));
}

function listen(server, host) {
  return new Promise((resolve) => server.listen(0, host, () => resolve(server.address().port)));
}

function appPage(issuer) {
  return `<!doctype html><meta charset="utf-8"><title>app</title>
<script type="module">
  import { createClient } from '/sdk.js';
  const client = createClient({ issuer: ${JSON.stringify(issuer)}, clientId: 'spa', scope: 'openid email',
    redirectUri: location.origin + '/callback' });
  window.signIn = () => client.signInWithRedirect({ loginHint: 'ada@example.com' });
  // mode 'auto' (the default): this provider has no challenge endpoint, so start() redirects.
  window.start = () => client.start({ email: 'ada@example.com' });
  window.replay = (url) => client.handleRedirectCallback(url).then(() => 'signed in', (error) => error.code);
  // A test that wants to alter the callback first asks the page to leave it alone once.
  if (location.pathname === '/callback' && sessionStorage.getItem('hold')) sessionStorage.removeItem('hold');
  else if (location.pathname === '/callback') {
    window.result = client.handleRedirectCallback(location.href).then(
      (session) => ({ session }),
      (error) => ({ code: error.code, message: error.message }));
  }
</script>`;
}

describe('redirect mode against oidc-provider', () => {
  let providerServer;
  let appServer;
  let browser;
  let issuer;
  let appOrigin;

  before(async () => {
    providerServer = createServer();
    const providerPort = await listen(providerServer, '127.0.0.1');
    issuer = `http://127.0.0.1:${providerPort}`;
    appServer = createServer();
    const appPort = await listen(appServer, '127.0.0.1');
    appOrigin = `http://localhost:${appPort}`;

    // Imported after the console filter above: it warns about the Node.js version on import.
    const { default: Provider } = await import('oidc-provider');
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const provider = new Provider(issuer, {
      clients: [{
        client_id: 'spa',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${appOrigin}/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      }],
      jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test' }] },
      cookies: { keys: ['a-test-cookie-key'] },
      findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, email: id, email_verified: true }) }),
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      clientBasedCORS: () => true,
      features: { devInteractions: { enabled: true } },
    });
    provider.on('server_error', () => {});
    providerServer.on('request', provider.callback());

    const sdk = await bundleSdk();
    appServer.on('request', (request, response) => {
      const { pathname } = new URL(request.url, appOrigin);
      if (pathname === '/sdk.js') {
        response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(sdk);
      } else {
        response.writeHead(200, { 'Content-Type': 'text/html' }).end(appPage(issuer));
      }
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    providerServer?.closeAllConnections();
    providerServer?.close();
    appServer?.closeAllConnections();
    appServer?.close();
  });

  it('in auto mode, start() goes through the provider login page and back, and validates the ID token', async () => {
    const page = await browser.newPage();
    await page.route(/fonts\.googleapis\.com/, (route) => route.abort());
    await page.goto(`${appOrigin}/`);
    void page.evaluate(() => window.start()).catch(() => undefined);
    await page.waitForURL(/127\.0\.0\.1/);
    const login = page.locator('input[name="login"]');
    assert.equal(await login.inputValue(), 'ada@example.com', 'the login_hint reaches the login page');
    await page.fill('input[name="password"]', 'anything');
    await page.click('button[type="submit"]');
    await page.waitForSelector('button:has-text("Continue")');
    // Read from the request: once handled, the page removes the parameters from its address bar.
    const callbackRequest = page.waitForRequest((request) => request.url().startsWith(`${appOrigin}/callback`));
    await page.click('button:has-text("Continue")');
    const callbackUrl = (await callbackRequest).url();
    assert.match(callbackUrl, /[?&]iss=/, 'the provider sends iss (RFC 9207)');
    await page.waitForFunction(() => window.result !== undefined);
    const result = await page.evaluate(() => window.result);
    assert.equal(result.code, undefined, result.message);
    assert.equal(result.session.user.sub, 'ada@example.com');
    assert.equal(result.session.claims.iss, issuer);
    assert.equal(result.session.claims.aud, 'spa');
    assert.equal(typeof result.session.claims.nonce, 'string');
    assert.equal(await page.evaluate((url) => window.replay(url), callbackUrl), 'state_mismatch', 'a callback is handled once');
    assert.equal(page.url(), `${appOrigin}/callback`, 'the address bar no longer carries the code');
    await page.close();
  });

  it('refuses a callback whose iss is another issuer', async () => {
    const page = await browser.newPage();
    await page.route(/fonts\.googleapis\.com/, (route) => route.abort());
    await page.goto(`${appOrigin}/`);
    await page.evaluate(() => sessionStorage.setItem('hold', '1'));
    await page.evaluate(() => window.signIn());
    await page.waitForURL(/127\.0\.0\.1/);
    await page.fill('input[name="password"]', 'anything');
    await page.click('button[type="submit"]');
    await page.waitForSelector('button:has-text("Continue")');
    await page.click('button:has-text("Continue")');
    await page.waitForURL(`${appOrigin}/callback**`);
    const forged = new URL(page.url());
    forged.searchParams.set('iss', 'https://evil.example');
    await page.goto(forged.href);
    const result = await page.evaluate(() => window.result);
    assert.equal(result.code, 'invalid_response');
    assert.match(result.message, /iss/);
    await page.close();
  });
});
