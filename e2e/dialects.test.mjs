// The same <pwless-login> markup, with only `dialect`, `issuer` and `client-id` changed, signs in
// against each vendor's mock variant served by the real `pwless-mock --dialect NAME` command: an
// email code for Appwrite, Ory Kratos, Auth0, Supabase and Stytch, a magic link for Appwrite, Auth0, Supabase and Stytch, and Kratos
// behind (simulated) Ory Hydra with a `login_challenge`, ending on the address Kratos gives. The
// page and the mock are both on 127.0.0.1 (different ports): one site, as an app and its own
// Kratos or Appwrite domain are, so the vendors' session cookies travel with `credentials: 'include'`.
// Firebase sends links only: the page that asked signs in when the link is opened in the same
// browser, and a link opened in a second browser context asks for the address again.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser.mjs';
import { collectPageErrors } from './page-errors.mjs';

const command = fileURLToPath(new URL('../packages/mock/bin/pwless-mock.js', import.meta.url));
const dist = new URL('../packages/login/dist/', import.meta.url);

/** Starts `pwless-mock --dialect NAME` on a free port; resolves with the base URL it prints. */
async function startMock(dialect) {
  const child = spawn(process.execPath, [command, '--dialect', dialect, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  const baseUrl = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /issuer (http:\/\/127\.0\.0\.1:\d+\S*)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`pwless-mock --dialect ${dialect} exited with ${code}`)));
  });
  return {
    baseUrl,
    async inbox(to) {
      const messages = await (await fetch(`${baseUrl}/_mock/inbox`)).json();
      return messages.filter((message) => message.to === to).at(-1);
    },
    async close() {
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}

/** The one markup every backend gets; only the three attributes differ. */
function page({ dialect, issuer, clientId, delivery }) {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${dialect}</title>
<script type="module" src="/pwless-login.min.js"></script>
<pwless-login dialect="${dialect}" issuer="${issuer}"${clientId ? ` client-id="${clientId}"` : ''}${delivery ? ` delivery="${delivery}"` : ''}></pwless-login></html>`;
}

/** The app: the CDN bundle and its chunks, and a page per backend (`/NAME.html`, `/NAME-link.html`). */
async function startApp(pages) {
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url, 'http://app');
    if (pages[pathname]) return response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(pages[pathname]);
    if (/^\/pwless-login(-[\w-]+)?\.min\.js$/.test(pathname)) {
      try {
        return response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(await readFile(new URL(pathname.slice(1), dist)));
      } catch {
        // falls through to 404
      }
    }
    response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

const signedIn = (page) => page.waitForFunction(() => document.querySelector('pwless-login')?.matches(':state(signed-in)'), null, { timeout: 20_000 });

async function typeEmail(page, email) {
  await page.locator('pwless-login #identifier').fill(email);
  await page.locator('pwless-login #identifier').press('Enter');
}

describe('the same markup against each vendor\'s mock (pwless-mock --dialect)', () => {
  const mocks = {};
  let app;
  let browser;
  const pages = {};

  before(async () => {
    for (const dialect of ['appwrite', 'kratos', 'auth0', 'supabase', 'stytch', 'firebase']) mocks[dialect] = await startMock(dialect);
    const clientIds = { appwrite: 'pwless-demo', kratos: undefined, auth0: 'pwless-demo', supabase: 'pwless-demo', stytch: 'pwless-demo', firebase: 'pwless-demo' };
    // Firebase's issuer is the Identity Toolkit base, which the mock serves under its own (as the Auth emulator does).
    const issuers = { firebase: `${mocks.firebase.baseUrl}/identitytoolkit.googleapis.com` };
    for (const dialect of Object.keys(mocks)) {
      pages[`/${dialect}.html`] = page({ dialect, issuer: issuers[dialect] ?? mocks[dialect].baseUrl, clientId: clientIds[dialect] });
      pages[`/${dialect}-link.html`] = page({ dialect, issuer: issuers[dialect] ?? mocks[dialect].baseUrl, clientId: clientIds[dialect], delivery: 'link' });
    }
    app = await startApp(pages);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    for (const mock of Object.values(mocks)) await mock.close();
  });

  for (const dialect of ['appwrite', 'kratos', 'auth0', 'supabase', 'stytch']) {
    it(`${dialect}: an email code signs in, after a wrong code shown in our words`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      try {
        await page.goto(`${app.origin}/${dialect}.html`);
        const email = `code-${dialect}@example.com`;
        await typeEmail(page, email);
        await page.locator('pwless-login #code').waitFor();
        const { code } = await mocks[dialect].inbox(email);
        await page.locator('pwless-login #code').fill(code === '000000' ? '111111' : '000000');
        await page.locator('pwless-login [part~="error"]').filter({ hasText: /That code is not right/ }).waitFor();
        await page.locator('pwless-login #code').fill(code);
        await signedIn(page);
        const text = await page.locator('pwless-login [part~="signed-in-text"]').textContent();
        assert.match(text, new RegExp(email));
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }

  it('auth0: three wrong codes end the sign-in with our "too many" words, against the real /co/authenticate', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${app.origin}/auth0.html`);
      const email = 'tries-auth0@example.com';
      await typeEmail(page, email);
      await page.locator('pwless-login #code').waitFor();
      const { code } = await mocks.auth0.inbox(email);
      const wrong = code === '000000' ? '111111' : '000000';
      await page.locator('pwless-login #code').fill(wrong);
      await page.locator('pwless-login [part~="error"]').filter({ hasText: 'That code is not right. 2 tries left.' }).waitFor();
      await page.locator('pwless-login #code').fill(wrong);
      await page.locator('pwless-login [part~="error"]').filter({ hasText: 'That code is not right. 1 try left.' }).waitFor();
      await page.locator('pwless-login #code').fill(wrong);
      await page.locator('pwless-login [part~="error"]').filter({ hasText: 'Too many wrong codes. Please start again.' }).waitFor();
      assert.equal(await page.locator('pwless-login #identifier').inputValue(), email);
    } finally {
      await context.close();
    }
  });

  for (const dialect of ['appwrite', 'auth0', 'supabase', 'stytch', 'firebase']) {
    it(`${dialect}: a magic link opened in another tab signs that tab and the waiting one in`, async () => {
      const context = await browser.newContext();
      try {
        const waiting = await context.newPage();
        await waiting.goto(`${app.origin}/${dialect}-link.html`);
        const email = `link-${dialect}@example.com`;
        await typeEmail(waiting, email);
        await waiting.locator('pwless-login [part~="link-sent"]').waitFor();
        const { link } = await mocks[dialect].inbox(email);
        assert.ok(link, 'the email carries a link');
        const landing = await context.newPage();
        await landing.goto(link);
        // Appwrite's magic URL, Supabase's link (back with its ?code=), Stytch's magic link and Firebase's email link open our
        // landing page, which asks for a click; Auth0's link is spent by Auth0 and comes back signed in. This browser remembers
        // Firebase's address: no field asks for it.
        if (dialect !== 'auth0') await landing.locator('pwless-login [part~="confirm-button"]').click();
        if (dialect === 'firebase') assert.equal(await landing.locator('pwless-login #identifier').count(), 0);
        await signedIn(landing);
        await signedIn(waiting);
        assert.match(await waiting.locator('pwless-login [part~="signed-in-text"]').textContent(), new RegExp(email));
        assert.doesNotMatch(landing.url(), /secret=|code=|oobCode=/i);
      } finally {
        await context.close();
      }
    });
  }

  it('kratos behind Hydra: with a login_challenge the element signs in and the browser goes on to the address Kratos gives', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${app.origin}/kratos.html?login_challenge=challenge-123`);
      const email = 'hydra@example.com';
      await typeEmail(page, email);
      await page.locator('pwless-login #code').waitFor();
      const { code } = await mocks.kratos.inbox(email);
      await Promise.all([page.waitForURL(/\/oauth2\/auth\?login_verifier=/), page.locator('pwless-login #code').fill(code)]);
      assert.ok(page.url().startsWith(`${mocks.kratos.baseUrl}/oauth2/auth?login_verifier=`));
      assert.match(await page.textContent('body'), /challenge-123/);
    } finally {
      await context.close();
    }
  });

  it('firebase: the markup without delivery="link" still offers only the link; opened in a second browser context, the link asks for the address, says so when it is the wrong one, and signs in with the right one', async () => {
    const asking = await browser.newContext();
    const other = await browser.newContext();
    try {
      const waiting = await asking.newPage();
      await waiting.goto(`${app.origin}/firebase.html`);
      const email = 'elsewhere-firebase@example.com';
      await typeEmail(waiting, email);
      await waiting.locator('pwless-login [part~="link-sent"]').waitFor();
      assert.equal(await waiting.locator('pwless-login #code').count(), 0, 'Firebase sends no code to type');
      const { link } = await mocks.firebase.inbox(email);
      const landing = await other.newPage();
      const errors = collectPageErrors(landing);
      await landing.goto(link);
      const field = landing.locator('pwless-login #identifier');
      await field.waitFor();
      assert.match(await landing.locator('pwless-login [part~="landing"]').textContent(), /different device or browser/);
      await field.fill('someone-else@example.com');
      await landing.locator('pwless-login [part~="confirm-button"]').click();
      await landing.locator('pwless-login [part~="error"]').filter({ hasText: 'This is not the address the link was sent to. Check it and try again.' }).waitFor();
      assert.equal(await field.inputValue(), 'someone-else@example.com', 'what was typed is kept');
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      await field.fill(email);
      await field.press('Enter');
      await signedIn(landing);
      assert.match(await landing.locator('pwless-login [part~="signed-in-text"]').textContent(), new RegExp(email));
      assert.doesNotMatch(landing.url(), /oobCode=/);
      assert.deepEqual(errors, []);
    } finally {
      await asking.close();
      await other.close();
    }
  });

  it('firebase: a spent or expired link and the send limit show our words', async () => {
    const context = await browser.newContext();
    const setConfig = (config) => fetch(`${mocks.firebase.baseUrl}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
    try {
      const page = await context.newPage();
      await setConfig({ codeLifetime: 1, sendsPerHour: 1 });
      await page.goto(`${app.origin}/firebase-link.html`);
      const email = 'limits-firebase@example.com';
      await typeEmail(page, email);
      await page.locator('pwless-login [part~="link-sent"]').waitFor();
      const { link } = await mocks.firebase.inbox(email);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const landing = await context.newPage();
      await landing.goto(link);
      await landing.locator('pwless-login [part~="confirm-button"]').click();
      await landing.locator('pwless-login [part~="error"]').filter({ hasText: 'This sign-in link was already used or has expired. Please start again.' }).waitFor();
      // A second send within the hour: Firebase's TOO_MANY_ATTEMPTS_TRY_LATER.
      await landing.goto(`${app.origin}/firebase-link.html`);
      await typeEmail(landing, email);
      await landing.locator('pwless-login [part~="error"]').filter({ hasText: 'Too many tries. Please wait a moment.' }).waitFor();
      assert.equal(await landing.locator('pwless-login #identifier').inputValue(), email);
    } finally {
      await fetch(`${mocks.firebase.baseUrl}/_mock/reset`, { method: 'POST' });
      await context.close();
    }
  });
});
