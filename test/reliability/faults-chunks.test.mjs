// Lazy chunks of the CDN bundle that fail to load (page.route aborts them, as a flaky connection or
// a CDN upload that missed a file would), then load when asked again. The magic-link steps' chunks
// are covered in e2e/lazy-step-failure.test.mjs; here the two a code sign-in needs: the protocol
// code (the engine chunk) and the page's language.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectPageErrors } from '../../e2e/page-errors.mjs';
import { messages as en } from '../../packages/login/dist/locales/en.js';
import { codeFor, elementPage, fill, localeMessages, recordFault, useFaultServer } from './faults-fixture.mjs';

const nl = await localeMessages('nl');

describe('lazy chunks that fail to load, in Chromium', () => {
  const live = useFaultServer((issuer) => ({ '/': elementPage(issuer, { lang: 'nl' }) }));

  it('the protocol chunk: "offline, try again" in Dutch with the address kept; Try again fetches it and the sign-in goes on', async () => {
    const tab = await live.browser.newPage();
    const errors = collectPageErrors(tab);
    const aborted = [];
    let blocked = true;
    await tab.route('**/pwless-login-engine-*.min.js', (route) => (blocked ? (aborted.push(route.request().url()), route.abort('internetdisconnected')) : route.continue()));
    await tab.goto(`${live.server.origin}/`);
    const email = 'engine-chunk@example.com';
    await tab.getByLabel(nl.emailLabel).fill(email);
    await tab.getByRole('button', { name: nl.continue }).click();
    await tab.getByRole('alert').filter({ hasText: nl.errors.network_error }).waitFor({ timeout: 10_000 });
    assert.ok(aborted.length > 0, 'the page asked for the chunk');
    assert.equal(await tab.getByLabel(nl.emailLabel).inputValue(), email, 'the address stays');

    blocked = false;
    await tab.getByRole('button', { name: nl.retry }).click();
    const code = tab.getByLabel(nl.codeLabel, { exact: true });
    await code.waitFor({ timeout: 10_000 });
    await code.fill(await codeFor(live.server, email));
    await tab.getByText(fill(nl.signedInAs, { name: email })).waitFor({ timeout: 10_000 });
    assert.deepEqual(errors, []);
    await tab.close();
    await recordFault(
      'Lazy chunk: the protocol code (engine chunk) aborted until "Try again"',
      aborted.length,
      `"${nl.errors.network_error}" with the address kept; "${nl.retry}" fetched the chunk again and the sign-in finished`,
      `${aborted.length} aborted fetches of the chunk (the discovery prefetch while typing, then Continue)`,
    );
  });

  it('the language chunk: the element speaks English rather than nothing, and signs in', async () => {
    const tab = await live.browser.newPage();
    const errors = collectPageErrors(tab);
    const aborted = [];
    await tab.route('**/pwless-login-nl-*.min.js', (route) => (aborted.push(route.request().url()), route.abort('internetdisconnected')));
    await tab.goto(`${live.server.origin}/`);
    const email = 'locale-chunk@example.com';
    await tab.getByLabel(en.emailLabel).fill(email);
    await tab.getByRole('button', { name: en.continue }).click();
    const code = tab.getByLabel(en.codeLabel, { exact: true });
    await code.waitFor({ timeout: 10_000 });
    await code.fill(await codeFor(live.server, email));
    await tab.getByText(fill(en.signedInAs, { name: email })).waitFor({ timeout: 10_000 });
    assert.ok(aborted.length > 0, 'the page asked for the Dutch texts');
    const lang = await tab.locator('pwless-login [part="container"]').getAttribute('lang');
    assert.deepEqual(errors, []);
    await tab.close();
    await recordFault(
      'Lazy chunk: the page language\u2019s texts (Dutch) aborted',
      aborted.length,
      `the element showed its built-in English texts and signed in; not fetched again later in that page, and its container still says lang="${lang}" over English text`,
    );
  });
});
