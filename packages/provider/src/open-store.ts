import type { ProviderConfig } from './config.js';
import { RedisStore } from './redis-store.js';
import { FileStore, type Store } from './store.js';

/** The store the config names: Redis for several processes, else the file in the data directory. */
export function openStore(config: ProviderConfig): Promise<Store> {
  return config.store?.redis ? RedisStore.open(config.store.redis) : FileStore.open(config.dataDir);
}
