// Fidelity: Stytch's official headless client (@stytch/vanilla-js/headless, its browser build)
// signs in against `pwless-mock --dialect stytch` in Chromium, the way Stytch documents its
// frontend SDK: the bootstrap call, otps.email.loginOrCreate then otps.authenticate,
// session.authenticate to renew, session.revoke to sign out, and an email magic link with PKCE
// (magicLinks.email.loginOrCreate, then authenticateByUrl on the page the link opens). The client
// forces `customBaseUrl` to https and drops the port, so the page talks to a custom domain,
// https://stytch.pwless.test, which the browser context forwards to the mock's port.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { useOfficialClientApp } from './official-client-app.mjs';

const require = createRequire(import.meta.url);
const headlessPath = require.resolve('@stytch/vanilla-js/headless').replace(/(vanilla-js\/dist\/).*$/, '$1iife/index.headless.js');
const customDomain = 'https://stytch.pwless.test';

/** The app: every page loads the headless client for the project's public token and custom domain. */
const appPage = `<!doctype html><meta charset="utf-8"><title>app</title><script src="/stytch.js"></script>
<script>
  window.client = new stytch.StytchHeadlessClient('pwless-demo', { customBaseUrl: ${JSON.stringify(customDomain)} });
  window.attempt = (work) => work().then((result) => ({ result }), (error) => ({ error: { error_type: error.error_type, status_code: error.status_code, message: String(error.message) } }));
</script>`;

