// Screenshots of the real demo for the README and docs/: `npm run screenshots` (after a build) writes
// docs/screenshots/*.png. It serves the demo as `npm start` does (on 127.0.0.1, a free port), signs in
// through the offline mock provider in Debian's Chromium, and crops each picture to the panel it shows.
//
// The pictures come out the same on every run: a fixed viewport and pixel ratio, Debian's DejaVu fonts
// (what `system-ui` and `sans-serif` resolve to there), no animations or caret, and the page clock stopped
// at a fixed moment (timers still run), so a countdown shows its first second (the provider's times arrive
// as seconds from now). The mock provider runs in the page (msw), so a seeded generator in place of crypto.getRandomValues
// makes its codes and security words the same each time too.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../demo/serve.mjs';
import { launchChromium } from '../e2e/browser.mjs';
import { recompressPng, pngSize } from './png.mjs';

export const outputDirectory = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

/** The page clock's fixed moment: 3 December 2026, 09:00 UTC. */
const fixedTime = Date.UTC(2026, 11, 3, 9, 0, 0);
const email = 'ada@example.com';

/**
 * Runs in the page before its own scripts: crypto.getRandomValues and Math.random each from a fixed
 * seed (mulberry32; two sequences, so the ids msw draws with Math.random for the dev inbox's polls do not
 * shift the provider's draws). `reseedRandomness()` starts them again, so what the page drew before
 * (which can depend on timing) has no say in what the next request draws.
 */
function seedRandomness(seed) {
  const generator = (start) => {
    let state = start >>> 0;
    const next = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    next.reset = () => (state = start >>> 0);
    return next;
  };
  const forCrypto = generator(seed);
  const forMath = generator(seed ^ 0x5bd1e995);
  window.reseedRandomness = () => {
    forCrypto.reset();
    forMath.reset();
  };
  Math.random = forMath;
  Object.defineProperty(Crypto.prototype, 'getRandomValues', {
    value(array) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(forCrypto() * 256);
      return array;
    },
  });
}

/** Opens the playground in `language`, with its mock provider ready. */
async function openPlayground(page, baseUrl, language = 'en') {
  await page.clock.setFixedTime(fixedTime);
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-mock-ready]');
  if (language !== 'en') await page.getByLabel('Language').selectOption(language);
  const widget = page.locator('pwless-login');
  await widget.locator('#identifier').waitFor();
  return widget;
}

/** Types the address and asks for a code: the widget then shows its code step. */
async function askForCode(page, widget) {
  await widget.locator('#identifier').fill(email);
  await page.evaluate(() => window.reseedRandomness());
  await widget.locator('[part~=submit-button]').click();
  await widget.locator('#code').waitFor();
}

/** Reads the newest code from the dev inbox and types it: the widget then says who is signed in. */
async function typeCode(page, widget) {
  const code = await page.locator('pwless-demo-inbox [data-code]').first().getAttribute('data-code');
  await widget.locator('#code').pressSequentially(code);
  await widget.getByText(`Signed in as ${email}`).waitFor();
}

/** Leaves no focus ring or hover on the picture. */
async function calm(page) {
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.mouse.move(0, 0);
}

const signInPanel = (page) => page.locator('section[aria-label="Sign-in widget"]');

function signIn(step, colorScheme, language = 'en') {
  return {
    name: `sign-in-${step}-${language === 'en' ? colorScheme : language}`,
    viewport: { width: 1100, height: 800 },
    deviceScaleFactor: 2,
    colorScheme,
    async shoot(page, baseUrl) {
      const widget = await openPlayground(page, baseUrl, language);
      if (step === 'email') await widget.locator('#identifier').fill(email);
      if (step !== 'email') await askForCode(page, widget);
      if (step === 'signed-in') await typeCode(page, widget);
      await calm(page);
      return signInPanel(page);
    },
  };
}

