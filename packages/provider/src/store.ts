import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { emptyState, defaultConfig, type MockState, type User } from '@pwless/mock/rules';
import type { KeySet } from './keys.js';

/** An account: added by the administrator (or by an open sign-up), with extra claims for apps. */
export interface ProviderUser extends User {
  name?: string;
  /** Extra claims for the ID token and userinfo, e.g. `immich_role`. */
  claims?: Record<string, string | number | boolean>;
}

/** One stored oidc-provider model instance (a session, grant, code, token, interaction...). */
export interface StoredModel {
  payload: Record<string, unknown>;
  /** Milliseconds since the epoch; absent: does not expire by itself. */
  expiresAt?: number;
}

/** Everything the provider keeps. One JSON document in one file. */
export interface Database {
  version: 1;
  /** The passwordless rules' state: sign-ins in progress, users, send counts, the dev mail catcher. */
  rules: Omit<MockState, 'users'> & { users: Record<string, ProviderUser> };
  /** oidc-provider's models by name, then id. */
  oidc: Record<string, Record<string, StoredModel>>;
  keys?: KeySet;
  /** How each sign-in on the provider's own page was proven (by grant id), until the page finishes it. */
  signIns: Record<string, { amr: string[]; authTime: number; expiresAt: number }>;
}

/**
 * oidc-provider's models (sessions, grants, codes, tokens, interactions), kept by model name and
 * id. Each call is one atomic step of its own: none waits for a transaction on the rest of the
 * state.
 */
export interface ModelStore {
  upsert(model: string, id: string, payload: Record<string, unknown>, expiresIn: number): Promise<void>;
  find(model: string, id: string): Promise<Record<string, unknown> | undefined>;
  /** The model whose payload has `field` (`uid` of a session, `userCode` of a device code) equal to `value`. */
  findBy(model: string, field: 'uid' | 'userCode', value: string): Promise<Record<string, unknown> | undefined>;
  /**
   * Marks a code or token spent, once: `spent` for the one call that did, `already` when another
   * call (in any process) spent it first, `gone` when it no longer exists.
   */
  consume(model: string, id: string): Promise<'spent' | 'already' | 'gone'>;
  destroy(model: string, id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
  /** Ends every model of an account (a removed user). */
  revokeByAccountId(accountId: string): Promise<void>;
}

/**
 * Where the provider keeps its state. `transact` runs work alone on the state across every process
 * that shares the store and saves what it changed (nothing when it throws); nested calls join the
 * outer one. `read` sees the latest saved state, or the current transaction's. `models` keeps
 * oidc-provider's models.
 */
export interface Store {
  read<T>(work: (data: Database) => T): Promise<T>;
  transact<T>(work: (data: Database) => T | Promise<T>): Promise<T>;
  readonly models: ModelStore;
  close(): Promise<void>;
}

export function emptyDatabase(): Database {
  return { version: 1, rules: { ...emptyState({ ...defaultConfig }), users: {} }, oidc: {}, signIns: {} };
}

/** The data directory cannot be used; the message says why. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

const lockRetryMs = 2;
const lockRetryMaxMs = 25;
export const lockTimeoutMs = 10_000;
const cleanupEveryMs = 60_000;

/**
 * What the file and Redis stores share: the state as one document, a lock across processes
 * around each transaction, a cached copy reused while the saved version is unchanged, and now and
 * then a sweep of what expired. A subclass says how to lock, how to tell the saved version, and
 * how to load and save the document.
 */
export abstract class DocumentStore implements Store {
  abstract readonly models: ModelStore;
  #data: Database | undefined;
  #version = '';
  /** Counts changes of the cache, so a slow read cannot overwrite a newer copy with its older one. */
  #epoch = 0;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #current = new AsyncLocalStorage<Database>();
  #lastCleanup = 0;

  /** Tries once to take the lock across processes: a token to release it with, or undefined when it is taken. */
  protected abstract tryLock(): Promise<string | undefined>;
  protected abstract unlock(token: string): Promise<void>;
  /** Names the saved version ('none' when nothing is saved yet); it changes with every save. */
  protected abstract savedVersion(): Promise<string>;
  /** The saved document, or undefined when nothing is saved yet. */
  protected abstract loadSaved(): Promise<Database | undefined>;
  /** Saves the document whole under the lock `token` names; answers the new version. */
  protected abstract save(data: Database, token: string): Promise<string>;
  /** Says what the lock is, for the message when it stays taken. */
  protected abstract describeLock(): string;

