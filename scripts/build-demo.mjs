// The demo page's two scripts, bundled from what `tsc -b` emitted in demo/dist: `app.js`, the page with
// its offline mock (every lazy part inlined: the demo is one file), and `mock.js`, the mock alone for
// cdn.html. They carry no size budget, so esbuild bundles them: seconds less than rollup and terser.
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['browser', 'production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['demo/dist/main.js'], outfile: 'demo/public/app.js' }),
  build({ ...common, entryPoints: ['demo/dist/mock.js'], outfile: 'demo/public/mock.js' }),
]);
