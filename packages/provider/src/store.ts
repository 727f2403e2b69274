import { AsyncLocalStorage } from 'node:async_hooks';
import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
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
 * Where the provider keeps its state. `transact` runs work alone on the state across every process
 * that shares the store and saves what it changed (nothing when it throws); nested calls join the
 * outer one. `read` sees the latest saved state, or the current transaction's.
 */
export interface Store {
  read<T>(work: (data: Database) => T): Promise<T>;
  transact<T>(work: (data: Database) => T | Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function emptyDatabase(): Database {
  return { version: 1, rules: { ...emptyState({ ...defaultConfig }), users: {} }, oidc: {}, signIns: {} };
}

/** The data directory cannot be used; the message says why. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

const lockRetryMs = 5;
const lockTimeoutMs = 10_000;
/** A lock older than this was left by a process that died mid-write. */
const staleLockMs = 15_000;
const cleanupEveryMs = 60_000;

/**
 * The embedded store: one JSON file in the data directory, written whole to a temporary file,
 * flushed and renamed over the old one, so a crash leaves the old or the new state, never half of
 * one. Transactions hold a lock file, so the server and `pwless-provider users add` (another
 * process) can change it at the same time; each reloads the file when another process wrote it.
 * A transaction that throws writes nothing.
 */
export class FileStore implements Store {
  readonly file: string;
  readonly #lockFile: string;
  #data: Database | undefined;
  #stamp = '';
  #queue: Promise<unknown> = Promise.resolve();
  readonly #current = new AsyncLocalStorage<Database>();
  #lastCleanup = 0;

  private constructor(dataDir: string) {
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

  async close(): Promise<void> {
    await this.#queue;
  }

  /** Reads the current state (reloaded when another process changed the file). Inside a transaction, that transaction's state. */
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

  async #transactNow<T>(work: (data: Database) => T | Promise<T>): Promise<T> {
    await this.#lock();
    try {
      const data = await this.#load();
      let result: T;
      try {
        result = await this.#current.run(data, () => work(data));
      } catch (error) {
        // Forget the changes the failed work made in memory: the next access reloads the file.
        this.#data = undefined;
        this.#stamp = '';
        throw error;
      }
      this.#cleanup(data);
      await this.#save(data);
      return result;
    } finally {
      await unlink(this.#lockFile).catch(() => undefined);
    }
  }

  async #stampOfFile(): Promise<string> {
    try {
      const info = await stat(this.file);
      return `${info.ino}:${info.mtimeMs}:${info.size}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
      throw error;
    }
  }

  async #load(): Promise<Database> {
    const stamp = await this.#stampOfFile();
    if (this.#data && stamp === this.#stamp) return this.#data;
    if (stamp === 'none') {
      this.#data = emptyDatabase();
    } else {
      const text = await readFile(this.file, 'utf8');
      try {
        this.#data = JSON.parse(text) as Database;
      } catch (error) {
        throw new StoreError(`${this.file} is not readable JSON (${(error as Error).message}); restore it from a backup`);
      }
    }
    this.#stamp = stamp;
    return this.#data;
  }

  async #save(data: Database): Promise<void> {
    const temporary = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file);
    this.#data = data;
    this.#stamp = await this.#stampOfFile();
  }

  /** Drops expired models, sign-ins and send counts now and then, so the file stays small. */
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

  async #lock(): Promise<void> {
    const started = Date.now();
    for (;;) {
      try {
        const handle = await open(this.#lockFile, 'wx', 0o600);
        await handle.writeFile(String(process.pid));
        await handle.close();
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StoreError(`cannot lock ${this.#lockFile}: ${(error as NodeJS.ErrnoException).code}`);
      }
      const info = await stat(this.#lockFile).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > staleLockMs) {
        await unlink(this.#lockFile).catch(() => undefined);
        continue;
      }
      if (Date.now() - started > lockTimeoutMs) throw new StoreError(`${this.#lockFile} stays locked; is another process stuck?`);
      await new Promise((resolve) => setTimeout(resolve, lockRetryMs));
    }
  }
}
