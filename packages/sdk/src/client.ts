import type { AuthorizationServer } from 'oauth4webapi';
import type { Engine } from './engine.js';
import type { Dialect } from './dialect.js';
import { assertOnline, networkFailures, PwlessError, toPwlessError } from './errors.js';
import type { PwlessClientEventMap } from './events.js';
import { loginHint } from './identifier.js';
import type { LinkInfo } from './link.js';
import type { RedirectHints } from './redirect.js';
import { resolveOptions, type ClientOptions, type ResolvedOptions } from './options.js';
import type { PasskeyCalls } from './passkeys.js';
import { SessionHolder } from './session-holder.js';
import type { Challenge, Identifier, Passkey, PasskeySignInOptions, PasskeySupport, Session, StartOptions } from './types.js';

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface PwlessClient {
  addEventListener<K extends keyof PwlessClientEventMap>(type: K, listener: (event: PwlessClientEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof PwlessClientEventMap>(type: K, listener: (event: PwlessClientEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
}

/**
 * A passwordless sign-in client for one issuer and one public client. Create it with `createClient`.
 * Knowing who is signed in needs no protocol code; the first call that talks to the provider loads
 * it (call `discover()` early to have it ready).
 */
export class PwlessClient extends EventTarget {
  readonly #options: ResolvedOptions;
  readonly #holder: SessionHolder;
  #engine: Promise<Dialect> | undefined;
  #loaded: Dialect | undefined;

  constructor(options: ClientOptions) {
    super();
    this.#options = resolveOptions(options);
    this.#holder = new SessionHolder({
      scope: `${this.#options.issuer.href}|${this.#options.clientId}`,
      persistence: this.#options.persistence,
      emit: (event) => this.dispatchEvent(event),
      wake: () => this.#loaded?.wake(),
    });
  }

  /** The current session, or `undefined` when signed out. It never holds the refresh token. */
  get session(): Session | undefined {
    return this.#holder.timed?.session;
  }

  /** The challenge of the sign-in in progress in this page, if any. */
  get challenge(): Challenge | undefined {
    return this.#loaded?.challenge;
  }

  /** Fetches (once per page) the provider's metadata. Call it early, e.g. while the user types. */
  discover(signal?: AbortSignal): Promise<AuthorizationServer> {
    return this.#run(signal, (engine) => engine.discover(signal));
  }

  /**
   * Picks up where this browser left off: a persisted session, and the newest sign-in still in
   * progress (after a reload, or in the tab a magic link opened). Answers its challenge.
   */
  async resume(): Promise<Challenge | undefined> {
    await this.#storage(this.#holder.restore());
    return this.#run(undefined, (engine) => engine.requirePending().then((pending) => pending.challenge, () => undefined));
  }

  /**
   * Asks the provider to send a code (or a link) to the user. In redirect mode, and in `auto` mode
   * against a provider without a challenge endpoint, the page navigates to the provider instead
   * and the promise never settles.
   */
  start(identifier: Identifier, options: StartOptions = {}): Promise<Challenge> {
    const hint = loginHint(identifier);
    if (hint instanceof PwlessError) return Promise.reject(hint);
    if (options.delivery === 'link') needsPage('linkUri', this.#options.linkUri);
    return this.#run(options.signal, (engine) => engine.start(hint, options));
  }

  /** Sends the code the user typed; on success the user is signed in. */
  verify(code: string, options: CallOptions = {}): Promise<Session> {
    return this.#run(options.signal, (engine) => engine.verify(String(code).replace(/\s|-/g, ''), options.signal));
  }

  /** Asks for a new code (or link); every older one stops working. Fires `challenge`. */
  resend(options: CallOptions = {}): Promise<Challenge> {
    return this.#run(options.signal, (engine) => engine.resend(options.signal));
  }

  /**
   * Waits until the user approves the magic link (here, in another tab or on another device), then
   * finishes the sign-in. Polls at the provider's `interval`, slows down when told, rests while the
   * page is hidden, and wakes at once when another tab of this browser approves the link.
   */
  waitForApproval(options: CallOptions = {}): Promise<Session> {
    return this.#run(options.signal, async (engine) => (await engine.linkFlow()).waitForApproval(engine, options.signal));
  }

  /** On the link landing page: what the link would approve, without spending it. */
  inspectLink(url: string | URL, options: CallOptions = {}): Promise<LinkInfo> {
    return this.#run(options.signal, async (engine) => (await engine.linkFlow()).inspectLink(engine, url, options.signal));
  }

  /**
   * On the link landing page: approves the sign-in (this spends the link). When this browser holds
   * the sign-in and no tab is waiting for it, this page finishes it and answers the session;
   * otherwise the waiting tab (or device) does, and this answers `undefined`. `loginHint`: the
   * address typed on the landing page, for a backend that asks for it again when the link is
   * opened on another device (Firebase); others ignore it.
   */
  approveLink(url: string | URL, options: CallOptions & { loginHint?: string } = {}): Promise<Session | undefined> {
    return this.#run(options.signal, async (engine) => (await engine.linkFlow()).approveLink(engine, url, options.signal, options.loginHint));
  }

  /** Navigates to the provider's sign-in page (redirect mode). */
  async signInWithRedirect(options: RedirectHints & CallOptions = {}): Promise<void> {
    assertOnline();
    location.assign(await this.authorizationUrl(options));
  }

  /** The URL `signInWithRedirect` navigates to, for apps that open it themselves (a popup, a native view). */
  authorizationUrl(options: RedirectHints & CallOptions = {}): Promise<URL> {
    needsPage('redirectUri', this.#options.redirectUri);
    return this.#run(options.signal, async (engine) => (await engine.redirectFlow()).authorizationUrl(engine, options, options.signal));
  }

  /**
   * Finishes a redirect sign-in on the page the provider sent the browser back to. When that is
   * this page, the response parameters leave the address bar, so a reload does not replay them.
   */
  async handleRedirectCallback(url: string | URL = location.href, options: CallOptions = {}): Promise<Session> {
    const callback = new URL(url);
    return this.#run(options.signal, async (engine) => (await engine.redirectFlow()).handleRedirectCallback(engine, callback, options.signal));
  }

  /** A valid access token, renewed first when it is about to expire (once for all tabs). */
  async getAccessToken(options: CallOptions & { forceRefresh?: boolean } = {}): Promise<string> {
    await this.#storage(this.#holder.restore());
    const timed = this.#holder.timed;
    if (!timed) throw new PwlessError('session_expired', 'nobody is signed in');
    if (!options.forceRefresh && Date.now() < timed.refreshAt) return timed.session.accessToken;
    return this.#run(options.signal, async (engine) => (await engine.refresh(timed.session.accessToken, options.signal)).accessToken);
  }

  /** `fetch` that adds `Authorization` (and a DPoP proof), renewing the token once on a 401. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const signal = init?.signal ?? undefined;
    return this.#run(signal, (engine) => engine.fetch((callSignal) => this.getAccessToken(callSignal ? { signal: callSignal } : {}), input, init));
  }

  /**
   * Whether passkeys can be used here: `server` (the provider offers them; vendor dialects: no),
   * `browser` (WebAuthn) and `conditional` (the browser's autofill offers passkeys).
   */
  passkeySupport(): Promise<PasskeySupport> {
    return this.#passkeys('support', {});
  }

  /**
   * Signs in with a passkey, no code sent. `conditional: true` waits for the person to pick one in
   * the autofill of a field whose `autocomplete` ends in `webauthn`; abort `signal` when that field goes.
   */
  signInWithPasskey(options: PasskeySignInOptions = {}): Promise<Session> {
    return this.#passkeys('signIn', options);
  }

  /** Creates a passkey for the signed-in user on this device. */
  registerPasskey(options: CallOptions & { name?: string } = {}): Promise<Passkey> {
    return this.#passkeys('register', options);
  }

  /** The signed-in user's passkeys. */
  passkeys(options: CallOptions = {}): Promise<Passkey[]> {
    return this.#passkeys('list', options);
  }

  /** Deletes one of the signed-in user's passkeys. */
  deletePasskey(id: string, options: CallOptions = {}): Promise<void> {
    return this.#passkeys('remove', options, id);
  }

  /** Runs a call of the passkey chunk (loaded on the first one); only the pwless profile has passkeys (vendor dialects: `not_supported`, `server: false`). */
  #passkeys<K extends keyof PasskeyCalls>(call: K, options: Parameters<PasskeyCalls[K]>[1], id = ''): ReturnType<PasskeyCalls[K]> {
    return this.#run(options.signal, async (engine) => (await networkFailures(import('./passkeys.js'))).calls[call](engine, options as never, this, id)) as ReturnType<PasskeyCalls[K]>;
  }

  /** Forgets the sign-in in progress, e.g. when the user wants to use another address. */
  cancel(): void {
    this.#loaded?.cancel();
  }

  /** Ends the session in every tab, forgets its keys, then asks the provider to revoke the refresh token (or end its session). */
  async signOut(options: CallOptions = {}): Promise<void> {
    this.cancel();
    const stored = await this.#storage(this.#holder.read());
    await this.#storage(this.#holder.end(true));
    if (!stored?.refreshToken && !stored?.remote) return;
    try {
      await this.#run(options.signal, (engine) => engine.revoke(stored.refreshToken, options.signal, stored));
    } catch (error) {
      // The session is already over here; a provider out of reach only keeps a token nobody holds.
      if (options.signal?.aborted) throw error;
    }
  }

  /** Stops listening to other tabs. The client is unusable afterwards. */
  close(): void {
    this.#holder.close();
  }

  /** Waits for the session's storage; its failures become a `PwlessError` like every other. */
  #storage<T>(work: Promise<T>): Promise<T> {
    return work.catch((error: unknown) => {
      throw toPwlessError(error);
    });
  }

  /** Runs `work` with the backend's protocol code, loading it on first use; every failure becomes a `PwlessError`. */
  async #run<T>(signal: AbortSignal | undefined, work: (engine: Dialect) => Promise<T>): Promise<T> {
    try {
      if (!this.#engine) {
        // One chunk per dialect: a page never downloads the protocol code of a backend it does not use.
        const { dialect } = this.#options;
        const module: Promise<{ Engine: new (...args: ConstructorParameters<typeof Engine>) => Dialect }> = dialect === 'pwless' ? import('./engine.js') : import('./dialects/vendor.js').then(({ load }) => load(dialect));
        this.#engine = networkFailures(module).then(({ Engine }) => (this.#loaded = new Engine(this.#options, this.#holder, (event) => this.dispatchEvent(event))));
        // A failed download (offline) is tried again on the next call.
        this.#engine.catch(() => (this.#engine = undefined));
      }
      return await work(await this.#engine);
    } catch (error) {
      throw toPwlessError(error, signal);
    }
  }
}

/** Outside a browser page nothing can default to "this page": the option must name one. */
function needsPage(option: string, value: string | undefined): void {
  if (value === undefined && typeof location === 'undefined') throw new TypeError(`option "${option}" is needed outside a browser page`);
}

/** Creates a client. Bad options throw a `TypeError` that names the option. */
export function createClient(options: ClientOptions): PwlessClient {
  return new PwlessClient(options);
}
