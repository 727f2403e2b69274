// Fidelity: Auth0's official auth0-js (its browser build) signs in against
// `pwless-mock --dialect auth0` in Chromium, the way Auth0 documents passwordless for a
// single-page app: webAuth.passwordlessStart, then webAuth.passwordlessLogin (cross-origin
// authentication: POST /co/authenticate with credentials, then the browser goes to /authorize with
// the login ticket and comes back to the callback with ?code=&state=), then the code exchange with
// the PKCE verifier through webAuth.client.oauthToken, /userinfo and a refresh. The page
// (http://localhost) and the tenant (http://127.0.0.1) are different sites, as an app and Auth0 are.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { useOfficialClientApp } from './official-client-app.mjs';

const require = createRequire(import.meta.url);
const auth0JsPath = require.resolve('auth0-js').replace(/(auth0-js\/).*$/, '$1dist/auth0.min.js');

/**
 * The app: a page with auth0-js at `/` and its callback at `/callback`. `window.webAuth` is
 * configured for the tenant; PKCE values are made in the page with Web Crypto and kept in
 * sessionStorage across the navigation, as an app would.
 */
function appPage(tenant) {
  return `<!doctype html><meta charset="utf-8"><title>app</title><script src="/auth0.js"></script>
<script>
  window.webAuth = new auth0.WebAuth({
    domain: ${JSON.stringify(tenant)},
    clientID: 'pwless-demo',
    redirectUri: location.origin + '/callback',
    responseType: 'code',
    scope: 'openid profile email offline_access',
  });
  window.call = (method, options) => new Promise((resolve) => method(options, (error, result) => resolve(error ? { error } : { result })));
  window.base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  window.pkce = async () => {
    const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    sessionStorage.setItem('verifier', verifier);
    return { verifier, challenge };
  };
</script>`;
}

