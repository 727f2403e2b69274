// Fidelity: Appwrite's official web SDK (`appwrite` on npm, its browser build) signs in against
// `pwless-mock --dialect appwrite` in Chromium. The page (http://localhost) and the API
// (http://127.0.0.1/v1) are different sites, as an app and Appwrite Cloud are: real CORS
// preflights, and the session travels the way the SDK keeps it when third-party cookies do not
// (X-Fallback-Cookies in localStorage).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { useOfficialClientApp } from './official-client-app.mjs';

const require = createRequire(import.meta.url);
const sdkPath = require.resolve('appwrite').replace(/dist\/cjs\/.*$/, 'dist/iife/sdk.js');

describe('Appwrite web SDK against pwless-mock --dialect appwrite', () => {
  // The app: one page with the SDK's browser build, on a loopback origin (a registered platform by default).
  const running = useOfficialClientApp('appwrite', () => ({ page: '<!doctype html><title>app</title><script src="/appwrite.js"></script>', scripts: { '/appwrite.js': sdkPath } }));
  let page;

  const { lastMessageTo } = running;

  /** Runs `script` in the page with `client` and `account` of the SDK, set up for the mock's project. */
  const inPage = (script, argument) =>
    page.evaluate(
      async ({ endpoint, script, argument }) => {
        const { Client, Account } = window.Appwrite;
        const client = new Client().setEndpoint(endpoint).setProject('pwless-demo');
        const account = new Account(client);
        try {
          return { value: await new Function('client', 'account', 'argument', 'Appwrite', `return (async () => { ${script} })()`)(client, account, argument, window.Appwrite) };
        } catch (error) {
          return { error: { name: error.name, message: error.message, code: error.code, type: error.type } };
        }
      },
      { endpoint: running.mock.issuer, script, argument },
    );

  it('signs in with an email code and a security phrase, reads the account, makes a JWT and signs out', async () => {
    page = await running.browser.newPage();
    await page.goto(running.app.origin);
    const token = await inPage("return account.createEmailToken({ userId: Appwrite.ID.unique(), email: 'ada@example.com', phrase: true });");
    assert.equal(token.error, undefined, JSON.stringify(token.error));
    assert.equal(token.value.secret, '', 'the secret travels only by email');
    const message = await lastMessageTo('ada@example.com');
    assert.match(message.code, /^\d{6}$/);
    assert.equal(token.value.phrase, message.phrase, 'the phrase on screen is the one in the email');
    assert.ok(message.text.includes(message.phrase));

    const wrong = await inPage('return account.createSession({ userId: argument, secret: "000000" });', token.value.userId);
    assert.deepEqual(wrong.error, { name: 'AppwriteException', message: 'Invalid token passed in the request.', code: 401, type: 'user_invalid_token' });

    const session = await inPage('return account.createSession({ userId: argument.userId, secret: argument.code });', { userId: token.value.userId, code: message.code });
    assert.equal(session.error, undefined, JSON.stringify(session.error));
    assert.equal(session.value.userId, token.value.userId);
    assert.equal(session.value.current, true);
    assert.ok(await page.evaluate(() => localStorage.getItem('cookieFallback')), 'the SDK kept the session for a cross-site endpoint');

    const user = await inPage('return account.get();');
    assert.equal(user.value.email, 'ada@example.com');
    assert.equal(user.value.$id, token.value.userId);

    const jwt = await inPage('return account.createJWT();');
    assert.match(jwt.value.jwt, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const byJwt = await fetch(`${running.mock.issuer}/account`, { headers: { 'X-Appwrite-Project': 'pwless-demo', 'X-Appwrite-JWT': jwt.value.jwt } });
    assert.equal((await byJwt.json()).email, 'ada@example.com', "the app's server reads the account with the JWT");

    const reused = await inPage('return account.createSession({ userId: argument.userId, secret: argument.code });', { userId: token.value.userId, code: message.code });
    assert.equal(reused.error?.type, 'user_invalid_token', 'a code signs in once');

    const signedOut = await inPage("await account.deleteSession({ sessionId: 'current' }); return account.get();");
    assert.equal(signedOut.error?.code, 401);
    assert.equal(signedOut.error?.type, 'general_unauthorized_scope');
    await page.close();
  });

  it('signs in with a magic URL to a registered platform', async () => {
    page = await running.browser.newPage();
    await page.goto(running.app.origin);
    const landing = `${running.app.origin}/landing`;
    const token = await inPage("return account.createMagicURLToken({ userId: Appwrite.ID.unique(), email: 'grace@example.com', url: argument });", landing);
    assert.equal(token.error, undefined, JSON.stringify(token.error));
    const link = new URL((await lastMessageTo('grace@example.com')).link);
    assert.equal(`${link.origin}${link.pathname}`, landing);
    assert.equal(link.searchParams.get('userId'), token.value.userId);
    await page.goto(link.href);
    const user = await inPage(
      "const query = new URLSearchParams(location.search); await account.createSession({ userId: query.get('userId'), secret: query.get('secret') }); return account.get();",
    );
    assert.equal(user.value.email, 'grace@example.com');
    assert.equal(user.value.emailVerification, true, 'a magic URL verifies the address');

    const elsewhere = await inPage("return account.createMagicURLToken({ userId: Appwrite.ID.unique(), email: 'grace@example.com', url: 'https://evil.example/landing' });");
    assert.equal(elsewhere.error?.type, 'general_argument_invalid', 'a magic URL only leads to a platform of the project');
    await page.close();
  });

  it('answers past the hourly limit with 429 general_rate_limit_exceeded', async () => {
    page = await running.browser.newPage();
    await page.goto(running.app.origin);
    const result = await inPage(
      "for (let i = 0; i < 10; i++) await account.createEmailToken({ userId: Appwrite.ID.unique(), email: 'busy@example.com' }); return account.createEmailToken({ userId: Appwrite.ID.unique(), email: 'busy@example.com' });",
    );
    assert.equal(result.error?.code, 429);
    assert.equal(result.error?.type, 'general_rate_limit_exceeded');
    await page.close();
  });

  it('refuses a project it does not know', async () => {
    page = await running.browser.newPage();
    await page.goto(running.app.origin);
    const result = await inPage("client.setProject('someone-else'); return account.createEmailToken({ userId: Appwrite.ID.unique(), email: 'ada@example.com' });");
    assert.equal(result.error?.code, 404);
    assert.equal(result.error?.type, 'project_not_found');
    await page.close();
  });
});
