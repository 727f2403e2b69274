// What every server-rendered framework example must do in Chromium: show the element's German
// form before any script (and navigate nowhere on Enter), then hydrate it without a console error
// or a layout shift, keeping what was typed, and sign in through it.
import assert from 'node:assert/strict';

/** Uncaught exceptions and console errors (HTTP error answers, which Chromium logs too, aside: see ssr-element.test.mjs). */
export function problemsOf(tab) {
  const problems = [];
  tab.on('pageerror', (error) => problems.push(error.message));
  tab.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && problems.push(message.text()));
  return problems;
}

/** Layout shifts not caused by the user's input, summed from the start of the page (CLS as browsers count it). */
const observeShifts = () => {
  window.layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
};

export async function checkServerRenderedApp(browser, url, { latestCode }) {
  const still = await browser.newContext({ javaScriptEnabled: false });
  const before = await still.newPage();
  await before.goto(url);
  const staticField = before.getByLabel('E-Mail-Adresse');
  await staticField.fill('nojs@example.com');
  await staticField.press('Enter');
  await before.waitForTimeout(100);
  assert.equal(before.url(), url, 'Enter before any script navigates nowhere');
  assert.equal(await before.getByRole('button', { name: 'Weiter' }).isVisible(), true);
  await still.close();

  const context = await browser.newContext();
  await context.addInitScript(observeShifts);
  const tab = await context.newPage();
  const problems = problemsOf(tab);
  await tab.goto(url);
  const field = tab.getByLabel('E-Mail-Adresse');
  await field.fill('app@example.com');
  await tab.waitForFunction(() => customElements.get('pwless-login') && document.querySelector('pwless-login')?.matches(':state(email)'));
  await tab.evaluate(() => document.querySelector('pwless-login').updateComplete);
  assert.equal(await field.inputValue(), 'app@example.com', 'what was typed is still there after hydration');
  await field.press('Enter');
  await tab.getByText('Prüfen Sie Ihre E-Mails').waitFor();
  await tab.getByLabel('Code').fill(await latestCode('app@example.com'));
  await tab.getByText('Angemeldet als app@example.com').waitFor();
  const layoutShift = await tab.evaluate(() => window.layoutShift);
  await context.close();
  return { problems, layoutShift };
}
