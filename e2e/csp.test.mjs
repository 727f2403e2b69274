// <pwless-login> under a strict Content-Security-Policy with Trusted Types: no inline script or
// style, no eval, no nonce; the page only loads its own files. The sign-in must still work.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useElementServer } from './element-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

const policy = "default-src 'self'; style-src 'self'; require-trusted-types-for 'script'";
const strict = { 'Content-Security-Policy': policy };

// Loaded before the element: records every violation the browser reports, and the sign-in.
const watcher = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
document.addEventListener('pwless-signed-in', (event) => (document.body.dataset.signedIn = event.session.user.email));`;

const page = (issuer, lang) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>strict CSP</title>
<script src="/watch.js"></script><script type="module" src="/pwless-login.min.js"></script></head>
<body><pwless-login issuer="${issuer}" client-id="pwless-demo"></pwless-login></body></html>`;

describe('<pwless-login> under a strict CSP', () => {
  const live = useElementServer((issuer) => ({
    '*': { headers: strict },
    '/watch.js': { body: watcher, type: 'text/javascript', headers: strict },
    '/': { body: page(issuer, 'en'), headers: strict },
    '/de.html': { body: page(issuer, 'de'), headers: strict },
  }));

  it('signs in with no policy violation, Trusted Types enforced', async () => {
    const tab = await live.browser.newPage();
    const problems = collectPageErrors(tab);
    // The start step answers 403 by protocol (FiPA's insufficient_authorization): not a problem.
    tab.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && problems.push(message.text()));
    const response = await tab.goto(`${live.server.origin}/`);
    assert.equal(response.headers()['content-security-policy'], policy);

    await tab.getByLabel('Email address').fill('csp@example.com');
    await tab.getByRole('button', { name: 'Continue' }).click();
    await tab.getByText('We sent a code to').waitFor();
    await tab.getByLabel('Code').fill(await live.server.latestCode('csp@example.com'));
    await tab.getByText('Signed in as csp@example.com').waitFor();
    assert.equal(await tab.locator('body').getAttribute('data-signed-in'), 'csp@example.com');
    assert.deepEqual(await tab.evaluate(() => window.cspViolations), []);
    assert.deepEqual(problems, []);
    await tab.close();
  });

  it('loads a language chunk under the same policy', async () => {
    const tab = await live.browser.newPage();
    await tab.goto(`${live.server.origin}/de.html`);
    await tab.getByLabel('E-Mail-Adresse').waitFor();
    assert.deepEqual(await tab.evaluate(() => window.cspViolations), []);
    await tab.close();
  });
});
