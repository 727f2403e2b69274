// <pwless-login> inside React 19, Vue 3, Svelte 5, Solid and Angular apps, each built by the
// framework's own compiler: each app sets the `client` property and listens to the element's events the framework's
// own way; a person signs in through it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import linker from '@angular/compiler-cli/linker/babel';
import { babel } from '@rollup/plugin-babel';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { rollup } from 'rollup';
import svelte from 'rollup-plugin-svelte';
import { useElementServer } from './element-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

// The compiler of each framework whose components are not plain JavaScript.
const compilers = {
  svelte: () => [svelte({ emitCss: false })],
  solid: () => [babel({ babelHelpers: 'bundled', extensions: ['.tsx'], presets: ['babel-preset-solid', '@babel/preset-typescript'] })],
  // ngc has compiled the app; the Angular linker turns the libraries' partial declarations (Angular's
  // own and @pwless/login/angular's) into definitions, as the Angular CLI's build does.
  angular: () => [babel({ babelHelpers: 'bundled', compact: true, include: ['**/@angular/**', '**/packages/login/dist/angular.js'], plugins: [linker] })],
};

const ngc = fileURLToPath(new URL('../node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js', import.meta.url));
const compileAngularApp = () => promisify(execFile)(process.execPath, [ngc, '-p', fileURLToPath(new URL('./fixtures/angular/tsconfig.app.json', import.meta.url))]);

async function bundle(entry, framework) {
  const build = await rollup({
    input: new URL(`./fixtures/frameworks/${entry}`, import.meta.url).pathname,
    onwarn: () => undefined,
    plugins: [
      ...(compilers[framework]?.() ?? []),
      replace({
        preventAssignment: true,
        values: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
      }),
      nodeResolve({ browser: true, exportConditions: ['svelte', 'browser', 'production'], extensions: ['.mjs', '.js', '.json', '.tsx'] }),
      commonjs(),
    ],
  });
  const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
  await build.close();
  return output[0].code;
}

const page = (script) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title>
<script type="module" src="/${script}"></script></head><body><div id="root"></div></body></html>`;

const names = { react: 'React 19', vue: 'Vue 3', svelte: 'Svelte 5', solid: 'Solid', angular: 'Angular', html: 'plain HTML page' };

describe('<pwless-login> in frameworks', () => {
  const live = useElementServer(async (issuer) => {
    await compileAngularApp();
    // The page of docs/frameworks.md as it is, but for the issuer: the CDN bundle and an inline script.
    const html = await readFile(new URL('./fixtures/frameworks/html-app.html', import.meta.url), 'utf8');
    const files = { '/html.html': { body: html.replace('https://id.example.com', issuer) } };
    for (const framework of Object.keys(names).filter((name) => name !== 'html')) {
      files[`/${framework}.js`] = { body: await bundle(`${framework}-app.mjs`, framework), type: 'text/javascript' };
      files[`/${framework}.html`] = { body: page(`${framework}.js`) };
    }
    return files;
  });

  for (const [framework, name] of Object.entries(names)) {
    it(`${name}: a person signs in through the element and the app receives its events`, async () => {
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
