import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';

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

/**
 * idb-keyval's store of one table, used through its `UseStore` directly: its `get`/`set`/`del`
 * helpers would each bring along the default database this SDK never opens.
 */
function indexedDbStore(database: string, table: string): KeyValueStore {
  // Opened on first use, so merely importing the SDK never touches IndexedDB.
  let store: UseStore | undefined;
  const use = <T>(mode: IDBTransactionMode, work: (objects: IDBObjectStore) => Promise<T>) => (store ??= createStore(database, table))(mode, work);
  const write = (change: (objects: IDBObjectStore) => unknown) => use('readwrite', (objects) => (change(objects), promisifyRequest(objects.transaction)));
  return {
    get: <T>(key: string) => use('readonly', (objects) => promisifyRequest<T | undefined>(objects.get(key))),
    set: (key, value) => write((objects) => objects.put(value, key)),
    delete: (key) => write((objects) => objects.delete(key)),
    values: <T>() => use('readonly', (objects) => promisifyRequest<T[]>(objects.getAll())),
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