  /** Reads the current state (reloaded when another process saved). Inside a transaction, that transaction's state. */
  async read<T>(work: (data: Database) => T): Promise<T> {
    const inside = this.#current.getStore();
    if (inside) return work(inside);
    return work(await this.#load());
  }

  /** Runs `work` alone on the state, across processes, and saves what it changed; nested calls join the outer one. */
  transact<T>(work: (data: Database) => T | Promise<T>): Promise<T> {
    const inside = this.#current.getStore();
    if (inside) return Promise.resolve(work(inside));
    const run = this.#queue.then(() => this.#transactNow(work));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for the transactions under way. */
  async close(): Promise<void> {
    await this.#queue;
  }

  async #transactNow<T>(work: (data: Database) => T | Promise<T>): Promise<T> {
    const token = await this.#lock();
    try {
      const data = await this.#load();
      let result: T;
      try {
        result = await this.#current.run(data, () => work(data));
      } catch (error) {
        // Forget the changes the failed work made in memory: the next access loads the saved state.
        this.#forget();
        throw error;
      }
      this.#cleanup(data);
      try {
        const version = await this.save(data, token);
        this.#epoch++;
        this.#data = data;
        this.#version = version;
      } catch (error) {
        this.#forget();
        throw error;
      }
      return result;
    } finally {
      await this.unlock(token).catch(() => undefined);
    }
  }

  #forget(): void {
    this.#epoch++;
    this.#data = undefined;
    this.#version = '';
  }

  /**
   * The saved state, from the cache while the saved version is unchanged. A read that finishes
   * after a transaction of this process saved (or forgot) does not put its older copy in the cache.
   */
  async #load(): Promise<Database> {
    const epoch = this.#epoch;
    const version = await this.savedVersion();
    if (this.#data && version === this.#version) return this.#data;
    const data = (await this.loadSaved()) ?? emptyDatabase();
    if (epoch === this.#epoch) {
      this.#epoch++;
      this.#data = data;
      this.#version = version;
    }
    return data;
  }

  /** Takes the lock, trying again after a wait that grows (with jitter) while another process holds it. */
  async #lock(): Promise<string> {
    const started = Date.now();
    for (let wait = lockRetryMs; ; wait = Math.min(lockRetryMaxMs, wait * 1.5)) {
      const token = await this.tryLock();
      if (token !== undefined) return token;
      if (Date.now() - started > lockTimeoutMs) throw new StoreError(`${this.describeLock()} stays locked; is another process stuck?`);
      await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
    }
  }

  /** Drops expired models, sign-ins and send counts now and then, so the document stays small. */
  #cleanup(data: Database): void {
    const now = Date.now();
    if (now - this.#lastCleanup < cleanupEveryMs) return;
    this.#lastCleanup = now;
    for (const models of Object.values(data.oidc)) {
      for (const [id, model] of Object.entries(models)) if (model.expiresAt !== undefined && model.expiresAt <= now) delete models[id];
    }
    for (const [id, signIn] of Object.entries(data.signIns)) if (signIn.expiresAt <= now) delete data.signIns[id];
    for (const [id, session] of Object.entries(data.rules.sessions)) if (session.expiresAt <= now) delete data.rules.sessions[id];
    for (const [key, times] of Object.entries(data.rules.sends)) {
      const recent = times.filter((time) => time > now - 3600_000);
      if (recent.length === 0) delete data.rules.sends[key];
      else data.rules.sends[key] = recent;
    }
  }
}

function alive(entry: StoredModel | undefined): Record<string, unknown> | undefined {
  if (!entry || (entry.expiresAt !== undefined && entry.expiresAt <= Date.now())) return undefined;
  // A copy: oidc-provider may change what it is given, which must not change the store unsaved.
  return structuredClone(entry.payload);
}

