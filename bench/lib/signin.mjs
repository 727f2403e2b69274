// A complete code sign-in as a person does it: type the email (the element may prefetch discovery
// meanwhile), press Enter, type the code from the mock's inbox, get signed in. Counts the requests
// to the issuer after the email is typed and the page's main-thread time for the whole flow.
// Keystrokes go straight through the DevTools protocol and waits are promises inside the page, so
// the driver adds no polling of its own to the main thread being measured. Typing the same email
// into the plain Lit input shows what the browser itself spends on keystrokes.
import { gzipSync } from 'node:zlib';
import { median, performanceMetrics, throttleCpu } from './cdp.mjs';
import { addVirtualAuthenticator } from '../../e2e/virtual-authenticator.mjs';
import { latestCode, routeMock } from './mock-route.mjs';

const email = 'bench@example.com';
const emailFields = ['input[type="email"]', 'input[autocomplete~="email"]', 'input[autocomplete~="username"]'];
const codeFields = ['input[autocomplete="one-time-code"]', 'input[inputmode="numeric"]'];

/**
 * Every script file from the folder of `src` that `context`'s pages load (the entry and whatever
 * chunks it pulls in), each a promise of its gzip size: what a sign-in really downloads, lazy parts included.
 */
export function collectScripts(context, origin, src) {
  const folder = new URL(src.replace(/[^/]*$/, ''), origin).href;
  const scripts = [];
  context.on('response', (response) => {
    if (response.request().resourceType() !== 'script' || !response.url().startsWith(folder)) return;
    scripts.push(response.body().then((body) => ({ file: response.url().slice(folder.length), url: response.url(), gzip: gzipSync(body, { level: 9 }).length })));
  });
  return scripts;
}

