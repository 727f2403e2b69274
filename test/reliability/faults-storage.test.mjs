// Faults of the browser around a sign-in in progress, in Chromium against the CDN bundle (Spanish
// page): a reload between sending and typing the code, the tab closed mid-sign-in, IndexedDB
// unavailable or over quota.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectPageErrors } from '../../e2e/page-errors.mjs';
import { codeFor, codesSentTo, elementPage, errorText, fill, localeMessages, recordFault, stepOf, useFaultServer } from './faults-fixture.mjs';

const es = await localeMessages('es');

/** Types the address and presses Continue; answers once the code step shows. */
async function sendCode(tab, email) {
  await tab.getByLabel(es.emailLabel).fill(email);
  await tab.getByRole('button', { name: es.continue }).click();
  await tab.getByLabel(es.codeLabel, { exact: true }).waitFor({ timeout: 10_000 });
}

const signedIn = (tab, email) => tab.getByText(fill(es.signedInAs, { name: email })).waitFor({ timeout: 10_000 });

/** Init scripts that break IndexedDB the ways browsers do. */
const storageFaults = [
  {
    name: 'IndexedDB missing (window.indexedDB undefined, as in some embedded web views)',
    script: () => Object.defineProperty(globalThis, 'indexedDB', { get: () => undefined, configurable: true }),
  },
  {
    name: 'IndexedDB refused (indexedDB.open throws a SecurityError, as in a sandboxed or storage-blocked page)',
    script: () => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('access to IndexedDB is denied in this context', 'SecurityError');
      };
    },
  },
  {
    name: 'IndexedDB failing to open (the open request fires an error event, as in Firefox private windows before version 115)',
    script: () => {
      IDBFactory.prototype.open = () => {
        // An open request that fails a moment later, the way a browser that refuses storage answers.
        const request = { result: undefined, error: new DOMException('a mutation operation was attempted on a database that did not allow mutations', 'InvalidStateError'), readyState: 'pending', onsuccess: null, onerror: null, onupgradeneeded: null, onblocked: null, addEventListener() {}, removeEventListener() {} };
        setTimeout(() => {
          request.readyState = 'done';
          request.onerror?.(new Event('error'));
        });
        return request;
      };
    },
  },
  {
    name: 'IndexedDB over quota (every put throws a QuotaExceededError)',
    script: () => {
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('the quota has been exceeded', 'QuotaExceededError');
      };
    },
  },
];

describe('faults of the browser around a sign-in in progress, in Chromium', () => {
  const live = useFaultServer((issuer) => ({ '/': elementPage(issuer, { lang: 'es' }) }));

  it('a reload between sending and typing the code: the code step comes back and the code signs in', async () => {
    const tab = await live.browser.newPage();
    const errors = collectPageErrors(tab);
    await tab.goto(`${live.server.origin}/`);
    const email = 'reload@example.com';
    await sendCode(tab, email);
    const sentTo = await tab.locator('pwless-login [part~="sent-to"]').textContent();
    await tab.reload();
    const code = tab.getByLabel(es.codeLabel, { exact: true });
    await code.waitFor({ timeout: 10_000 });
    assert.equal(await stepOf(tab), 'code');
    assert.equal(await tab.locator('pwless-login [part~="sent-to"]').textContent(), sentTo, 'the same step: where the code went');
    await code.fill(await codeFor(live.server, email));
    await signedIn(tab, email);
    assert.equal((await codesSentTo(live.server, email)).length, 1, 'one code, from before the reload');
    assert.deepEqual(errors, []);
    await tab.close();
    await recordFault('Reload between sending and typing the code', 1, 'the code step came back after the reload (where the code went, the countdown) and the code sent before it signed in');
  });

  it('a tab closed mid-sign-in: a new tab starts clean, and a new code signs in', async () => {
    const context = await live.browser.newContext();
    const first = await context.newPage();
    await first.goto(`${live.server.origin}/`);
    const email = 'closed-tab@example.com';
    await sendCode(first, email);
    const [firstCode] = await codesSentTo(live.server, email);
    await first.close();

    const second = await context.newPage();
    const errors = collectPageErrors(second);
    await second.goto(`${live.server.origin}/`);
    await second.getByLabel(es.emailLabel).waitFor();
    // The first step, nothing half-done in it: the tab that was closed kept the sign-in to itself.
    assert.equal(await stepOf(second), 'email');
    assert.equal(await second.getByLabel(es.emailLabel).inputValue(), '');
    assert.equal(await errorText(second), '');
    await sendCode(second, email);
    const codes = await codesSentTo(live.server, email);
    assert.equal(codes.length, 2, 'a new code');
    await second.getByLabel(es.codeLabel, { exact: true }).fill(codes[1]);
    await signedIn(second, email);
    assert.deepEqual(errors, []);
    await context.close();
    await recordFault(
      'Tab closed mid-sign-in (code sent in tab A, A closed, the page opened in tab B of the same browser)',
      1,
      `tab B shows the first step, empty, no error; Continue sends a new code which signs in (the code sent to tab A${firstCode === codes[1] ? '' : ', a different one,'} has no field in tab B; its sign-in lies unused in IndexedDB until it expires, 15 min)`,
    );
  });

  for (const [index, fault] of storageFaults.entries()) {
    it(`${fault.name}: the sign-in still works, in memory`, async () => {
      const context = await live.browser.newContext();
      await context.addInitScript(fault.script);
      const tab = await context.newPage();
      const errors = collectPageErrors(tab);
      await tab.goto(`${live.server.origin}/`);
      const email = `storage-${index}@example.com`;
      await sendCode(tab, email).catch(async (error) => {
        throw new Error(`no code step; the page says "${await errorText(tab)}"`, { cause: error });
      });
      await tab.getByLabel(es.codeLabel, { exact: true }).fill(await codeFor(live.server, email));
      await signedIn(tab, email).catch(async (error) => {
        throw new Error(`not signed in; the page says "${await errorText(tab)}"`, { cause: error });
      });
      assert.deepEqual(errors, []);
      await context.close();
      await recordFault(fault.name, 1, 'signed in; the sign-in in progress was kept in memory (a reload in that page starts again)');
    });
  }
});
