import { randomBytes } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Redis } from 'ioredis';
import { emptyDatabase, StoreError, type Database, type Store } from './store.js';

const lockRetryMs = 5;
const lockTimeoutMs = 10_000;
/** A lock outlives a process that died holding it by this long at most. */
const lockLeaseMs = 15_000;

/** Deletes the lock only when it is still ours: a lease that ran out may belong to another process now. */
const releaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * The shared store for several provider processes: the same state as the file store, in Redis.
 * A transaction takes a lock (`SET NX PX`, released only by its owner), reads the state, works and
 * writes it back with a new version number in one `MULTI`, so two processes never interleave: a
 * try is counted once, a code is spent once, a rate limit holds across processes. Readers reuse
 * their copy while the version is unchanged.
 */
export class RedisStore implements Store {
  readonly #redis: Redis;
  readonly #prefix: string;
  #data: Database | undefined;
  #version = '';
  #queue: Promise<unknown> = Promise.resolve();
  readonly #current = new AsyncLocalStorage<Database>();

  private constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  static async open(url: string, prefix = 'pwless-provider'): Promise<RedisStore> {
    // Fail fast while Redis is away: a sign-in then gets "try again" instead of hanging.
    const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, connectTimeout: 5_000 });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new StoreError(`store.redis ${new URL(url).host} cannot be reached: ${(error as Error).message}`);
    }
    const store = new RedisStore(redis, prefix);
    await store.transact(() => undefined);
    return store;
  }

  #key(name: string): string {
    return `${this.#prefix}:${name}`;
  }

  async read<T>(work: (data: Database) => T): Promise<T> {
    const inside = this.#current.getStore();
    if (inside) return work(inside);
    return work(await this.#load());
  }

  transact<T>(work: (data: Database) => T | Promise<T>): Promise<T> {
    const inside = this.#current.getStore();
    if (inside) return Promise.resolve(work(inside));
    const run = this.#queue.then(() => this.#transactNow(work));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.#redis.quit().catch(() => undefined);
  }

  async #transactNow<T>(work: (data: Database) => T | Promise<T>): Promise<T> {
    const token = await this.#lock();
    try {
      // Always the latest: another process may have written since our last read.
      this.#version = '';
      const data = await this.#load();
      let result: T;
      try {
        result = await this.#current.run(data, () => work(data));
      } catch (error) {
        this.#data = undefined;
        this.#version = '';
        throw error;
      }
      const replies = await this.#command(() => this.#redis.multi().set(this.#key('db'), JSON.stringify(data)).incr(this.#key('version')).exec());
      const version = replies?.[1]?.[1];
      this.#data = data;
      this.#version = String(version);
      return result;
    } finally {
      await this.#redis.eval(releaseScript, 1, this.#key('lock'), token).catch(() => undefined);
    }
  }

  async #load(): Promise<Database> {
    const version = (await this.#command(() => this.#redis.get(this.#key('version')))) ?? '0';
    if (this.#data && version === this.#version) return this.#data;
    const text = await this.#command(() => this.#redis.get(this.#key('db')));
    this.#data = text ? (JSON.parse(text) as Database) : emptyDatabase();
    this.#version = version;
    return this.#data;
  }

  async #lock(): Promise<string> {
    const token = randomBytes(16).toString('base64url');
    const started = Date.now();
    for (;;) {
      const taken = await this.#command(() => this.#redis.set(this.#key('lock'), token, 'PX', lockLeaseMs, 'NX'));
      if (taken === 'OK') return token;
      if (Date.now() - started > lockTimeoutMs) throw new StoreError('the Redis store stays locked; is another process stuck?');
      await new Promise((resolve) => setTimeout(resolve, lockRetryMs));
    }
  }

  /** A Redis command; a lost connection becomes a StoreError, which the server answers with "try again". */
  async #command<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new StoreError(`the Redis store is unavailable: ${(error as Error).message}`);
    }
  }
}