/** Waits until no request to the issuer has arrived for `quietMs`: what typing started has finished. */
async function settle(requests, quietMs = 750) {
  let seen = -1;
  while (seen !== requests.length) {
    seen = requests.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

const milliseconds = (from, to, ...names) => names.reduce((sum, name) => sum + (to[name] - from[name]) * 1000, 0);

/** A fresh context with the mock behind the issuer, `subject` loaded and mounted, the CPU throttled. */
async function openPage(browser, origin, subject, cpuThrottling) {
  const context = await browser.newContext();
  const mock = await routeMock(context);
  const scripts = collectScripts(context, origin, subject.src);
  const page = await context.newPage();
  const session = await throttleCpu(page, cpuThrottling);
  await session.send('Performance.enable');
  await page.goto(`${origin}/bench/index.html`);
  await page.evaluate(({ src, tag }) => window.loadElement(src, tag), subject);
  await page.evaluate(({ tag, attributes }) => window.mountForSignIn(tag, attributes), subject);
  await settle(mock.requests);
  return { context, page, session, scripts, ...mock };
}

async function typeInto(page, subject, fields, text, typingDelayMs) {
  await page.evaluate(({ tag, fields }) => window.focusField(tag, fields), { tag: subject.tag, fields });
  await page.keyboard.type(text, { delay: typingDelayMs });
}

export async function measureSignIn(browser, origin, subject, { cpuThrottling = 4, typingDelayMs = 40 } = {}) {
  const { context, page, session, provider, requests, scripts } = await openPage(browser, origin, subject, cpuThrottling);
  try {
    const beforeTyping = requests.length;
    const start = await performanceMetrics(session);
    await typeInto(page, subject, emailFields, email, typingDelayMs);
    await settle(requests);
    const afterTyping = requests.length;
    const typed = await performanceMetrics(session);

    await page.keyboard.press('Enter');
    await page.evaluate(() => window.codeSent());
    await typeInto(page, subject, codeFields, await latestCode(provider, email), typingDelayMs);
    // The window ends when the page hears `pwless-signed-in`: the scripts fetched by then are the sign-in's.
    const fetchedAtSignIn = new Set(await page.evaluate(() => window.signedIn()));
    const end = await performanceMetrics(session);

    const describe = (list) => list.map(({ method, path }) => `${method} ${path}`);
    // What the signed-in view fetches afterwards (the "Create a passkey" offer) is waited for and reported apart.
    await settle(requests);
    await new Promise((resolve) => setTimeout(resolve, 750));
    const fetched = (await Promise.all(scripts)).map(({ file, url, gzip }) => ({ file, gzip, atSignIn: fetchedAtSignIn.has(url) }));
    const scriptFiles = fetched.filter(({ atSignIn }) => atSignIn).map(({ file, gzip }) => ({ file, gzip }));
    const afterSignInFiles = fetched.filter(({ atSignIn }) => !atSignIn).map(({ file, gzip }) => ({ file, gzip }));
    return {
      scriptFiles,
      scriptGzipBytes: scriptFiles.reduce((sum, { gzip }) => sum + gzip, 0),
      afterSignInFiles,
      afterSignInGzipBytes: afterSignInFiles.reduce((sum, { gzip }) => sum + gzip, 0),
      mainThreadMs: milliseconds(start, end, 'TaskDuration'),
      typingMs: milliseconds(start, typed, 'TaskDuration'),
      afterEmailMs: milliseconds(typed, end, 'TaskDuration'),
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

/** Main-thread milliseconds for typing the email into `subject`'s first text field, nothing more. */
export async function measureTyping(browser, origin, subject, { cpuThrottling = 4, typingDelayMs = 40 } = {}) {
  const { context, page, session } = await openPage(browser, origin, subject, cpuThrottling);
  try {
    const start = await performanceMetrics(session);
    await typeInto(page, subject, [...emailFields, 'input'], email, typingDelayMs);
    await new Promise((resolve) => setTimeout(resolve, 750));
    return milliseconds(start, await performanceMetrics(session), 'TaskDuration');
  } finally {
    await context.close();
  }
}

/**
 * Several sign-ins, each in a fresh context, interleaved with typing into the plain input: times
 * are medians, the request count is the worst seen (the budget must hold every time).
 */
export async function measureSignIns(browser, origin, { element, baseline }, { runs = 3, cpuThrottling = 4 } = {}) {
  const signIns = [];
  const baselineTyping = [];
  for (let run = 0; run < runs; run += 1) {
    signIns.push(await measureSignIn(browser, origin, element, { cpuThrottling }));
    if (baseline) baselineTyping.push(await measureTyping(browser, origin, baseline, { cpuThrottling }));
  }
  const medianOf = (name) => median(signIns.map((result) => result[name]));
  const worst = signIns.reduce((a, b) => (b.requestsAfterEmailCount > a.requestsAfterEmailCount ? b : a));
  return {
    runs,
    cpuThrottling,
    mainThreadMs: medianOf('mainThreadMs'),
    typingMs: medianOf('typingMs'),
    afterEmailMs: medianOf('afterEmailMs'),
    scriptMs: medianOf('scriptMs'),
    layoutAndStyleMs: medianOf('layoutAndStyleMs'),
    baselineTypingMs: baselineTyping.length ? median(baselineTyping) : null,
    requestsBeforeTyping: worst.requestsBeforeTyping,
    requestsWhileTyping: worst.requestsWhileTyping,
    requestsAfterEmail: worst.requestsAfterEmail,
    requestsAfterEmailCount: worst.requestsAfterEmailCount,
    scriptFiles: signIns[0].scriptFiles,
    afterSignInFiles: signIns[0].afterSignInFiles,
    afterSignInGzipBytes: Math.max(...signIns.map((result) => result.afterSignInGzipBytes)),
    scriptGzipBytes: Math.max(...signIns.map((result) => result.scriptGzipBytes)),
    samples: signIns.map(({ mainThreadMs, typingMs, afterEmailMs, scriptMs }) => ({ mainThreadMs, typingMs, afterEmailMs, scriptMs })),
    baselineTypingSamplesMs: baselineTyping,
  };
}

/**
 * A passkey sign-in from the email field's autofill, on a device that made one: a code sign-in and
 * "Create a passkey" (Chromium's virtual authenticator, user verified), then the page opened again
 * with the browser cache off. Counts what that second visit downloads and asks the issuer until the
 * page hears `pwless-signed-in`, and the messages the mock sent meanwhile (a passkey sends none).
 */
export async function measurePasskeySignIn(browser, origin, subject) {
  const { context, page, session, provider, requests, scripts } = await openPage(browser, origin, subject, 1);
  try {
    await addVirtualAuthenticator(context, page);
    await typeInto(page, subject, emailFields, email, 0);
    await page.keyboard.press('Enter');
    await page.evaluate(() => window.codeSent());
    await typeInto(page, subject, codeFields, await latestCode(provider, email), 0);
    await page.evaluate(() => window.signedIn());
    // WebAuthn asks for a page in front.
    await page.bringToFront();
    await page.evaluate((tag) => window.createPasskey(tag), subject.tag);

    await session.send('Network.enable');
    await session.send('Network.setCacheDisabled', { cacheDisabled: true });
    const inbox = async () => (await (await provider.handle(new Request(`${provider.issuer}/_mock/inbox`))).json()).length;
    const [scriptsBefore, requestsBefore, sentBefore] = [scripts.length, requests.length, await inbox()];
    await page.goto(`${origin}/bench/index.html`);
    await page.evaluate(({ src, tag }) => window.loadElement(src, tag), subject);
    await page.evaluate(({ tag, attributes }) => window.mountForSignIn(tag, attributes), subject);
    // The autofill offers the passkey once the person is in the field; the authenticator picks it.
    await page.evaluate(({ tag, fields }) => window.focusField(tag, fields), { tag: subject.tag, fields: emailFields });
    const user = await page.evaluate(() => window.signedIn().then(() => window.signedInUser));
    if (user !== email) throw new Error(`the passkey signed in ${user}, not ${email}`);
    const scriptFiles = (await Promise.all(scripts.slice(scriptsBefore))).map(({ file, gzip }) => ({ file, gzip }));
    return {
      scriptFiles,
      scriptGzipBytes: scriptFiles.reduce((sum, { gzip }) => sum + gzip, 0),
      requests: requests.slice(requestsBefore).map(({ method, path }) => `${method} ${path}`),
      messagesSent: (await inbox()) - sentBefore,
    };
  } finally {
    await context.close();
  }
}