describe('@stytch/vanilla-js headless client against pwless-mock --dialect stytch', () => {
  const running = useOfficialClientApp('stytch', () => ({ page: appPage, scripts: { '/stytch.js': headlessPath } }));
  const seen = [];

  const { lastMessageTo } = running;

  async function newPage() {
    const context = await running.browser.newContext();
    // The custom domain is the mock: every request (preflights too) goes on to its port unchanged.
    await context.route(`${customDomain}/**`, async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      const response = await route.fetch({ url: `${running.mock.issuer}${url.pathname}${url.search}` });
      seen.push({ call: `${request.method()} ${url.pathname}`, status: response.status() });
      await route.fulfill({ response });
    });
    const page = await context.newPage();
    await page.goto(running.app.origin);
    return page;
  }

  it('signs in with an email OTP, renews with session.authenticate and signs out with session.revoke', async () => {
    const page = await newPage();
    const sent = await page.evaluate(() => attempt(() => client.otps.email.loginOrCreate('ada@example.com', { locale: 'es' })));
    assert.equal(sent.error, undefined, JSON.stringify(sent.error));
    assert.match(sent.result.method_id, /^email-test-/);
    assert.equal(sent.result.status_code, 200);
    assert.ok(seen.some(({ call }) => call === 'GET /sdk/v1/projects/bootstrap/pwless-demo'), 'the client asked for its bootstrap');
    const message = await lastMessageTo('ada@example.com');
    assert.equal(message.locale, 'es');
    assert.match(message.code, /^\d{6}$/);

    const wrong = message.code === '000000' ? '111111' : '000000';
    const refused = await page.evaluate(([code, methodId]) => attempt(() => client.otps.authenticate(code, methodId, { session_duration_minutes: 60 })), [wrong, sent.result.method_id]);
    assert.equal(refused.error.error_type, 'otp_code_not_found');
    assert.equal(refused.error.status_code, 404);

    const signedIn = await page.evaluate(([code, methodId]) => attempt(() => client.otps.authenticate(code, methodId, { session_duration_minutes: 60 })), [message.code, sent.result.method_id]);
    assert.equal(signedIn.error, undefined, JSON.stringify(signedIn.error));
    assert.equal(signedIn.result.user.emails[0].email, 'ada@example.com');
    assert.equal(signedIn.result.session.user_id, signedIn.result.user_id);
    assert.equal(signedIn.result.session.authentication_factors[0].type, 'otp');
    const kept = await page.evaluate(() => ({ session: client.session.getSync(), tokens: client.session.getTokens(), user: client.user.getSync() }));
    assert.equal(kept.session.session_id, signedIn.result.session.session_id);
    assert.equal(kept.tokens.session_token, signedIn.result.session_token);
    assert.equal(kept.user.user_id, signedIn.result.user_id);

    // The client authenticates with the session token it keeps in its cookie (Basic public_token:session_token).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const renewed = await page.evaluate(() => attempt(() => client.session.authenticate({ session_duration_minutes: 60 })));
    assert.equal(renewed.error, undefined, JSON.stringify(renewed.error));
    assert.equal(renewed.result.session.session_id, signedIn.result.session.session_id);
    assert.notEqual(renewed.result.session_jwt, signedIn.result.session_jwt);

    const revoked = await page.evaluate(() => attempt(() => client.session.revoke()));
    assert.equal(revoked.error, undefined, JSON.stringify(revoked.error));
    assert.equal(await page.evaluate(() => client.session.getSync()), null);
    const stale = await fetch(`${running.mock.issuer}/sdk/v1/sessions/authenticate`, {
      method: 'POST',
      headers: { Authorization: `Basic ${btoa(`pwless-demo:${signedIn.result.session_token}`)}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(stale.status, 404);
    assert.equal((await stale.json()).error_type, 'session_not_found');
    await page.context().close();
  });

  it('signs in with an email magic link and PKCE: the page the link opens authenticates it with the verifier the client kept', async () => {
    const page = await newPage();
    const sent = await page.evaluate(() =>
      attempt(() => client.magicLinks.email.loginOrCreate('lin@example.com', { login_magic_link_url: `${location.origin}/authenticate`, signup_magic_link_url: `${location.origin}/authenticate` })),
    );
    assert.equal(sent.error, undefined, JSON.stringify(sent.error));
    const { link } = await lastMessageTo('lin@example.com');
    const url = new URL(link);
    assert.equal(url.origin + url.pathname, `${running.app.origin}/authenticate`);
    assert.equal(url.searchParams.get('stytch_token_type'), 'magic_links');

    await page.goto(link);
    const signedIn = await page.evaluate(() => attempt(() => client.authenticateByUrl({ session_duration_minutes: 60 })));
    assert.equal(signedIn.error, undefined, JSON.stringify(signedIn.error));
    assert.equal(signedIn.result.handled, true);
    assert.equal(signedIn.result.data.user.emails[0].email, 'lin@example.com');
    assert.equal(signedIn.result.data.session.authentication_factors[0].type, 'magic_link');
    assert.equal(new URL(page.url()).searchParams.get('token'), null, 'the client took the token out of the address');

    // The link is spent.
    const again = await page.evaluate((token) => attempt(() => client.magicLinks.authenticate(token, { session_duration_minutes: 60 })), url.searchParams.get('token'));
    assert.equal(again.error.error_type, 'unable_to_auth_magic_link');
    await page.context().close();
  });

  it('refuses a link authenticated without the PKCE verifier (another browser) with pkce_mismatch', async () => {
    const asking = await newPage();
    await asking.evaluate(() => client.magicLinks.email.loginOrCreate('far@example.com', { login_magic_link_url: `${location.origin}/authenticate`, signup_magic_link_url: `${location.origin}/authenticate` }));
    const { link } = await lastMessageTo('far@example.com');
    const elsewhere = await newPage();
    await elsewhere.goto(link);
    const refused = await elsewhere.evaluate(() => attempt(() => client.authenticateByUrl({ session_duration_minutes: 60 })));
    assert.equal(refused.error.error_type, 'pkce_mismatch');
    await asking.context().close();
    await elsewhere.context().close();
  });

  it('answered every call the client made with a route of the variant (its telemetry batches too, when it sent them)', () => {
    const calls = new Set(seen.map(({ call }) => call));
    const sdkCalls = [
      'GET /sdk/v1/projects/bootstrap/pwless-demo',
      'POST /sdk/v1/magic_links/authenticate',
      'POST /sdk/v1/magic_links/email/login_or_create',
      'POST /sdk/v1/otps/authenticate',
      'POST /sdk/v1/otps/email/login_or_create',
      'POST /sdk/v1/sessions/authenticate',
      'POST /sdk/v1/sessions/revoke',
    ];
    for (const call of sdkCalls) assert.ok(calls.has(call), call);
    assert.deepEqual([...calls].filter((call) => !sdkCalls.includes(call) && call !== 'POST /sdk/v1/events'), []);
    assert.deepEqual(seen.filter(({ status }) => status >= 500), []);
  });
});
