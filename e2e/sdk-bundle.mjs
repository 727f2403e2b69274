// The built SDK as an app's bundler ships it to the browser: one ES module, its lazy chunks inlined.
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';

const sdkEntry = fileURLToPath(new URL('../packages/sdk/dist/index.js', import.meta.url));

/** Answers the code of `@pwless/sdk` (from its dist/, so build first) bundled for the browser. */
export async function bundleSdk() {
  const build = await rollup({ input: sdkEntry, onwarn: () => {}, plugins: [nodeResolve({ browser: true })] });
  const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
  await build.close();
  return output[0].code;
}
