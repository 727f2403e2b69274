// A complete code sign-in as a person does it: type the email (the element may prefetch discovery
// meanwhile), press Enter, type the code from the mock's inbox, get signed in. Counts the requests
// to the issuer after the email is typed and the page's main-thread time for the whole flow.
// Keystrokes go straight through the DevTools protocol and waits are promises inside the page, so
// the driver adds no polling of its own to the main thread being measured.
import { performanceMetrics, throttleCpu } from './cdp.mjs';
import { latestCode, routeMock } from './mock-route.mjs';

const email = 'bench@example.com';

/** Waits until no request to the issuer has arrived for `quietMs`: what typing started has finished. */
async function settle(requests, quietMs = 500) {
  let seen = -1;
  while (seen !== requests.length) {
    seen = requests.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

const milliseconds = (from, to, ...names) => names.reduce((sum, name) => sum + (to[name] - from[name]) * 1000, 0);

export async function measureSignIn(browser, origin, subject, { cpuThrottling = 4, typingDelayMs = 40 } = {}) {
  const context = await browser.newContext();
  try {
    const { provider, requests } = await routeMock(context);
    const page = await context.newPage();
    const session = await throttleCpu(page, cpuThrottling);
    await session.send('Performance.enable');
    await page.goto(`${origin}/bench/index.html`);
    await page.evaluate(({ src, tag }) => window.load(src, tag), subject);
    await page.evaluate(({ tag, attributes }) => window.mountForSignIn(tag, attributes), subject);
    await settle(requests);
    const beforeTyping = requests.length;
    const start = await performanceMetrics(session);

    await page.evaluate(({ tag }) => window.focusField(tag, ['input[type="email"]', 'input[autocomplete~="email"]', 'input[autocomplete~="username"]']), subject);
    await page.keyboard.type(email, { delay: typingDelayMs });
    await settle(requests);
    const afterTyping = requests.length;
    const typed = await performanceMetrics(session);

    await page.keyboard.press('Enter');
    await page.evaluate(() => window.codeSent());
    const code = await latestCode(provider, email);
    await page.evaluate(({ tag }) => window.focusField(tag, ['input[autocomplete="one-time-code"]', 'input[inputmode="numeric"]']), subject);
    await page.keyboard.type(code, { delay: typingDelayMs });
    await page.evaluate(() => window.signedIn());
    const end = await performanceMetrics(session);

    const describe = (list) => list.map(({ method, path }) => `${method} ${path}`);
    return {
      cpuThrottling,
      mainThreadMs: milliseconds(start, end, 'TaskDuration'),
      mainThreadAfterEmailMs: milliseconds(typed, end, 'TaskDuration'),
      scriptMs: milliseconds(start, end, 'ScriptDuration'),
      layoutAndStyleMs: milliseconds(start, end, 'LayoutDuration', 'RecalcStyleDuration'),
      requestsBeforeTyping: describe(requests.slice(0, beforeTyping)),
      requestsWhileTyping: describe(requests.slice(beforeTyping, afterTyping)),
      requestsAfterEmail: describe(requests.slice(afterTyping)),
      requestsAfterEmailCount: requests.length - afterTyping,
    };
  } finally {
    await context.close();
  }
}
