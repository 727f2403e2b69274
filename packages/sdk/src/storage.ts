import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';

/** A small key-value store: IndexedDB in browsers, a `Map` where there is none (Node, SSR) or it fails. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  values<T>(): Promise<T[]>;
}

/**
 * idb-keyval's store of one table, used through its `UseStore` directly: its `get`/`set`/`del`
 * helpers would each bring along the default database this SDK never opens. Where there is no
 * IndexedDB (Node, SSR) or it fails (refused, a private window, over quota), the page keeps the
 * table in memory from then on: a sign-in still works, and only a reload forgets it.
 */
function indexedDbStore(database: string, table: string): KeyValueStore {
  // Opened on first use, so merely importing the SDK never touches IndexedDB.
  let store: UseStore | undefined;
  let memory: Map<string, unknown> | undefined;
  const use = async <T>(mode: IDBTransactionMode, work: (objects: IDBObjectStore) => Promise<T>, inMemory: (entries: Map<string, unknown>) => unknown): Promise<T> => {
    if (!memory) {
      try {
        return await (store ??= createStore(database, table))(mode, work);
      } catch {
        memory = new Map();
      }
    }
    return inMemory(memory) as T;
  };
  const write = (change: (objects: IDBObjectStore) => unknown, inMemory: (entries: Map<string, unknown>) => unknown) =>
    use('readwrite', (objects) => (change(objects), promisifyRequest<void>(objects.transaction)), (entries) => void inMemory(entries));
  return {
    get: <T>(key: string) => use('readonly', (objects) => promisifyRequest<T | undefined>(objects.get(key)), (entries) => entries.get(key)),
    set: (key, value) => write((objects) => objects.put(value, key), (entries) => entries.set(key, value)),
    delete: (key) => write((objects) => objects.delete(key), (entries) => entries.delete(key)),
    values: <T>() => use('readonly', (objects) => promisifyRequest<T[]>(objects.getAll()), (entries) => [...entries.values()]),
  };
}

const stores = new Map<string, KeyValueStore>();

/** The store named `table`, shared by every client in this page. */
export function keyValueStore(table: string): KeyValueStore {
  let store = stores.get(table);
  if (!store) {
    // Where there is no IndexedDB (Node, SSR), the first use fails and the store lives in memory.
    store = indexedDbStore(`pwless-${table}`, table);
    stores.set(table, store);
  }
  return store;
}
