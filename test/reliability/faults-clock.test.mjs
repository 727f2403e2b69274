// A device whose clock is 5 minutes off, in Chromium against the mock. The page's wall clock is
// moved by an init script that replaces `Date` (`new Date()` and `Date.now()` answer the real time
// plus the offset, and keep running): that is all a wrong system clock changes for a page.
// `performance.now()` is left alone, as on a real device it is monotonic and follows no wall clock.
// (CDP's virtual time would stop or race every timer, which is a different fault.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectPageErrors } from '../../e2e/page-errors.mjs';
import { skewClock } from '../../e2e/skewed-clock.mjs';
import { codeFor, elementPage, fill, localeMessages, recordFault, sdkFiles, sdkImportMap, useFaultServer } from './faults-fixture.mjs';

const it_ = await localeMessages('it');
const skews = [5 * 60_000, -5 * 60_000];

const sdkPage = (issuer) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sdk</title>${sdkImportMap}
<script type="module">import { createClient } from '@pwless/sdk';
// Every answer of the provider, as the page saw it: its status, error and DPoP-Nonce.
window.answers = [];
const recorded = async (input, init) => {
  const response = await fetch(input, init);
  const body = await response.clone().json().catch(() => ({}));
  window.answers.push({ url: new Request(input, init).url, status: response.status, error: body.error, nonce: response.headers.get('DPoP-Nonce') ?? undefined });
  return response;
};
window.client = createClient({ issuer: ${JSON.stringify(issuer)}, clientId: 'pwless-demo', dpop: true, fetch: recorded });
window.ready = true;</script></head><body></body></html>`;

const minutes = (offset) => `${offset > 0 ? '+' : '−'}${Math.abs(offset) / 60_000} min`;

describe('a device clock 5 minutes off, in Chromium', () => {
  const live = useFaultServer(async (issuer) => ({ '/': elementPage(issuer, { lang: 'it' }), '/sdk.html': sdkPage(issuer), ...(await sdkFiles()) }));

  for (const offset of skews) {
    it(`the element signs in with the clock ${minutes(offset)} (the ID token's exp and iat are checked with 30 s of tolerance, and the token lives 10 min)`, async () => {
      const context = await live.browser.newContext();
      await context.addInitScript(skewClock, offset);
      await context.addInitScript(() => addEventListener('pwless-signed-in', (event) => (window.signedIn = event.session)));
      const tab = await context.newPage();
      const errors = collectPageErrors(tab);
      await tab.goto(`${live.server.origin}/`);
      const skew = await tab.evaluate(() => Date.now() - performance.timeOrigin - performance.now());
      assert.ok(Math.abs(skew - offset) < 2000, `the page's clock is ${minutes(offset)} off (measured ${skew} ms)`);
      const email = `clock${offset > 0 ? 'ahead' : 'behind'}@example.com`;
      await tab.getByLabel(it_.emailLabel).fill(email);
      await tab.getByRole('button', { name: it_.continue }).click();
      const code = tab.getByLabel(it_.codeLabel, { exact: true });
      await code.waitFor({ timeout: 10_000 });
      // The countdown counts from the page's own clock: the full lifetime, not 5 minutes more or less.
      assert.match(await tab.locator('pwless-login [part~="countdown"]').first().textContent(), /3/);
      await code.fill(await codeFor(live.server, email));
      await tab.getByText(fill(it_.signedInAs, { name: email })).waitFor({ timeout: 10_000 });
      const expiresIn = await tab.evaluate(() => (window.signedIn.expiresAt - Date.now()) / 1000);
      assert.ok(expiresIn > 500 && expiresIn <= 600, `the session's expiry counts from the page's clock (${expiresIn} s)`);
      assert.deepEqual(errors, []);
      await context.close();
      await recordFault(
        `Clock skew ${minutes(offset)} in the page (Date replaced by an init script), element, default options`,
        1,
        'signed in: the ID token (10 min) passes oauth4webapi\u2019s checks (exp against the skewed clock with 30 s tolerance; iat not bounded), the code countdown and the session expiry count from the page\u2019s own clock',
      );
    });
  }

  for (const offset of skews) {
    it(`the SDK with DPoP and the clock ${minutes(offset)}: the provider asks for its DPoP nonce instead of trusting the proof's iat, and the sign-in and a refresh go through`, async () => {
      const context = await live.browser.newContext();
      await context.addInitScript(skewClock, offset);
      const tab = await context.newPage();
      const errors = collectPageErrors(tab);
      await tab.goto(`${live.server.origin}/sdk.html`);
      await tab.waitForFunction(() => window.ready === true);
      const email = `dpop${offset > 0 ? 'ahead' : 'behind'}@example.com`;
      await tab.evaluate((to) => window.client.start({ email: to }), email);
      const code = await codeFor(live.server, email);
      const outcome = await tab.evaluate(async (code) => {
        const session = await window.client.verify(code);
        const renewed = await window.client.getAccessToken({ forceRefresh: true });
        return { tokenType: session.tokenType, email: session.user.email, renewed: typeof renewed === 'string' && renewed !== session.accessToken, answers: window.answers };
      }, code);
      assert.equal(outcome.email, email);
      assert.equal(outcome.tokenType.toLowerCase(), 'dpop', 'the tokens are bound to the page\u2019s key');
      assert.ok(outcome.renewed, 'a refresh with a proof from the skewed clock goes through');
      const nonceAnswers = outcome.answers.filter((answer) => answer.error === 'use_dpop_nonce');
      // The first request of each kind learns the nonce; later proofs carry it.
      assert.ok(nonceAnswers.length >= 1 && nonceAnswers.every((answer) => answer.nonce), `use_dpop_nonce with a DPoP-Nonce: ${JSON.stringify(outcome.answers)}`);
      assert.ok(outcome.answers.every((answer) => answer.error !== 'invalid_dpop_proof'));
      assert.deepEqual(errors, []);
      await context.close();
      await recordFault(
        `Clock skew ${minutes(offset)} in the page, SDK with \`dpop: true\` (code sign-in, then a refresh)`,
        outcome.answers.length,
        `signed in and refreshed, tokens DPoP-bound: the provider answered ${nonceAnswers.length} of the ${outcome.answers.length} requests use_dpop_nonce (the proofs' iat is 5 min off; the window is 60 s back, 10 s ahead) with a DPoP-Nonce, and the SDK sent each again with the nonce, which stands in for the iat (RFC 9449 §11.1), as oidc-provider does with a nonce secret`,
      );
    });
  }
});
