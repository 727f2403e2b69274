import { createStore, del, get, set, values, type UseStore } from 'idb-keyval';

/** A small key-value store: IndexedDB in browsers, a `Map` where there is none (Node, SSR). */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  values<T>(): Promise<T[]>;
}

function memoryStore(): KeyValueStore {
  const entries = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => entries.get(key) as T | undefined,
    set: async (key, value) => void entries.set(key, value),
    delete: async (key) => void entries.delete(key),
    values: async <T>() => [...entries.values()] as T[],
  };
}

function indexedDbStore(database: string, table: string): KeyValueStore {
  // Opened on first use, so merely importing the SDK never touches IndexedDB.
  let store: UseStore | undefined;
  const use = () => (store ??= createStore(database, table));
  return {
    get: <T>(key: string) => get<T>(key, use()),
    set: (key, value) => set(key, value, use()),
    delete: (key) => del(key, use()),
    values: <T>() => values<T>(use()),
  };
}

const stores = new Map<string, KeyValueStore>();

/** The store named `table`, shared by every client in this page. */
export function keyValueStore(table: string): KeyValueStore {
  let store = stores.get(table);
  if (!store) {
    store = typeof indexedDB === 'undefined' ? memoryStore() : indexedDbStore(`pwless-${table}`, table);
    stores.set(table, store);
  }
  return store;
}