describe('auth0-js against pwless-mock --dialect auth0', () => {
  const running = useOfficialClientApp('auth0', (issuer) => ({ page: appPage(issuer), scripts: { '/auth0.js': auth0JsPath } }));

  const { lastMessageTo } = running;

  it('signs in with an email code: passwordlessStart, passwordlessLogin, code exchange with PKCE, userinfo, refresh', async () => {
    const page = await running.browser.newPage();
    await page.goto(running.app.origin);
    const started = await page.evaluate(() =>
      call(webAuth.passwordlessStart.bind(webAuth), { connection: 'email', send: 'code', email: 'ada@example.com', xRequestLanguage: 'fr' }),
    );
    assert.equal(started.error, undefined, JSON.stringify(started.error));
    assert.equal(started.result.email, 'ada@example.com');
    const message = await lastMessageTo('ada@example.com');
    assert.equal(message.locale, 'fr', 'x-request-language chose the template');
    assert.match(message.code, /^\d{6}$/);

    const wrong = message.code === '000000' ? '111111' : '000000';
    const refused = await page.evaluate(
      (code) => call(webAuth.passwordlessLogin.bind(webAuth), { connection: 'email', email: 'ada@example.com', verificationCode: code }),
      wrong,
    );
    assert.equal(refused.error.error, 'access_denied');
    assert.equal(refused.error.error_description, 'Wrong email or verification code.');

    // A right code: auth0-js posts /co/authenticate, then sends the browser to /authorize.
    const arrived = page.waitForURL(/\/callback\?/);
    await page.evaluate(async (code) => {
      const { challenge } = await pkce();
      webAuth.passwordlessLogin(
        { connection: 'email', email: 'ada@example.com', verificationCode: code, state: 'app-state-1', nonce: 'app-nonce-1', codeChallenge: challenge, codeChallengeMethod: 'S256' },
        (error) => { window.loginError = error; },
      );
    }, message.code);
    await arrived;
    const callback = new URL(page.url());
    assert.equal(callback.searchParams.get('state'), 'app-state-1');
    assert.ok(callback.searchParams.get('code'));

    const exchanged = await page.evaluate(() => {
      const code = new URL(location.href).searchParams.get('code');
      return call(webAuth.client.oauthToken.bind(webAuth.client), {
        grantType: 'authorization_code',
        code,
        codeVerifier: sessionStorage.getItem('verifier'),
        redirectUri: location.origin + '/callback',
      });
    });
    assert.equal(exchanged.error, undefined, JSON.stringify(exchanged.error));
    const tokens = exchanged.result;
    assert.equal(tokens.tokenType, 'Bearer');
    assert.ok(tokens.refreshToken, 'offline_access gave a refresh token');
    const jwks = await (await fetch(`${running.mock.issuer}/.well-known/jwks.json`)).json();
    const { payload, protectedHeader } = await jwtVerify(tokens.idToken, createLocalJWKSet(jwks), { issuer: `${running.mock.issuer}/`, audience: 'pwless-demo' });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.nonce, 'app-nonce-1');
    assert.equal(payload.email, 'ada@example.com');
    assert.equal(payload.email_verified, true);

    const profile = await page.evaluate((accessToken) => call(webAuth.client.userInfo.bind(webAuth.client), accessToken), tokens.accessToken);
    assert.equal(profile.error, undefined, JSON.stringify(profile.error));
    assert.equal(profile.result.email, 'ada@example.com');
    assert.equal(profile.result.sub, payload.sub);

    const renew = (refreshToken) => page.evaluate((token) => call(webAuth.client.oauthToken.bind(webAuth.client), { grantType: 'refresh_token', refreshToken: token }), refreshToken);
    const renewed = await renew(tokens.refreshToken);
    assert.equal(renewed.error, undefined, JSON.stringify(renewed.error));
    assert.notEqual(renewed.result.refreshToken, tokens.refreshToken, 'the refresh token rotated');
    const reused = await renew(tokens.refreshToken);
    assert.equal(reused.error.code, 'invalid_grant');
    assert.equal(reused.error.description, 'Unknown or invalid refresh token.');
    await page.close();
  });

  it('meets Auth0 errors through auth0-js: bad.email, too many attempts, the refused OTP grant', async () => {
    const page = await running.browser.newPage();
    await page.goto(running.app.origin);
    const badEmail = await page.evaluate(() => call(webAuth.passwordlessStart.bind(webAuth), { connection: 'email', send: 'code', email: 'not-an-email' }));
    assert.equal(badEmail.error.code, 'bad.email');

    await page.evaluate(() => call(webAuth.passwordlessStart.bind(webAuth), { connection: 'email', send: 'code', email: 'grandma@example.com' }));
    const { code } = await lastMessageTo('grandma@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    const tries = [];
    for (let index = 0; index < 3; index++) {
      tries.push(await page.evaluate((otp) => call(webAuth.passwordlessLogin.bind(webAuth), { connection: 'email', email: 'grandma@example.com', verificationCode: otp }), wrong));
    }
    assert.deepEqual(tries.map((attempt) => attempt.error.error_description), [
      'Wrong email or verification code.',
      'Wrong email or verification code.',
      "You've reached the maximum number of attempts. Please try to login again.",
    ]);

    await page.evaluate(() => call(webAuth.passwordlessStart.bind(webAuth), { connection: 'email', send: 'code', email: 'grandma@example.com' }));
    const fresh = await lastMessageTo('grandma@example.com');
    const otpGrant = await page.evaluate(
      (otp) => call(webAuth.client.oauthToken.bind(webAuth.client), { grantType: 'http://auth0.com/oauth/grant-type/passwordless/otp', username: 'grandma@example.com', otp, realm: 'email' }),
      fresh.code,
    );
    assert.equal(otpGrant.error.code, 'unauthorized_client');
    assert.equal(otpGrant.error.description, "Grant type 'http://auth0.com/oauth/grant-type/passwordless/otp' not allowed for the client.");
    await page.close();
  });

  it('follows a magic link sent with passwordlessStart (send: link) back to the app with a code', async () => {
    const page = await running.browser.newPage();
    await page.goto(running.app.origin);
    const started = await page.evaluate(async () => {
      const { challenge } = await pkce();
      return call(webAuth.passwordlessStart.bind(webAuth), {
        connection: 'email',
        send: 'link',
        email: 'parent@example.com',
        authParams: { state: 'link-state', nonce: 'link-nonce', code_challenge: challenge, code_challenge_method: 'S256' },
      });
    });
    assert.equal(started.error, undefined, JSON.stringify(started.error));
    const { link } = await lastMessageTo('parent@example.com');
    assert.match(link, /\/passwordless\/verify_redirect\?/);
    await page.goto(link);
    await page.waitForURL(/\/callback\?/);
    const callback = new URL(page.url());
    assert.equal(callback.searchParams.get('state'), 'link-state');
    const exchanged = await page.evaluate(() =>
      call(webAuth.client.oauthToken.bind(webAuth.client), {
        grantType: 'authorization_code',
        code: new URL(location.href).searchParams.get('code'),
        codeVerifier: sessionStorage.getItem('verifier'),
        redirectUri: location.origin + '/callback',
      }),
    );
    assert.equal(exchanged.error, undefined, JSON.stringify(exchanged.error));
    assert.ok(exchanged.result.idToken);
    assert.equal(exchanged.result.refreshToken, undefined, 'magic-link sign-ins get no refresh token');
    await page.close();
  });
});
