// docs/frameworks.md shows the tests' own code: each snippet marked `<!-- verbatim: path -->` must
// be found, character for character, in that file (which e2e/typings.test.mjs and
// e2e/frameworks.test.mjs compile and run; the server-rendering examples/ by e2e/ssr-*.test.mjs).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

const root = new URL('../', import.meta.url);
const doc = await readFile(new URL('docs/frameworks.md', root), 'utf8');
const snippets = [...doc.matchAll(/<!-- verbatim: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)].map(([, path, code]) => ({ path, code }));

const serverRendering = snippets.filter(({ path }) => path.startsWith('examples/'));

describe('docs/frameworks.md', () => {
  it('has a snippet for React, Vue, Svelte, Solid, Angular and plain HTML', () => {
    for (const heading of ['React 19', 'Vue 3', 'Svelte 5', 'Solid', 'Angular', 'Plain HTML']) assert.match(doc, new RegExp(`^## ${heading}$`, 'm'));
    assert.equal(snippets.length - serverRendering.length, 6);
  });

  it('has a server-rendering section with snippets for Next.js, Nuxt and SvelteKit', () => {
    for (const heading of ['Next.js (App Router)', 'Nuxt', 'SvelteKit']) assert.match(doc, new RegExp(`^### ${heading.replace(/[()]/g, '\\$&')}$`, 'm'));
    assert.deepEqual(serverRendering.map(({ path }) => path.split('/')[1]), ['nextjs', 'nextjs', 'nuxt', 'nuxt', 'sveltekit', 'sveltekit']);
  });

  for (const { path, code } of snippets) {
    it(`shows ${path} verbatim`, async () => {
      const source = await readFile(new URL(path, root), 'utf8');
      assert.ok(source.includes(code), `the snippet from ${path} no longer matches the file`);
    });
  }
});
