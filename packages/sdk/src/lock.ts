import { PwlessError } from './errors.js';

/** How long a tab waits for another tab's refresh before it takes the lock away. */
const lockTimeout = 10_000;

/**
 * Runs `work` while holding the Web Lock `name`, so only one tab at a time does it. A tab that
 * holds the lock too long (frozen, or stuck on a dead connection) has it stolen after `timeout`,
 * so no tab can deadlock the others. Without the Web Locks API, `work` just runs.
 * @see https://w3c.github.io/web-locks/#dom-lockmanager-request
 */
export async function withLock<T>(name: string, work: () => Promise<T>, signal?: AbortSignal, timeout = lockTimeout): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return work();
  const waited = AbortSignal.timeout(timeout);
  let granted = false;
  try {
    return await locks.request(name, { signal: signal ? AbortSignal.any([signal, waited]) : waited }, () => {
      granted = true;
      return work();
    });
  } catch (error) {
    // Only a lock that never came is stolen; a failure of `work` itself is the caller's to see.
    if (granted) throw error;
    if (signal?.aborted) throw new PwlessError('aborted', 'the operation was aborted', { cause: error });
    if (!waited.aborted) throw error;
    return locks.request(name, { steal: true }, work);
  }
}
