// The CDN bundle: English inside, every other language in its own chunk next to it, within budget.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';

const dist = new URL('../packages/login/dist/', import.meta.url);
const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

describe('the CDN bundle', () => {
  it('carries English and loads the other languages as separate chunks', async () => {
    const bundle = await readFile(new URL('pwless-login.min.js', dist), 'utf8');
    assert.ok(bundle.includes('Email address'), 'English is not built in');
    assert.ok(!/E-Mail-Adresse|Adresse e-mail|メールアドレス/.test(bundle), 'another language is built in');
    // Only what the bundle imports counts: rollup leaves older builds' chunks in the folder.
    const files = await readdir(dist);
    const imported = [...bundle.matchAll(/import\("\.\/(pwless-login-[\w-]+\.min\.js)"\)/g)].map((match) => match[1]);
    for (const locale of ['de', 'fr', 'es', 'it', 'pt-br', 'nl', 'pl', 'ja', 'zh-hans', 'ar', 'he']) {
      const chunk = imported.find((name) => name.startsWith(`pwless-login-${locale}-`));
      assert.ok(chunk, `the bundle imports no chunk for ${locale}`);
      assert.ok(files.includes(chunk), `${chunk} is missing`);
    }
  });

  it('stays within 24 KB min+gzip', async () => {
    const size = gzipSize(await readFile(new URL('pwless-login.min.js', dist)));
    assert.ok(size <= 24 * 1024, `pwless-login.min.js is ${size} bytes gzipped`);
  });
});
