import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bundleGraph, relativeImports } from '../lib/sizes.mjs';

describe('the size scan of a built bundle', () => {
  it('tells static imports from lazy ones in minified output', () => {
    const source = 'import{a as b}from"./shared-1a2b.js";export*from"./more.js";const l={de:()=>import("./de-9f8e.js")};import"./side.js";';
    assert.deepEqual(relativeImports(source), { statics: ['./shared-1a2b.js', './more.js', './side.js'], dynamics: ['./de-9f8e.js'] });
  });

  it('counts shared chunks in the initial load and each lazy locale on its own', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pwless-bench-test-'));
    try {
      await writeFile(join(folder, 'entry.js'), 'import"./shared.js";const m={de:()=>import("./de.js"),fr:()=>import("./fr.js")};');
      await writeFile(join(folder, 'shared.js'), 'export const s=1;');
      await writeFile(join(folder, 'de.js'), 'import{s}from"./shared.js";export default{s};');
      await writeFile(join(folder, 'fr.js'), 'export default{};');
      const { initial, lazy } = await bundleGraph(join(folder, 'entry.js'));
      assert.deepEqual(initial.map((file) => file.slice(folder.length + 1)), ['entry.js', 'shared.js']);
      assert.deepEqual(lazy.map((file) => file.slice(folder.length + 1)), ['de.js', 'fr.js']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
