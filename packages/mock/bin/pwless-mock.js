#!/usr/bin/env node
// Runs the built command line (dist/cli.js, written by tsc) and says so when it is not built yet.
try {
  await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('cli.js')) throw error;
  process.stderr.write('pwless-mock: not built yet; run `npm run build` (or `npx tsc -b packages/mock`) first\n');
  process.exit(2);
}
