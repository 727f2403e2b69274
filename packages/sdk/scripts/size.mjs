// Measures the SDK's default entry as an app would ship it: bundled, minified, gzip -9.
// Lazily imported parts (dynamic `import()`) land in their own chunks and are reported apart.
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const input = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const bundle = await rollup({ input, plugins: [nodeResolve({ browser: true })] });
const { output } = await bundle.generate({
  format: 'es',
  plugins: [terser({ ecma: 2022, module: true, format: { comments: false } })],
});
const sizes = output
  .filter((chunk) => chunk.type === 'chunk')
  .map((chunk) => ({
    name: chunk.isEntry ? 'entry' : chunk.fileName,
    minified: chunk.code.length,
    gzip: gzipSync(chunk.code, { level: constants.Z_BEST_COMPRESSION }).length,
  }));
for (const size of sizes) {
  console.log(`${size.name.padEnd(24)} ${String(size.minified).padStart(7)} B min  ${String(size.gzip).padStart(6)} B min+gzip`);
}
