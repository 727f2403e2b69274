// Bundles a browser entry the way an app's bundler would, for pages that hydrate server-rendered
// elements: the npm package's modules as they are (the same templates the server rendered), minified.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

/** `{ '/<prefix>.js': { body, type }, '/<prefix>-<chunk>.js': … }`: the entry and its lazy chunks (e.g. each locale). */
export async function bundleForBrowser(entry, prefix) {
  const build = await rollup({
    input: entry,
    onwarn: () => undefined,
    plugins: [
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"' } }),
      nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
      commonjs(),
      terser({ ecma: 2022, module: true }),
    ],
  });
  const { output } = await build.generate({ format: 'es', entryFileNames: `${prefix}.js`, chunkFileNames: `${prefix}-[name].js` });
  await build.close();
  return Object.fromEntries(output.filter(({ type }) => type === 'chunk').map(({ fileName, code }) => [`/${fileName}`, { body: code, type: 'text/javascript' }]));
}
