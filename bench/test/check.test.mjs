// The CI check must fail the build on a breach; sizes alone keep these runs fast (no browser).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const run = fileURLToPath(new URL('../run.mjs', import.meta.url));
const check = (...budgets) =>
  spawnSync(process.execPath, [run, '--check', '--only', 'sizes', ...budgets.flatMap((budget) => ['--budget', budget])], { encoding: 'utf8' });

describe('the bench check', () => {
  it('exits non-zero and names the budget when the SDK entry is over it', () => {
    const { status, stdout, stderr } = check('sdk=100');
    assert.equal(status, 1);
    assert.match(stdout, /FAIL SDK default entry/);
    assert.match(stderr, /budget exceeded: sdk/);
  });

  it('exits zero when every measured figure is within its budget', () => {
    const { status, stdout } = check('sdk=10000000', 'cdn=10000000');
    assert.equal(status, 0);
    assert.doesNotMatch(stdout, /FAIL/);
  });
});
