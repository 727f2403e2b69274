import { createStore, get, set } from 'idb-keyval';
import type { MockState, MockStore } from './state.js';

const lockName = 'pwless-mock-state';

/**
 * A store in IndexedDB, shared by every tab of the origin and kept across reloads. msw runs the
 * handlers inside each page, so without this every tab would be a different server.
 * Web Locks serialize transactions across tabs.
 */
export function indexedDbStore(initial: () => MockState, databaseName = 'pwless-mock'): MockStore {
  const database = createStore(databaseName, 'state');
  return {
    transact<T>(work: (state: MockState) => T | Promise<T>): Promise<T> {
      return navigator.locks.request(lockName, async (): Promise<T> => {
        const stored = await get<MockState>('state', database);
        const fresh = initial();
        // State saved by an older version lacks newer fields: fill them from a fresh state.
        const state = stored ? { ...fresh, ...stored, config: { ...fresh.config, ...stored.config } } : fresh;
        const result = await work(state);
        await set('state', state, database);
        return result;
      }) as Promise<T>;
    },
  };
}
