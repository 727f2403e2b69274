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
import { transformAsync } from '@babel/core';
import { build } from 'esbuild';
import { compile } from 'svelte/compiler';
import { useElementServer } from './element-fixture.mjs';
import { collectPageErrors } from './page-errors.mjs';

/** An esbuild plugin that runs babel with `options` over the files matching `filter` (all, or those `needed(code)` picks). */
const babel = (filter, options, needed = () => true) => ({
  name: 'babel',
  setup(build) {
    build.onLoad({ filter }, async ({ path }) => {
      const code = await readFile(path, 'utf8');
      if (!needed(code)) return undefined;
      const { code: contents } = await transformAsync(code, { filename: path, babelrc: false, configFile: false, ...options });
      return { contents, loader: 'js' };
    });
  },
});

// The compiler of each framework whose components are not plain JavaScript.
const compilers = {
  svelte: () => [{
    name: 'svelte',
    setup(build) {
      build.onLoad({ filter: /\.svelte$/ }, async ({ path }) => ({ contents: compile(await readFile(path, 'utf8'), { filename: path, css: 'injected' }).js.code, loader: 'js' }));
    },
  }],
  solid: () => [babel(/\.tsx$/, { presets: ['babel-preset-solid', '@babel/preset-typescript'] })],
  // ngc has compiled the app; the Angular linker turns the libraries' partial declarations (Angular's
  // own and @pwless/login/angular's) into definitions, as the Angular CLI's build does: only in the
  // files that hold such declarations.
  angular: () => [babel(/(@angular\/.*\.m?js|packages\/login\/dist\/angular\.js)$/, { compact: true, plugins: [linker] }, (code) => code.includes('\u0275\u0275ngDeclare'))],
};

const ngc = fileURLToPath(new URL('../node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js', import.meta.url));
const compileAngularApp = () => promisify(execFile)(process.execPath, [ngc, '-p', fileURLToPath(new URL('./fixtures/angular/tsconfig.app.json', import.meta.url))]);

/** The app of `entry` in one script, as a framework app's production build bundles it. */
async function bundle(entry, framework) {
  const { outputFiles } = await build({
    entryPoints: [fileURLToPath(new URL(`./fixtures/frameworks/${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['svelte', 'browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"', __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    plugins: compilers[framework]?.() ?? [],
    logLevel: 'error',
  });
  return outputFiles[0].text;
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
