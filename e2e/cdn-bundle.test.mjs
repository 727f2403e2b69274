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
    assert.match(bundle, /Email address/);
    assert.doesNotMatch(bundle, /E-Mail-Adresse|Adresse e-mail|メールアドレス/);
    const files = await readdir(dist);
    for (const locale of ['de', 'fr', 'es', 'it', 'pt-br', 'nl', 'pl', 'ja', 'zh-hans', 'ar', 'he']) {
      const chunk = files.find((name) => name.startsWith(`pwless-login-${locale}-`) && name.endsWith('.min.js'));
      assert.ok(chunk, `no chunk for ${locale}`);
      assert.match(bundle, new RegExp(`import\\("\\./${chunk.replaceAll('.', '\\.')}"\\)`));
    }
  });

  it('stays within 24 KB min+gzip', async () => {
    const size = gzipSize(await readFile(new URL('pwless-login.min.js', dist)));
    assert.ok(size <= 24 * 1024, `pwless-login.min.js is ${size} bytes gzipped`);
  });
});
