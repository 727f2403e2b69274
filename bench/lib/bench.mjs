// Runs the measurements against whatever is built now, and judges the budgets.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../e2e/browser.mjs';
import { defaultBudgets, evaluateBudgets } from './budgets.mjs';
import { bundle } from './bundle.mjs';
import { measureMemory } from './memory.mjs';
import { startStaticServer } from './server.mjs';
import { measureSdkSignIn } from './sdk-signin.mjs';
import { measurePasskeySignIn, measureSignIns } from './signin.mjs';
import { cdnBundleSizes, compressedSizes, sdkEntrySizes } from './sizes.mjs';
import { measureServerRendering, prepareSsrPages } from './ssr.mjs';
import { measureStartup } from './startup.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const parts = ['sizes', 'startup', 'signin', 'passkey', 'memory', 'ssr', 'provider'];

const issuerAttributes = { issuer: 'https://id.pwless.test', 'client-id': 'pwless-demo' };

/** Fails loudly instead of hanging when a step never finishes (e.g. the element is mid-change). */
async function within(seconds, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function commit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * @param options.only which of `parts` to measure (default all)
 * @param options.runs startup runs per subject
 * @param options.signInRuns code sign-ins (the median main-thread time is reported)
 */
export async function runBench({ only = parts, runs = 15, signInRuns = 3, budgets = defaultBudgets } = {}) {
  const workDir = await mkdtemp(join(tmpdir(), 'pwless-bench-'));
  const results = {};
  let browser;
  let server;
  try {
    const baselineDir = join(workDir, 'baseline');
    await bundle(join(root, 'bench/fixtures/baseline-element.js'), baselineDir);
    const sdkDir = join(workDir, 'sdk');
    if (only.includes('sizes')) {
      results.sizes = {
        sdk: await sdkEntrySizes(root, sdkDir),
        cdn: await cdnBundleSizes(root),
        baseline: await compressedSizes(join(baselineDir, 'baseline-element.js')),
      };
    }
    if (only.includes('provider')) {
      // Loaded only here: it starts oidc-provider, which the other parts do not need.
      const { measureProvider } = await import('./provider.mjs');
      results.provider = await within(300, 'the provider figures', measureProvider());
    }
    const browserParts = only.filter((part) => part !== 'sizes' && part !== 'provider');
    if (browserParts.length) {
      if (only.includes('signin') && !only.includes('sizes')) await bundle(join(root, 'packages/sdk/dist/index.js'), sdkDir);
      const ssrDir = join(workDir, 'ssr');
      if (only.includes('ssr')) await prepareSsrPages(root, ssrDir);
      ({ server } = await startStaticServer({ '/bench/': join(root, 'bench/pages'), '/login/': join(root, 'packages/login/dist'), '/baseline/': baselineDir, '/sdk/': sdkDir, '/ssr/': ssrDir }));
      const origin = `http://localhost:${server.address().port}`;
      browser = await launchChromium();
      const element = { src: '/login/pwless-login.min.js', tag: 'pwless-login', attributes: issuerAttributes };
      const baseline = { src: '/baseline/baseline-element.js', tag: 'baseline-input', attributes: {} };
      if (only.includes('startup')) results.startup = await within(60 + runs * 10, 'startup', measureStartup(browser, origin, { element, baseline }, { runs }));
      if (only.includes('signin')) {
        results.signIn = await within(30 * signInRuns, 'the code sign-in', measureSignIns(browser, origin, { element, baseline: signInRuns > 1 ? baseline : undefined }, { runs: signInRuns }));
        results.sdkSignIn = await within(30, 'the SDK code sign-in', measureSdkSignIn(browser, origin, '/sdk/index.js'));
        // Each vendor dialect's code sign-in, reported: what a page that chose it downloads.
        results.dialectSignIns = {};
        for (const dialect of ['auth0', 'kratos', 'appwrite', 'supabase', 'stytch', 'firebase']) {
          results.dialectSignIns[dialect] = await within(30, `the SDK code sign-in with dialect ${dialect}`, measureSdkSignIn(browser, origin, '/sdk/index.js', { dialect }));
        }
      }
      if (only.includes('passkey')) results.passkeySignIn = await within(60, 'the passkey sign-in', measurePasskeySignIn(browser, origin, element));
      if (only.includes('ssr')) results.ssr = await within(120, 'the server-rendered first frame', measureServerRendering(browser, origin));
      if (only.includes('memory')) results.memory = await within(60, 'the mount/unmount cycles', measureMemory(browser, origin, element));
    }
    results.environment = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      commit: commit(),
      chromium: browser?.version() ?? 'not used',
      node: process.version,
      cpus: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}`,
    };
    results.budgets = evaluateBudgets(results, budgets);
    return results;
  } finally {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
    await rm(workDir, { recursive: true, force: true });
  }
}
