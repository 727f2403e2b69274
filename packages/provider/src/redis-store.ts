import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { DocumentStore, StoreError, type Database, type ModelStore } from './store.js';

/**
 * A lock outlives a process that died holding it by this long at most: less than other processes
 * wait for it (`lockTimeoutMs`), so they go on instead of answering "try again" meanwhile.
 */
const lockLeaseMs = 6_000;

/**
 * Writes the document and its new version only while the lock is still ours: a transaction that
 * outlived its lease (another process may hold the lock now) is refused instead of overwriting.
 */
const saveScript = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return redis.error_reply('the lock was lost') end
redis.call('set', KEYS[2], ARGV[2])
return redis.call('incr', KEYS[3])`;

/** Deletes the lock only when it is still ours: a lease that ran out may belong to another process now. */
const releaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Saves one model (a hash: its payload, later its `consumed` time) with its lifetime, and indexes
 * it: KEYS[2..1+ARGV[3]] are sets (the grant's, the account's) that get the model's key and live
 * as long as their longest member; the remaining keys (uid, userCode) name the model's id.
 */
const upsertScript = `
local ttl = tonumber(ARGV[2])
local sets = tonumber(ARGV[3])
redis.call('del', KEYS[1])
redis.call('hset', KEYS[1], 'payload', ARGV[1])
if ttl > 0 then redis.call('pexpire', KEYS[1], ttl) end
for i = 2, #KEYS do
  local isSet = i <= 1 + sets
  local existed = redis.call('exists', KEYS[i]) == 1
  local left = -2
  if existed then left = redis.call('pttl', KEYS[i]) end
  if isSet then redis.call('sadd', KEYS[i], KEYS[1]) else redis.call('set', KEYS[i], ARGV[4]) end
  if ttl == 0 then
    redis.call('persist', KEYS[i])
  elseif (not isSet) or (not existed) or (left >= 0 and left < ttl) then
    redis.call('pexpire', KEYS[i], ttl)
  end
end
return 1`;

/** Marks a model spent once: 1 for the call that did, 0 when it was spent already, -1 when it is gone. */
const consumeScript = `
if redis.call('exists', KEYS[1]) == 0 then return -1 end
return redis.call('hsetnx', KEYS[1], 'consumed', ARGV[1])`;

/** Deletes every model a set (a grant's, an account's) names, and the set. */
const revokeScript = `
local members = redis.call('smembers', KEYS[1])
for _, key in ipairs(members) do redis.call('del', key) end
redis.call('del', KEYS[1])
return #members`;

/**
 * The shared store for several provider processes. The passwordless rules' state (sign-ins in
 * progress, users, send counts, keys) is one document under a lock (`SET NX PX`, released only by
 * its owner) and written back with a new version number by a script that first checks the lock is
 * still its own, so two processes never interleave: a try is counted once, a code is spent once, a rate limit holds across processes.
 * Readers reuse their copy while the version is unchanged.
 *
 * oidc-provider's models are not in that document: each is a key of its own that Redis expires
 * (`PEXPIRE`) when the model does, indexed by grant, account, uid and user code, and spent with an
 * atomic `HSETNX`, so tokens and sessions never wait for the lock and nothing expired stays behind.
 * Expired sign-ins and send counts leave the document in the sweep both stores share.
 */
export class RedisStore extends DocumentStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly models: ModelStore;

  private constructor(redis: Redis, prefix: string) {
    super();
    this.#redis = redis;
    this.#prefix = prefix;
    this.models = this.#keyedModels();
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

  override async close(): Promise<void> {
    await super.close();
    await this.#redis.quit().catch(() => undefined);
  }

  #key(name: string): string {
    return `${this.#prefix}:${name}`;
  }

  protected async tryLock(): Promise<string | undefined> {
    const token = randomBytes(16).toString('base64url');
    const taken = await this.#command(() => this.#redis.set(this.#key('lock'), token, 'PX', lockLeaseMs, 'NX'));
    return taken === 'OK' ? token : undefined;
  }

  protected async unlock(token: string): Promise<void> {
    await this.#redis.eval(releaseScript, 1, this.#key('lock'), token);
  }

  protected describeLock(): string {
    return 'the Redis store';
  }

  protected async savedVersion(): Promise<string> {
    return (await this.#command(() => this.#redis.get(this.#key('version')))) ?? 'none';
  }

  protected async loadSaved(): Promise<Database | undefined> {
    const text = await this.#command(() => this.#redis.get(this.#key('db')));
    return text ? (JSON.parse(text) as Database) : undefined;
  }

  protected async save(data: Database, token: string): Promise<string> {
    return String(await this.#command(() => this.#redis.eval(saveScript, 3, this.#key('lock'), this.#key('db'), this.#key('version'), token, JSON.stringify(data))));
  }

  /** A Redis command; a lost connection becomes a StoreError, which the server answers with "try again". */
  async #command<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new StoreError(`the Redis store is unavailable: ${(error as Error).message}`);
    }
  }

  #keyedModels(): ModelStore {
    const redis = this.#redis;
    const command = <T>(run: () => Promise<T>) => this.#command(run);
    const modelKey = (model: string, id: string) => this.#key(`oidc:${model}:${id}`);
    const indexKey = (field: string, model: string, value: string) => this.#key(`oidc:${field}:${model}:${value}`);
    const setKey = (kind: 'grant' | 'account', value: string) => this.#key(`oidc:${kind}:${value}`);
    const find = async (model: string, id: string): Promise<Record<string, unknown> | undefined> => {
      const fields = await command(() => redis.hgetall(modelKey(model, id)));
      if (!fields['payload']) return undefined;
      const payload = JSON.parse(fields['payload']) as Record<string, unknown>;
      if (fields['consumed'] !== undefined) payload['consumed'] = Number(fields['consumed']);
      return payload;
    };
    return {
      async upsert(model, id, payload, expiresIn) {
        const sets: string[] = [];
        if (typeof payload['grantId'] === 'string') sets.push(setKey('grant', payload['grantId']));
        if (typeof payload['accountId'] === 'string') sets.push(setKey('account', payload['accountId']));
        const names: string[] = [];
        if (typeof payload['uid'] === 'string') names.push(indexKey('uid', model, payload['uid']));
        if (typeof payload['userCode'] === 'string') names.push(indexKey('userCode', model, payload['userCode']));
        const keys = [modelKey(model, id), ...sets, ...names];
        await command(() => redis.eval(upsertScript, keys.length, ...keys, JSON.stringify(payload), String(Math.max(0, Math.round(expiresIn * 1000))), String(sets.length), id));
      },
      find,
      async findBy(model, field, value) {
        const id = await command(() => redis.get(indexKey(field, model, value)));
        if (id === null) return undefined;
        const payload = await find(model, id);
        return payload?.[field] === value ? payload : undefined;
      },
      async consume(model, id) {
        const outcome = await command(() => redis.eval(consumeScript, 1, modelKey(model, id), String(Math.floor(Date.now() / 1000))));
        return outcome === 1 ? 'spent' : outcome === 0 ? 'already' : 'gone';
      },
      async destroy(model, id) {
        await command(() => redis.del(modelKey(model, id)));
      },
      async revokeByGrantId(grantId) {
        await command(() => redis.eval(revokeScript, 1, setKey('grant', grantId)));
      },
      async revokeByAccountId(accountId) {
        await command(() => redis.eval(revokeScript, 1, setKey('account', accountId)));
      },
    };
  }
}
