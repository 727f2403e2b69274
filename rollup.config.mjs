// The bundle built by `npm run build` after `tsc -b` has emitted each package's ESM and types: the
// single-file CDN bundle of the element and its lazy chunks. (The demo's scripts: scripts/build-demo.mjs.)
import commonjs from '@rollup/plugin-commonjs';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';

export default {
  input: 'packages/login/dist/index.js',
  // Lets the entry export what its chunks share, so no extra re-exporting facade file is loaded first.
  preserveEntrySignatures: 'allow-extension',
  // English is built in; every other locale (and the SDK's optional parts) becomes a chunk
  // next to the bundle, fetched relative to it only when needed. Six hash characters (rollup's least) keep each
  // name unique per content while the entry, which names every chunk, stays a few bytes smaller.
  output: { dir: 'packages/login/dist', entryFileNames: 'pwless-login.min.js', chunkFileNames: 'pwless-login-[name]-[hash:6].min.js', format: 'es' },
  plugins: [
    // Collapses the whitespace inside the element's html`` and css`` templates before terser runs.
    minifyHtmlLiterals(),
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
    commonjs(),
    // Three compress passes: each finds a little more to fold once the last has inlined and dropped code.
    terser({ ecma: 2022, module: true, compress: { passes: 3 }, format: { comments: false } }),
  ],
};
