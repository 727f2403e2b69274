// <pwless-login> inside React 19 and Vue 3 apps: each app sets the `client` property and listens to
// the element's events the framework's own way; a person signs in through it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { rollup } from 'rollup';
import { useElementServer } from './element-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

async function bundle(entry) {
  const build = await rollup({
    input: new URL(`./fixtures/frameworks/${entry}`, import.meta.url).pathname,
    onwarn: () => undefined,
    plugins: [
      replace({
        preventAssignment: true,
        values: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
      }),
      nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
      commonjs(),
    ],
  });
  const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
  await build.close();
  return output[0].code;
}

const page = (script) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title>
<script type="module" src="/${script}"></script></head><body><div id="root"></div></body></html>`;

describe('<pwless-login> in frameworks', () => {
  const live = useElementServer(async () => {
    const [react, vue] = await Promise.all([bundle('react-app.mjs'), bundle('vue-app.mjs')]);
    return {
      '/react.js': { body: react, type: 'text/javascript' },
      '/vue.js': { body: vue, type: 'text/javascript' },
      '/react.html': { body: page('react.js') },
      '/vue.html': { body: page('vue.js') },
    };
  });

  for (const framework of ['react', 'vue']) {
    it(`signs in from a ${framework === 'react' ? 'React 19' : 'Vue 3'} app that set the client and receives the events`, async () => {
      const tab = await live.browser.newPage();
      const problems = collectPageErrors(tab);
      await tab.goto(`${live.server.origin}/${framework}.html`);
      const email = `${framework}@example.com`;
      await tab.getByLabel('Email address').fill(email);
      await tab.getByRole('button', { name: 'Continue' }).click();
      await tab.getByText('We sent a code to').waitFor();
      await tab.getByLabel('Code').fill(await live.server.latestCode(email));
      await tab.getByText(`Signed in as ${email}`).waitFor();
      await tab.waitForFunction(() => document.querySelector('#events').textContent.includes('signed-in'));
      assert.equal(await tab.locator('#events').textContent(), `pwless-sent, signed-in ${email}`);
      assert.deepEqual(problems, []);
      await tab.close();
    });
  }
});
