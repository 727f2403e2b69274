// Transfer sizes: min+gzip (level 9) and brotli (max quality) of built files.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { bundle } from './bundle.mjs';

export async function compressedSizes(file) {
  const bytes = await readFile(file);
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/** Sums sizes of several files: an entry is what loads before the first line runs, shared chunks included. */
async function totalSizes(files) {
  const total = { min: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const sizes = await compressedSizes(file);
    for (const key of Object.keys(total)) total[key] += sizes[key];
  }
  return total;
}

/** Relative module specifiers in minified ES output: static `import`/`export ... from` and dynamic `import()`. */
export function relativeImports(source) {
  const statics = new Set();
  const dynamics = new Set();
  for (const match of source.matchAll(/\bimport\s*\(\s*(["'`])(\.{1,2}\/[^"'`]+)\1\s*\)/g)) dynamics.add(match[2]);
  for (const match of source.matchAll(/(?:\bfrom|\bimport)\s*(["'])(\.{1,2}\/[^"']+)\1/g)) statics.add(match[2]);
  return { statics: [...statics], dynamics: [...dynamics].filter((specifier) => !statics.has(specifier)) };
}

/**
 * Follows a built bundle's relative imports on disk: its static graph is the initial load, every
 * file reached only through `import()` (e.g. a lazy locale) is reported as a lazy chunk of its own.
 */
export async function bundleGraph(entryFile) {
  const initial = new Set();
  const lazy = new Set();
  const visit = async (file, isLazy) => {
    if (initial.has(file) || (isLazy && lazy.has(file))) return;
    (isLazy ? lazy : initial).add(file);
    const { statics, dynamics } = relativeImports(await readFile(file, 'utf8'));
    for (const specifier of statics) await visit(join(dirname(file), specifier), isLazy);
    for (const specifier of dynamics) await visit(join(dirname(file), specifier), true);
  };
  await visit(entryFile, false);
  for (const file of initial) lazy.delete(file);
  return { initial: [...initial], lazy: [...lazy] };
}

/** Sizes of the entry (with its static chunks) and of each lazy chunk, named relative to `root`. */
export async function graphSizes(entryFile, root) {
  const { initial, lazy } = await bundleGraph(entryFile);
  const chunks = [];
  for (const file of lazy) chunks.push({ file: relative(root, file), ...(await compressedSizes(file)) });
  return { files: initial.map((file) => relative(root, file)), ...(await totalSizes(initial)), lazyChunks: chunks };
}

/** Groups module ids by npm package or by file of our own, largest first: where the bytes come from. */
function contributors(modules, root) {
  const totals = new Map();
  for (const [id, length] of Object.entries(modules)) {
    const name = id.includes('/node_modules/') ? id.split('/node_modules/').at(-1).split('/').slice(0, id.includes('/node_modules/@') ? 2 : 1).join('/') : relative(root, id);
    totals.set(name, (totals.get(name) ?? 0) + length);
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** The SDK's default entry as an app bundler ships it (rollup + node-resolve + terser). */
export async function sdkEntrySizes(root, outputDir) {
  const chunks = await bundle(join(root, 'packages/sdk/dist/index.js'), outputDir);
  // The entry may be a facade over a chunk it shares with lazy code: count what loads up front.
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const initial = new Set();
  const visit = (chunk) => {
    if (initial.has(chunk)) return;
    initial.add(chunk);
    for (const name of chunk.imports) if (byName.has(name)) visit(byName.get(name));
  };
  visit(chunks.find((chunk) => chunk.isEntry));
  const modules = Object.assign({}, ...[...initial].map((chunk) => chunk.modules));
  return { ...(await graphSizes(join(outputDir, 'index.js'), outputDir)), unminifiedByModule: contributors(modules, root) };
}

/** The element's CDN bundle, and every chunk it loads lazily from beside it (e.g. each locale). */
export async function cdnBundleSizes(root) {
  // Only what the bundle imports counts: rollup leaves older builds' chunks in the same folder.
  const folder = join(root, 'packages/login/dist');
  return graphSizes(join(folder, 'pwless-login.min.js'), folder);
}
