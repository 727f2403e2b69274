// Startup: module load to first rendered frame of <pwless-login>, against a plain Lit element with
// one input, both measured in the same browser, interleaved, each run in a fresh context (cold
// HTTP and code caches) with the CPU throttled.
import { median, throttleCpu } from './cdp.mjs';
import { routeMock } from './mock-route.mjs';

async function firstFrame(browser, origin, subject, cpuThrottling) {
  const context = await browser.newContext();
  try {
    await routeMock(context);
    const page = await context.newPage();
    await throttleCpu(page, cpuThrottling);
    await page.goto(`${origin}/bench/index.html`);
    return await page.evaluate(({ src, tag, attributes }) => window.measureFirstFrame(src, tag, attributes), subject);
  } finally {
    await context.close();
  }
}

/**
 * @param subjects `{ element, baseline }`, each `{ src, tag, attributes }`
 * @returns medians and every sample, in milliseconds, and the median of each run's element/baseline as `ratio`
 */
export async function measureStartup(browser, origin, subjects, { runs = 10, cpuThrottling = 4 } = {}) {
  const samples = { element: [], baseline: [] };
  // One unrecorded round warms the browser process and the server.
  for (let run = -1; run < runs; run += 1) {
    const order = run % 2 ? ['element', 'baseline'] : ['baseline', 'element'];
    for (const name of order) {
      const milliseconds = await firstFrame(browser, origin, subjects[name], cpuThrottling);
      if (run >= 0) samples[name].push(milliseconds);
    }
  }
  // Each run's two loads sit side by side in time, so their ratio cancels most of the machine's drift.
  const ratios = samples.element.map((milliseconds, run) => milliseconds / samples.baseline[run]);
  // The fastest runs are the least disturbed on a busy machine: their ratio is a second opinion.
  const best = { element: Math.min(...samples.element), baseline: Math.min(...samples.baseline) };
  return {
    runs,
    cpuThrottling,
    elementMs: median(samples.element),
    baselineMs: median(samples.baseline),
    ratio: median(ratios),
    bestElementMs: best.element,
    bestBaselineMs: best.baseline,
    ratioOfBest: best.element / best.baseline,
    samples: { ...samples, ratios },
  };
}
