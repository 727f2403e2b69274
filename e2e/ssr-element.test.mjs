// `@pwless/login/ssr` renders the first step on the server; the page works before its script
// arrives, and `@pwless/login/hydrate` + `@pwless/login` take it over without redrawing it: no
// layout shift, no console error, and what was typed (and Enter) before then is not lost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPwlessLogin } from '@pwless/login/ssr';
import { useElementServer } from './element-fixture.mjs';
import { bundleForBrowser } from './ssr-bundle.mjs';

const page = (login) => `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>SSR</title>
<script>
  window.layoutShift = 0;
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) { window.layoutShift += entry.value; (window.shifts ??= []).push(entry.sources.map((s) => s.node?.nodeName + ' ' + JSON.stringify(s.previousRect) + ' -> ' + JSON.stringify(s.currentRect)).join('; ')); } }).observe({ type: 'layout-shift', buffered: true });
</script>
<link rel="icon" href="data:,"><script type="module" src="/ssr-client.js"></script></head><body><main>${login}</main><p>Below the form</p></body></html>`;

/**
 * Console errors and uncaught exceptions of `tab`. Chromium also logs each HTTP error answer as a
 * console error; the protocol has one by design (the first POST /challenge answers 403 with a
 * proof-of-work or nonce demand), so those are listed apart, by URL, and checked by the tests.
 */
function problemsOf(tab) {
  const problems = [];
  tab.on('pageerror', (error) => problems.push(error.message));
  tab.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && problems.push(message.text()));
  return problems;
}

describe('server-rendered <pwless-login>', () => {
  const live = useElementServer(async (issuer) => {
    const login = await renderPwlessLogin({ lang: 'de', issuer, 'client-id': 'pwless-demo' });
    return { '/ssr.html': { body: page(login) }, ...(await bundleForBrowser(new URL('./fixtures/ssr/client.mjs', import.meta.url).pathname, 'ssr-client')) };
  });

  it('renders the email step as declarative shadow DOM, in the language asked for', async () => {
    const html = await renderPwlessLogin({ lang: 'de', issuer: 'https://id.example.com', 'client-id': 'a"b' });
    assert.match(html, /^<pwless-login\s+lang="de" issuer="https:\/\/id.example.com" client-id="a&quot;b"><template shadowroot="open" shadowrootmode="open">/);
    assert.match(html, />Anmelden</);
    assert.match(html, />E-Mail-Adresse</);
    assert.match(html, /<form method="dialog" part="form"/);
    assert.match(html, /<!--lit-part [\w+/=]+-->/, 'keeps the markers hydration reads');
    assert.match(await renderPwlessLogin({ lang: 'pt', channel: 'sms' }), /Número de telefone|telefone/i);
    assert.match(await renderPwlessLogin(), />Email address</);
    await assert.rejects(renderPwlessLogin({ 'on"x': 'y' }), TypeError);
  });

  it('shows a usable form without JavaScript, and Enter there navigates nowhere', async () => {
    const context = await live.browser.newContext({ javaScriptEnabled: false });
    const tab = await context.newPage();
    await tab.goto(`${live.server.origin}/ssr.html`);
    const field = tab.getByLabel('E-Mail-Adresse');
    await field.fill('early@example.com');
    await field.press('Enter');
    await tab.waitForTimeout(200);
    assert.equal(tab.url(), `${live.server.origin}/ssr.html`);
    assert.equal(await field.inputValue(), 'early@example.com');
    assert.equal(await tab.getByRole('button', { name: 'Weiter' }).isVisible(), true);
    await context.close();
  });

  it('keeps what was typed before the script arrived; Enter then navigates nowhere', async () => {
    const tab = await live.browser.newPage();
    const problems = problemsOf(tab);
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await tab.route('**/ssr-client.js', async (route) => (await held, route.continue()));
    await tab.goto(`${live.server.origin}/ssr.html`, { waitUntil: 'commit' });
    const field = tab.getByLabel('E-Mail-Adresse');
    await field.fill('before@example.com');
    await field.press('Enter');
    assert.equal(await tab.evaluate(() => customElements.get('pwless-login')), undefined, 'the script is still held back');
    release();
    await tab.waitForFunction(() => document.querySelector('pwless-login').matches(':state(email)'));
    assert.equal(tab.url(), `${live.server.origin}/ssr.html`);
    // Not typed again: the element took the address from the field.
    await field.press('Enter');
    await tab.getByText('Prüfen Sie Ihre E-Mails').waitFor();
    await tab.getByLabel('Code').fill(await live.server.latestCode('before@example.com'));
    await tab.getByText('Angemeldet als before@example.com').waitFor();
    assert.deepEqual(problems, []);
    assert.equal(await tab.evaluate(() => window.layoutShift), 0, await tab.evaluate(() => JSON.stringify(window.shifts)));
    await tab.close();
  });

  it('sends an Enter pressed while the element waits for its texts, once it has taken over', async () => {
    const tab = await live.browser.newPage();
    const problems = problemsOf(tab);
    let release;
    const held = new Promise((resolve) => (release = resolve));
    // The German texts are a chunk of their own: until it is in, the element keeps the server's form.
    await tab.route(/ssr-client-de\.js$/, async (route) => (await held, route.continue()));
    await tab.goto(`${live.server.origin}/ssr.html`, { waitUntil: 'commit' });
    await tab.waitForFunction(() => customElements.get('pwless-login'));
    const field = tab.getByLabel('E-Mail-Adresse');
    await field.fill('queued@example.com');
    await field.press('Enter');
    assert.equal(await tab.evaluate(() => document.querySelector('pwless-login').hasUpdated), false, 'not hydrated yet');
    release();
    await tab.getByText('Prüfen Sie Ihre E-Mails').waitFor();
    assert.ok(await live.server.latestCode('queued@example.com'));
    assert.deepEqual(problems, []);
    assert.equal(await tab.evaluate(() => window.layoutShift), 0, await tab.evaluate(() => JSON.stringify(window.shifts)));
    await tab.close();
  });

  it('keeps the server-rendered field on hydration, with no layout shift', async () => {
    const tab = await live.browser.newPage();
    const problems = problemsOf(tab);
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await tab.route('**/ssr-client.js', async (route) => (await held, route.continue()));
    await tab.goto(`${live.server.origin}/ssr.html`, { waitUntil: 'commit' });
    await tab.evaluate(() => (document.querySelector('pwless-login').shadowRoot.querySelector('input').dataset.marked = 'server'));
    release();
    await tab.waitForFunction(() => customElements.get('pwless-login') && document.querySelector('pwless-login').matches(':state(email)'));
    await tab.evaluate(() => document.querySelector('pwless-login').updateComplete);
    assert.equal(await tab.evaluate(() => document.querySelector('pwless-login').shadowRoot.querySelector('input').dataset.marked), 'server');
    const field = tab.getByLabel('E-Mail-Adresse');
    await field.fill('after@example.com');
    await field.press('Enter');
    await tab.getByText('Prüfen Sie Ihre E-Mails').waitFor();
    assert.deepEqual(problems, []);
    assert.equal(await tab.evaluate(() => window.layoutShift), 0, await tab.evaluate(() => JSON.stringify(window.shifts)));
    await tab.close();
  });
});
