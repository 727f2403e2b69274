import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultBudgets, evaluateBudgets, parseBudgetOverrides } from '../lib/budgets.mjs';

const withinBudget = {
  sizes: { sdk: { gzip: 9_000 }, cdn: { gzip: 18_000 } },
  sdkSignIn: { scriptGzipBytes: 15_000 },
  signIn: { requestsAfterEmailCount: 3, scriptGzipBytes: 29_000 },
  memory: { detachedElements: 0 },
};

describe('the bench budgets', () => {
  it('pass figures at or under every limit', () => {
    const verdicts = evaluateBudgets(withinBudget);
    assert.deepEqual(verdicts.map(({ name, ok }) => [name, ok]), [['sdk', true], ['cdn', true], ['sdkSignIn', true], ['signIn', true], ['requests', true], ['detached', true]]);
  });

  it('fail an SDK entry over 12 kB and a CDN bundle over 24 kB', () => {
    const verdicts = evaluateBudgets({ ...withinBudget, sizes: { sdk: { gzip: 12_001 }, cdn: { gzip: 24_001 } } });
    assert.deepEqual(verdicts.filter(({ ok }) => !ok).map(({ name }) => name), ['sdk', 'cdn']);
  });

  it('fail a fourth request after the email is typed', () => {
    const verdicts = evaluateBudgets({ ...withinBudget, signIn: { ...withinBudget.signIn, requestsAfterEmailCount: 4 } });
    assert.deepEqual(verdicts.filter(({ ok }) => !ok).map(({ name }) => name), ['requests']);
  });

  it('fail a code sign-in that downloads more than its ceiling, with the SDK alone or with the element', () => {
    const verdicts = evaluateBudgets({ ...withinBudget, sdkSignIn: { scriptGzipBytes: 15_501 }, signIn: { ...withinBudget.signIn, scriptGzipBytes: 30_001 } });
    assert.deepEqual(verdicts.filter(({ ok }) => !ok).map(({ name }) => name), ['sdkSignIn', 'signIn']);
  });

  it('fail when one detached element remains', () => {
    const verdicts = evaluateBudgets({ ...withinBudget, memory: { detachedElements: 1 } });
    assert.deepEqual(verdicts.filter(({ ok }) => !ok).map(({ name }) => name), ['detached']);
  });

  it('judge only what was measured', () => {
    assert.deepEqual(evaluateBudgets({ sizes: withinBudget.sizes }).map(({ name }) => name), ['sdk', 'cdn']);
  });

  it('take overrides by name and refuse unknown names', () => {
    assert.equal(parseBudgetOverrides(['sdk=100']).sdk, 100);
    assert.equal(parseBudgetOverrides(['sdk=100']).cdn, defaultBudgets.cdn);
    assert.throws(() => parseBudgetOverrides(['speed=1']), TypeError);
  });
});