/** Every picture, by file name (without .png). */
export const shots = [
  signIn('email', 'light'),
  signIn('code', 'light'),
  signIn('signed-in', 'light'),
  signIn('email', 'dark'),
  signIn('code', 'dark'),
  signIn('signed-in', 'dark'),
  signIn('code', 'light', 'ar'),
  {
    name: 'state-gallery',
    viewport: { width: 1300, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    async shoot(page, baseUrl) {
      await page.clock.setFixedTime(fixedTime);
      await page.goto(`${baseUrl}gallery.html`);
      await page.waitForSelector('body[data-gallery-ready]');
      await calm(page);
      // The first four rows: the email step, the code step and its errors.
      return page.locator('#gallery > figure:nth-child(-n+12)');
    },
  },
  {
    name: 'theme-designer',
    viewport: { width: 1100, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    async shoot(page, baseUrl) {
      const widget = await openPlayground(page, baseUrl);
      const designer = page.locator('pwless-demo-settings');
      await designer.getByLabel('Accent colour', { exact: true }).fill('#9a3412');
      await designer.getByLabel('Surface colour', { exact: true }).fill('#fff7ed');
      await designer.getByLabel('Corner radius (px)').fill('16');
      await designer.getByLabel('Font').selectOption({ index: 1 });
      await widget.locator('#identifier').fill(email);
      await calm(page);
      return page.locator('main');
    },
  },
];

/**
 * Takes the pictures named in `names` (all by default) from the demo at `baseUrl` in `browser`, writes
 * them to `directory` and answers, per picture, its file, width, height and size in bytes.
 */
export async function capture({ browser, baseUrl, directory = outputDirectory, names = shots.map((shot) => shot.name) }) {
  await mkdir(directory, { recursive: true });
  const results = [];
  for (const name of names) {
    const shot = shots.find((candidate) => candidate.name === name);
    if (!shot) throw new Error(`no screenshot named ${name}`);
    const context = await browser.newContext({
      viewport: shot.viewport,
      deviceScaleFactor: shot.deviceScaleFactor,
      colorScheme: shot.colorScheme,
      reducedMotion: 'reduce',
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    await context.addInitScript(seedRandomness, 20261203);
    try {
      const page = await context.newPage();
      const target = await shot.shoot(page, baseUrl);
      // The panels located, with a margin of the page around them, so their shadows and corners show whole.
      const box = await target.evaluateAll((elements) => {
        const rects = elements.map((element) => element.getBoundingClientRect());
        const left = Math.min(...rects.map((rect) => rect.left));
        const top = Math.min(...rects.map((rect) => rect.top));
        const right = Math.max(...rects.map((rect) => rect.right));
        const bottom = Math.max(...rects.map((rect) => rect.bottom));
        return { x: left + scrollX, y: top + scrollY, width: right - left, height: bottom - top };
      });
      const margin = 12;
      const clip = { x: Math.max(0, Math.floor(box.x - margin)), y: Math.max(0, Math.floor(box.y - margin)) };
      clip.width = Math.ceil(box.x + box.width + margin) - clip.x;
      clip.height = Math.ceil(box.y + box.height + margin) - clip.y;
      const png = await page.screenshot({ animations: 'disabled', caret: 'hide', scale: 'device', fullPage: true, clip });
      const small = recompressPng(png);
      const file = join(directory, `${name}.png`);
      await writeFile(file, small);
      results.push({ name, file, ...pngSize(small), bytes: small.length });
    } finally {
      await context.close();
    }
  }
  return results;
}

/** Serves the demo and opens Chromium for `work(browser, baseUrl)`, then closes both. */
export async function withDemo(work) {
  const server = await startServer(0, '127.0.0.1', { providerPort: 0 });
  const browser = await launchChromium();
  try {
    return await work(browser, `http://localhost:${server.address().port}/`);
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  const results = await withDemo((browser, baseUrl) => capture({ browser, baseUrl, ...(names.length ? { names } : {}) }));
  let total = 0;
  for (const { file, width, height, bytes } of results) {
    total += bytes;
    console.log(`${file}  ${width}×${height}  ${(bytes / 1024).toFixed(1)} kB`);
  }
  console.log(`${results.length} screenshots, ${(total / 1024).toFixed(1)} kB`);
}
