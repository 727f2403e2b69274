import { expect } from '@open-wc/testing';
import { withLock } from '../src/lock.js';
import { rejection } from './support/helpers.js';

describe('cross-tab lock', () => {
  it('runs the work of one holder at a time', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const order: string[] = [];
    const slow = withLock(name, async () => {
      order.push('a starts');
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('a ends');
    });
    const fast = withLock(name, async () => void order.push('b'));
    await Promise.all([slow, fast]);
    expect(order).to.deep.equal(['a starts', 'a ends', 'b']);
  });

  it('steals the lock from a holder stuck past the timeout, so nobody deadlocks', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const stuck = navigator.locks.request(name, () => new Promise(() => undefined)).catch((error: unknown) => error);
    const result = await withLock(name, async () => 'ran', undefined, 100);
    expect(result).to.equal('ran');
    expect((await stuck as DOMException).name).to.equal('AbortError');
  });

  it('gives up waiting with aborted when the caller aborts, without stealing', async () => {
    const name = `test-${crypto.randomUUID()}`;
    let release = () => {};
    void navigator.locks.request(name, () => new Promise<void>((resolve) => (release = resolve)));
    const error = await rejection(withLock(name, async () => 'ran', AbortSignal.timeout(50), 5000));
    expect(error.code).to.equal('aborted');
    release();
  });
});
