// Bundles an ES module the way an app's bundler would ship it: resolved for the browser, minified.
// Dynamic imports stay separate chunks, so lazy code is never counted in the entry.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

/**
 * Writes `input` and its chunks into `outputDir`.
 * @returns chunks, each with the unminified bytes every module contributes (`modules`: id → length)
 */
export async function bundle(input, outputDir) {
  const build = await rollup({
    input,
    onwarn: () => {},
    plugins: [
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
      nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
      terser({ ecma: 2022, module: true, format: { comments: false } }),
    ],
  });
  try {
    const { output } = await build.write({ dir: outputDir, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
    return output
      .filter((item) => item.type === 'chunk')
      .map(({ fileName, isEntry, imports, dynamicImports, modules }) => ({
        fileName,
        isEntry,
        imports,
        dynamicImports,
        modules: Object.fromEntries(Object.entries(modules).map(([id, { renderedLength }]) => [id, renderedLength])),
      }));
  } finally {
    await build.close();
  }
}
