// Every packages/*/test/**/*.test.ts runs in headless Chromium (Debian's /usr/bin/chromium).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath as executablePath } from './e2e/browser.mjs';

export default {
  files: ['packages/*/test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser', 'production'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          ...chromiumArgs,
          // Test files run side by side in tabs; a tab in the background must keep its timers and
          // visibility, or timing tests (polling intervals, countdowns) depend on which tab is in front.
          '--disable-background-timer-throttling',
          '--disable-backgrounding-occluded-windows',
          '--disable-renderer-backgrounding',
        ],
      },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 240000,
};
