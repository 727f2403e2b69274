// Measures the SDK as an app would ship it: bundled, minified, gzip -9. "initial" is the entry with
// its static imports (what loads before the first line runs); each lazy chunk is listed apart.
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
const chunks = new Map(output.filter((item) => item.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
const gzip = (code) => gzipSync(code, { level: constants.Z_BEST_COMPRESSION }).length;
const initial = new Set();
const visit = (name) => {
  if (initial.has(name)) return;
  initial.add(name);
  for (const imported of chunks.get(name).imports) visit(imported);
};
visit([...chunks.values()].find((chunk) => chunk.isEntry).fileName);
const row = (name, minified, gzipped) => console.log(`${name.padEnd(28)} ${String(minified).padStart(7)} B min  ${String(gzipped).padStart(6)} B min+gzip`);
const initialChunks = [...initial].map((name) => chunks.get(name));
row('initial (entry + static)', initialChunks.reduce((sum, chunk) => sum + chunk.code.length, 0), initialChunks.reduce((sum, chunk) => sum + gzip(chunk.code), 0));
for (const chunk of chunks.values()) if (!initial.has(chunk.fileName)) row(`lazy ${chunk.name}`, chunk.code.length, gzip(chunk.code));