/** oidc-provider's models inside the document (`data.oidc`), each call a transaction of its own. */
export function documentModels(store: Store): ModelStore {
  const bucket = (data: Database, model: string) => (data.oidc[model] ??= {});
  const revokeWhere = (field: string, value: string) =>
    store.transact((data) => {
      for (const models of Object.values(data.oidc)) {
        for (const [id, entry] of Object.entries(models)) if (entry.payload[field] === value) delete models[id];
      }
    });
  return {
    upsert: (model, id, payload, expiresIn) =>
      store.transact((data) => {
        bucket(data, model)[id] = { payload: structuredClone(payload), ...(expiresIn ? { expiresAt: Date.now() + expiresIn * 1000 } : {}) };
      }),
    find: (model, id) => store.read((data) => alive(data.oidc[model]?.[id])),
    findBy: (model, field, value) => store.read((data) => alive(Object.values(data.oidc[model] ?? {}).find((entry) => entry.payload[field] === value))),
    consume: (model, id) =>
      store.transact((data) => {
        const entry = data.oidc[model]?.[id];
        if (!entry) return 'gone' as const;
        if (entry.payload['consumed'] !== undefined) return 'already' as const;
        entry.payload['consumed'] = Math.floor(Date.now() / 1000);
        return 'spent' as const;
      }),
    destroy: (model, id) =>
      store.transact((data) => {
        delete data.oidc[model]?.[id];
      }),
    revokeByGrantId: (grantId) => revokeWhere('grantId', grantId),
    revokeByAccountId: (accountId) => revokeWhere('accountId', accountId),
  };
}

/**
 * A lock older than this was left by a process that died mid-write. Most such locks are known
 * sooner: see `lockHolderGone`.
 */
const staleLockMs = 15_000;

/** The lock files this process holds now, by the token written in them. */
const locksHeldHere = new Set<string>();

/**
 * Whether the lock file's text (`host pid token`) names a process of this machine that is gone: one
 * killed mid-transaction (a crash, an OOM kill, `kill -9`), so a provider started again at once can
 * open its store instead of waiting out `staleLockMs`. A lock naming this process's own pid but none
 * of its tokens was left by an earlier process with the same pid (pid 1 of a restarted container).
 * A lock from another machine, or still being written, is judged by its age only.
 */
function lockHolderGone(text: string): boolean {
  const [host, pidText, token] = text.split(' ');
  const pid = Number(pidText);
  if (host !== hostname() || !token || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return !locksHeldHere.has(token);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The embedded store: one JSON file in the data directory, written whole to a temporary file,
 * flushed and renamed over the old one, so a crash leaves the old or the new state, never half of
 * one. Transactions hold a lock file, so the server and `pwless-provider users add` (another
 * process) can change it at the same time; each reloads the file when another process wrote it.
 * A transaction that throws writes nothing. oidc-provider's models are kept in the same file.
 */
export class FileStore extends DocumentStore {
  readonly file: string;
  readonly models: ModelStore = documentModels(this);
  readonly #lockFile: string;

  private constructor(dataDir: string) {
    super();
    this.file = join(dataDir, 'pwless-provider.json');
    this.#lockFile = `${this.file}.lock`;
  }

  /** Opens (creating when needed) the store in `dataDir`; refuses a directory it cannot write. */
  static async open(dataDir: string): Promise<FileStore> {
    try {
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      await access(dataDir, constants.W_OK | constants.R_OK);
    } catch (error) {
      throw new StoreError(`dataDir ${dataDir} cannot be used: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const store = new FileStore(dataDir);
    await store.transact(() => undefined);
    return store;
  }

  protected async savedVersion(): Promise<string> {
    try {
      const info = await stat(this.file);
      return `${info.ino}:${info.mtimeMs}:${info.size}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
      throw error;
    }
  }

  protected async loadSaved(): Promise<Database | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as Database;
    } catch (error) {
      throw new StoreError(`${this.file} is not readable JSON (${(error as Error).message}); restore it from a backup`);
    }
  }

  protected async save(data: Database): Promise<string> {
    const temporary = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file);
    return this.savedVersion();
  }

  protected describeLock(): string {
    return this.#lockFile;
  }

  protected async tryLock(): Promise<string | undefined> {
    const token = randomBytes(12).toString('base64url');
    try {
      const handle = await open(this.#lockFile, 'wx', 0o600);
      locksHeldHere.add(token);
      try {
        await handle.writeFile(`${hostname()} ${process.pid} ${token}`);
      } finally {
        await handle.close();
      }
      return token;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StoreError(`cannot lock ${this.#lockFile}: ${(error as NodeJS.ErrnoException).code}`);
    }
    const info = await stat(this.#lockFile).catch(() => undefined);
    if (!info) return undefined;
    const holder = await readFile(this.#lockFile, 'utf8').catch(() => '');
    if (Date.now() - info.mtimeMs > staleLockMs || lockHolderGone(holder)) await unlink(this.#lockFile).catch(() => undefined);
    return undefined;
  }

  protected async unlock(token: string): Promise<void> {
    locksHeldHere.delete(token);
    await unlink(this.#lockFile);
  }
}
