#!/usr/bin/env node
// Runs the built command line (dist/cli.js, written by tsc) and says so when it is not built yet.
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('cli.js')) throw error;
  process.stderr.write('pwless-provider: not built yet; run `npm run build` first\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
