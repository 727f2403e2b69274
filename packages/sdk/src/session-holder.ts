import { SessionEvent, SignedOutEvent } from './events.js';
import type { Persistence } from './options.js';
import { clearSession, readSession, writeSession, type StoredSession } from './session-store.js';
import { TabChannel, type TabMessage } from './tab-channel.js';
import type { Session, TimedSession } from './types.js';

export interface HolderOptions {
  /** `issuer|clientId`: names the stored session, the lock and the channel messages. */
  scope: string;
  persistence: Persistence;
  emit(event: Event): void;
  /** Called when another tab says a magic link was approved. */
  wake(): void;
}

/**
 * Holds the session of one client and keeps it in step with the other tabs. It does no network
 * work, so a page that only needs to know who is signed in never loads the protocol code.
 */
export class SessionHolder {
  readonly scope: string;
  readonly #options: HolderOptions;
  readonly #channel: TabChannel;
  #timed: TimedSession | undefined;
  /** The record of `persistence: 'memory'`; otherwise IndexedDB holds it, the one truth for all tabs. */
  #memory: StoredSession | undefined;
  #restored: Promise<void> | undefined;
  /** Changes whenever a different session (with possibly different DPoP keys) takes over. */
  #generation = 0;

  constructor(options: HolderOptions) {
    this.scope = options.scope;
    this.#options = options;
    this.#channel = new TabChannel(options.scope, (message) => this.#receive(message));
  }

  get timed(): TimedSession | undefined {
    return this.#timed;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Loads a persisted session once; fires `session` when there is one. */
  restore(): Promise<void> {
    if (!this.#restored) {
      this.#restored = this.read().then((stored) => {
        if (!stored || this.#timed) return;
        this.adopt(stored);
        this.#options.emit(new SessionEvent(stored.session));
      });
      // Storage that failed (blocked for a moment, a private mode) is asked again on the next call.
      this.#restored.catch(() => (this.#restored = undefined));
    }
    return this.#restored;
  }

  /** The newest record with the refresh token: this tab's in memory, or the stored one. */
  read(): Promise<StoredSession | undefined> {
    if (this.#options.persistence === 'memory') return Promise.resolve(this.#memory);
    return readSession(this.scope);
  }

  /** Keeps a new or renewed session (written before the caller's lock is released), tells the tabs, fires `session`. */
  async keep(stored: StoredSession, kind: 'signedin' | 'refreshed'): Promise<Session> {
    if (this.#options.persistence === 'memory') this.#memory = stored;
    else await writeSession(this.scope, this.#options.persistence, stored);
    this.adopt(stored);
    if (kind === 'signedin') this.#generation += 1;
    this.#channel.post({ type: kind, timed: this.#timed! });
    this.#options.emit(new SessionEvent(stored.session));
    return stored.session;
  }

  adopt(timed: TimedSession): void {
    this.#timed = { session: timed.session, refreshAt: timed.refreshAt };
  }

  /** Ends the session here; with `everywhere`, also in storage and in the other tabs. */
  async end(everywhere: boolean): Promise<void> {
    const hadSession = this.#timed !== undefined;
    this.#generation += 1;
    this.#timed = undefined;
    this.#memory = undefined;
    if (everywhere) {
      // A session kept in memory was never stored; storage need not even work.
      if (this.#options.persistence !== 'memory') await clearSession(this.scope);
      this.#channel.post({ type: 'signedout' });
    }
    if (hadSession) this.#options.emit(new SignedOutEvent());
  }

  post(message: TabMessage): void {
    this.#channel.post(message);
  }

  close(): void {
    this.#channel.close();
  }

  #receive(message: TabMessage): void {
    if (message.type === 'wake') this.#options.wake();
    else if (message.type === 'signedout') void this.end(false);
    else {
      if (message.type === 'signedin') this.#generation += 1;
      this.adopt(message.timed);
      this.#options.emit(new SessionEvent(message.timed.session));
    }
  }
}
