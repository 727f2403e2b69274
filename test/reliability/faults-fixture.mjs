// Shared by the fault checks (faults-*.test.mjs): the element's CDN bundle and the mock provider
// on one origin (e2e/element-server.mjs), Debian's Chromium, a seeded random source, and the few
// steps of a code sign-in as a person takes them, in the language of the page.
import { useElementServer } from '../../e2e/element-fixture.mjs';
import { record } from './settings.mjs';

/** The seed of every random fault (which request fails); printed by each file that uses it. */
export const faultSeed = Number(process.env.PWLESS_FAULT_SEED ?? 20261203);

/** mulberry32: a small seeded generator, so a failing run replays with the same faults. */
export function seededRandom(seed = faultSeed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A page with the CDN bundle and one `<pwless-login>` in `lang`; `script` runs first (a module). */
export function elementPage(issuer, { lang = 'fr', attributes = '', script = '' } = {}) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>faults</title>
${script ? `<script type="module">${script}</script>` : ''}
<script type="module" src="/pwless-login.min.js"></script></head>
<body><pwless-login issuer="${issuer}" client-id="pwless-demo" ${attributes}></pwless-login></body></html>`;
}

/** Loads a locale's texts from the built element, the ones the person reads. */
export async function localeMessages(lang) {
  return (await import(`../../packages/login/dist/locales/${lang}.js`)).messages;
}

export const fill = (text, values) => text.replace(/\{(\w+)\}/g, (match, key) => values[key] ?? match);

/** One element server and Chromium for the describe block; `pages(issuer)` maps paths to HTML (or to `{ body, type }`). */
export function useFaultServer(pages) {
  return useElementServer(async (issuer) => Object.fromEntries(Object.entries(await pages(issuer)).map(([path, body]) => [path, typeof body === 'string' ? { body } : body])));
}

/** Changes the mock's policies (`PUT /_mock/config`), as the demo's fault switches do. */
export async function configureMock(server, patch) {
  const answer = await server.provider.handle(new Request(`${server.issuer}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) }));
  if (!answer.ok) throw new Error(`mock config ${answer.status}: ${await answer.text()}`);
}

/** The code the mock sent to `to` after `sentBefore` messages, waited for (bounded). */
export async function codeFor(server, to, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const code = await server.latestCode(to);
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no code was sent to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every code the mock has sent to `to`, oldest first. */
export async function codesSentTo(server, to) {
  const inbox = await (await server.provider.handle(new Request(`${server.issuer}/_mock/inbox`))).json();
  return inbox.filter((message) => message.to === to).map((message) => message.code);
}

/** The element's step, read from its custom states (`:state(code)` …). */
export function stepOf(tab) {
  return tab.evaluate(() => {
    const element = document.querySelector('pwless-login');
    return ['email', 'sending', 'code', 'verifying', 'link-sent', 'landing', 'redirecting', 'signed-in'].find((step) => element?.matches(`:state(${step})`));
  });
}

/** The text of the element's error (its assertive live region), '' when there is none. */
export function errorText(tab) {
  return tab.locator('pwless-login [part~="error"]').first().textContent();
}

/** The reliability report's line for one fault. */
export function recordFault(check, inputs, result, figures) {
  return record({ group: 'Faults', check, inputs, result, figures });
}

/**
 * The SDK's ESM build and its two dependencies, for pages that make their own client: served at
 * /sdk/ and /modules/, with the import map that names them (`sdkImportMap`).
 */
export async function sdkFiles() {
  const { readdir, readFile } = await import('node:fs/promises');
  const root = new URL('../../', import.meta.url);
  const files = {};
  const add = async (directory, prefix) => {
    for (const entry of await readdir(new URL(directory, root), { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
      const path = `${entry.parentPath ?? entry.path}/${entry.name}`;
      const relative = path.slice(new URL(directory, root).pathname.length).replace(/^\//, '');
      files[`${prefix}${relative}`] = { body: await readFile(path), type: 'text/javascript; charset=utf-8' };
    }
  };
  await add('packages/sdk/dist/', '/sdk/');
  await add('node_modules/oauth4webapi/build/', '/modules/oauth4webapi/build/');
  await add('node_modules/idb-keyval/dist/', '/modules/idb-keyval/dist/');
  return files;
}

export const sdkImportMap = '<script type="importmap">{"imports":{"@pwless/sdk":"/sdk/index.js","oauth4webapi":"/modules/oauth4webapi/build/index.js","idb-keyval":"/modules/idb-keyval/dist/index.js"}}</script>';
