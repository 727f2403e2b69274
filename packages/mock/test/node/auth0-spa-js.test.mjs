// Fidelity: Auth0's official @auth0/auth0-spa-js (its browser build) finishes an embedded
// passwordless sign-in against `pwless-mock --dialect auth0` in Chromium: the app sends the code
// with POST /passwordless/start and trades it for a login ticket at POST /co/authenticate (the
// documented wire format; auth0-spa-js has no call for them), then auth0-spa-js's loginWithPopup
// takes the ticket to /authorize with PKCE and response_mode=web_message, exchanges the code,
// checks the RS256 ID token (iss, aud, nonce) and renews with a rotating refresh token in its
// worker. The page (http://localhost) and the tenant (http://127.0.0.1) are different sites.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { useOfficialClientApp } from './official-client-app.mjs';

const require = createRequire(import.meta.url);
const spaJsPath = require.resolve('@auth0/auth0-spa-js').replace(/(auth0-spa-js\/).*$/, '$1dist/auth0-spa-js.production.js');

function appPage(tenant) {
  return `<!doctype html><meta charset="utf-8"><title>app</title><script src="/auth0-spa-js.js"></script>
<button id="sign-in">Sign in</button>
<script>
  const tenant = ${JSON.stringify(tenant)};
  window.ready = auth0.createAuth0Client({
    domain: tenant,
    clientId: 'pwless-demo',
    authorizationParams: { redirect_uri: location.origin, scope: 'openid profile email' },
    useRefreshTokens: true,
    cacheLocation: 'memory',
  }).then((client) => { window.client = client; });
  const post = (path, body) => fetch(tenant + path, { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    .then(async (response) => ({ status: response.status, body: await response.json() }));
  window.sendCode = (email) => post('/passwordless/start', { client_id: 'pwless-demo', connection: 'email', email, send: 'code' });
  window.authenticate = (email, otp) => post('/co/authenticate', { client_id: 'pwless-demo', username: email, otp, realm: 'email', credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp' });
  document.querySelector('#sign-in').addEventListener('click', () => {
    window.signedIn = client.loginWithPopup({ authorizationParams: { login_ticket: window.loginTicket } })
      .then(() => 'signed in', (error) => ({ error: error.error, description: error.error_description }));
  });
</script>`;
}

describe('@auth0/auth0-spa-js against pwless-mock --dialect auth0', () => {
  const running = useOfficialClientApp('auth0', (issuer) => ({ page: appPage(issuer), scripts: { '/auth0-spa-js.js': spaJsPath } }));

  const { lastMessageTo } = running;

  it('completes the sign-in with a login ticket by web_message, verifies the ID token, renews with rotation and logs out', async () => {
    const page = await running.browser.newPage();
    await page.goto(running.app.origin);
    await page.evaluate(() => window.ready);
    const sent = await page.evaluate(() => sendCode('ada@example.com'));
    assert.equal(sent.status, 200);
    const { code } = await lastMessageTo('ada@example.com');
    const ticket = await page.evaluate((otp) => authenticate('ada@example.com', otp), code);
    assert.equal(ticket.status, 200, JSON.stringify(ticket.body));
    await page.evaluate((loginTicket) => { window.loginTicket = loginTicket; }, ticket.body.login_ticket);

    await page.click('#sign-in');
    const outcome = await page.evaluate(() => window.signedIn);
    assert.equal(outcome, 'signed in', JSON.stringify(outcome));
    const user = await page.evaluate(() => client.getUser());
    assert.equal(user.email, 'ada@example.com');
    assert.equal(user.email_verified, true);
    assert.match(user.sub, /^email\|/);
    assert.equal(await page.evaluate(() => client.isAuthenticated()), true);

    const first = await page.evaluate(() => client.getTokenSilently({ detailedResponse: true }));
    const renewed = await page.evaluate(() => client.getTokenSilently({ cacheMode: 'off', detailedResponse: true }));
    assert.notEqual(renewed.access_token, first.access_token, 'the refresh token bought a new access token');
    const again = await page.evaluate(() => client.getTokenSilently({ cacheMode: 'off', detailedResponse: true }));
    assert.notEqual(again.access_token, renewed.access_token, 'the rotated refresh token works once more');

    const profile = await page.evaluate(
      (tenant) => client.getTokenSilently().then((token) => fetch(tenant + '/userinfo', { headers: { Authorization: 'Bearer ' + token } })).then((response) => response.json()),
      running.mock.issuer,
    );
    assert.equal(profile.email, 'ada@example.com');

    const back = page.waitForURL(`${running.app.origin}/signed-out`);
    await page.evaluate((returnTo) => client.logout({ logoutParams: { returnTo } }), `${running.app.origin}/signed-out`);
    await back;
    await page.close();
  });

  it('reports the refusal of a spent login ticket through loginWithPopup', async () => {
    const page = await running.browser.newPage();
    await page.goto(running.app.origin);
    await page.evaluate(() => window.ready);
    await page.evaluate(() => sendCode('grandma@example.com'));
    const { code } = await lastMessageTo('grandma@example.com');
    const ticket = await page.evaluate((otp) => authenticate('grandma@example.com', otp), code);
    await page.evaluate((loginTicket) => { window.loginTicket = loginTicket; }, ticket.body.login_ticket);
    await page.click('#sign-in');
    assert.equal(await page.evaluate(() => window.signedIn), 'signed in');
    await page.click('#sign-in');
    const second = await page.evaluate(() => window.signedIn);
    assert.equal(second.error, 'access_denied');
    await page.close();
  });
});
