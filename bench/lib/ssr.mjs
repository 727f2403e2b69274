// The server-rendered first frame: the same <pwless-login> (English, the bench's issuer) once
// rendered on the server by @pwless/login/ssr and hydrated by @pwless/login/hydrate + @pwless/login,
// once as the client-only element from the CDN bundle. Each run, in a fresh context with the CPU
// throttled, records when the email field is first on screen (ms since navigation start), when the
// element has rendered (or hydrated) itself, and the page's layout shift (CLS, shifts without input)
// of a paragraph below the element.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundle } from './bundle.mjs';
import { median, throttleCpu } from './cdp.mjs';
import { issuer, routeMock } from './mock-route.mjs';

const head = `<meta charset="utf-8"><title>pwless bench</title>
<script>
  window.layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  // The first frame in which the email field is laid out: from then on a person can type into it.
  window.fieldShown = new Promise((resolve) => {
    const look = () => {
      const field = document.querySelector('pwless-login')?.shadowRoot?.querySelector('#identifier');
      if (field?.offsetHeight) resolve(performance.now());
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
</script>`;

const below = '<p>Terms and help, below the form.</p>';

/** Writes the two pages and the server-rendered page's script into `folder` (served at `/ssr/`). */
export async function prepareSsrPages(root, folder) {
  const { renderPwlessLogin } = await import('../../packages/login/dist/ssr.js');
  const attributes = { lang: 'en', issuer, 'client-id': 'pwless-demo' };
  await bundle(join(root, 'bench/fixtures/ssr-client.js'), folder);
  const login = await renderPwlessLogin(attributes);
  const tag = `<pwless-login ${Object.entries(attributes).map(([name, value]) => `${name}="${value}"`).join(' ')}></pwless-login>`;
  await writeFile(join(folder, 'server.html'), `<!doctype html><html lang="en"><head>${head}<script type="module" src="./ssr-client.js"></script></head><body>${login}${below}</body></html>`);
  await writeFile(join(folder, 'client.html'), `<!doctype html><html lang="en"><head>${head}<script type="module" src="/login/pwless-login.min.js"></script></head><body>${tag}${below}</body></html>`);
}

async function firstFrame(browser, url, cpuThrottling) {
  const context = await browser.newContext();
  try {
    await routeMock(context);
    const page = await context.newPage();
    await throttleCpu(page, cpuThrottling);
    await page.goto(url, { waitUntil: 'commit' });
    const fieldMs = await page.evaluate(() => window.fieldShown);
    const elementMs = await page.evaluate(async () => {
      await customElements.whenDefined('pwless-login');
      await document.querySelector('pwless-login').updateComplete;
      return performance.now();
    });
    // Two more frames and a moment: a shift caused by the element taking over would be in by then.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 300)))));
    return { fieldMs, elementMs, layoutShift: await page.evaluate(() => window.layoutShift) };
  } finally {
    await context.close();
  }
}

/** Paired runs, alternating which page goes first; times are medians, the layout shift the worst seen. */
export async function measureServerRendering(browser, origin, { runs = 7, cpuThrottling = 4 } = {}) {
  const samples = { server: [], client: [] };
  for (let run = -1; run < runs; run += 1) {
    for (const name of run % 2 ? ['server', 'client'] : ['client', 'server']) {
      const sample = await firstFrame(browser, `${origin}/ssr/${name}.html`, cpuThrottling);
      if (run >= 0) samples[name].push(sample);
    }
  }
  const medianOf = (name, key) => median(samples[name].map((sample) => sample[key]));
  const ratios = samples.server.map((sample, run) => sample.fieldMs / samples.client[run].fieldMs);
  return {
    runs,
    cpuThrottling,
    serverFieldMs: medianOf('server', 'fieldMs'),
    clientFieldMs: medianOf('client', 'fieldMs'),
    ratio: median(ratios),
    serverHydratedMs: medianOf('server', 'elementMs'),
    clientRenderedMs: medianOf('client', 'elementMs'),
    serverLayoutShift: Math.max(...samples.server.map((sample) => sample.layoutShift)),
    clientLayoutShift: Math.max(...samples.client.map((sample) => sample.layoutShift)),
    samples,
  };
}
