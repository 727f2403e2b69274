// Fidelity in a real browser: Ory's `@ory/client-fetch` (its ES module build) runs the code login
// in Chromium against `pwless-mock --dialect kratos`. The page and Kratos are different origins on
// the same site, as Ory asks for an app and its Kratos: CORS preflights with credentials, and the
// anti-CSRF and session cookies are the browser's own. With a login_challenge the browser ends up
// on the address Kratos gives (the simulated Hydra).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { useOfficialClientApp } from './official-client-app.mjs';

const require = createRequire(import.meta.url);
const clientRoot = join(dirname(require.resolve('@ory/client-fetch')), 'esm');

/** The client's ES module build as one module for the page (its own imports leave out extensions). */
async function bundleClient() {
  const bundle = await rollup({ input: join(clientRoot, 'index.js'), plugins: [nodeResolve()], onwarn: () => {} });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return output[0].code;
}

/** The app's page: the client for Kratos at `kratosUrl`, with credentials, and `refusal(promise)` for its error answers. */
function appPage(kratosUrl) {
  return `<!doctype html><title>app</title><script type="module">
    import { Configuration, FrontendApi, ResponseError } from '/ory-client.js';
    window.frontend = new FrontendApi(new Configuration({ basePath: ${JSON.stringify(kratosUrl)}, credentials: 'include', headers: { Accept: 'application/json' } }));
    window.refusal = async (promise) => {
      try { await promise; return undefined; } catch (error) {
        if (!(error instanceof ResponseError)) throw error;
        return { status: error.response.status, body: await error.response.json() };
      }
    };
    window.ready = true;
  </script>`;
}

describe('@ory/client-fetch in Chromium against pwless-mock --dialect kratos', () => {
  const running = useOfficialClientApp('kratos', (issuer) => ({ page: appPage(issuer), scripts: { '/ory-client.js': bundleClient }, host: '127.0.0.1' }));

  const latestCode = async (to) => (await running.lastMessageTo(to))?.code;
  const csrfOf = (flow) => flow.ui.nodes.find((node) => node.attributes.name === 'csrf_token').attributes.value;

  async function openApp() {
    const page = await running.browser.newPage();
    await page.goto(running.app.origin);
    await page.waitForFunction(() => window.ready === true);
    return page;
  }

  /** Asks for a code in the page, reads it from the mock's inbox, and submits it. */
  async function signIn(page, email, flowOptions = {}) {
    const flow = await page.evaluate((options) => window.frontend.createBrowserLoginFlow(options), flowOptions);
    const sent = await page.evaluate(({ id, csrf, email }) => window.refusal(window.frontend.updateLoginFlow({ flow: id, updateLoginFlowBody: { method: 'code', identifier: email, csrf_token: csrf } })), { id: flow.id, csrf: csrfOf(flow), email });
    assert.equal(sent.status, 400);
    assert.deepEqual(sent.body.ui.messages.map((message) => message.id), [1010014]);
    const code = await latestCode(email);
    return page.evaluate(async ({ id, csrf, email, code }) => {
      const update = window.frontend.updateLoginFlow({ flow: id, updateLoginFlowBody: { method: 'code', code, identifier: email, csrf_token: csrf } });
      const refused = await window.refusal(update.then((value) => { window.signedIn = value; }));
      return refused ?? { status: 200, body: window.signedIn };
    }, { id: flow.id, csrf: csrfOf(sent.body), email, code });
  }

  it('signs in with a code, with the browser carrying the anti-CSRF and session cookies', async () => {
    const page = await openApp();
    const done = await signIn(page, 'parent@example.com');
    assert.equal(done.status, 200);
    assert.equal(done.body.session.identity.traits.email, 'parent@example.com');
    const session = await page.evaluate(() => window.frontend.toSession());
    assert.equal(session.identity.id, 'demo-parent');
    const cookies = await page.context().cookies(running.mock.issuer);
    assert.ok(cookies.some((cookie) => cookie.name === 'ory_kratos_session' && cookie.httpOnly), 'the session cookie is HttpOnly');
    await page.evaluate(async () => {
      const { logout_token: token } = await window.frontend.createBrowserLogoutFlow();
      await window.frontend.updateLogoutFlow({ token });
    });
    const after = await page.evaluate(() => window.refusal(window.frontend.toSession()));
    assert.equal(after.body.error.id, 'session_inactive');
    await page.close();
  });

  it('with a login_challenge, sends the browser on to the address Kratos gives', async () => {
    const page = await openApp();
    const done = await signIn(page, 'grandma@example.com', { loginChallenge: 'hydra-challenge-1' });
    assert.equal(done.status, 422);
    assert.equal(done.body.error.id, 'browser_location_change_required');
    await Promise.all([page.waitForURL(`${running.mock.issuer}/oauth2/auth?**`), page.evaluate((to) => window.location.assign(to), done.body.redirect_browser_to)]);
    assert.match(await page.textContent('main'), /accepted the login of demo-grandma for the challenge hydra-challenge-1/);
    await page.close();
  });
});
