import type { ReactiveController, ReactiveElement } from 'lit';
import { PwlessError, type Challenge, type Channel, type Delivery, type LinkInfo, type Mode, type PwlessClient, type PwlessErrorCode, type Session } from '@pwless/sdk';
import { Countdown } from './countdown.js';
import { PwlessErrorEvent, PwlessSentEvent, PwlessSignedInEvent, PwlessSignedOutEvent } from './events.js';
import { codeFieldCodes, describeProblem, errorCode, failureOf, identifierCodes, restartCodes, retryCodes } from './failure.js';
import { suggestAddress } from './address-typo.js';
import { fill, normalizeDigits } from './format.js';
import { toIdentifier } from './identifier.js';
import type { Messages } from './locales/en.js';
import type { PasskeyUi } from './passkey-ui.js';
import { loadStep, retryStep } from './steps/lazy.js';
import type { Problem, Step } from './steps/view.js';
import { forgetParameters, isLinkLanding, isRedirectReturn } from './url.js';

/** Marks, per tab, a sign-in this element started: after a reload (a phone evicting the tab while the user reads the email) it picks up there. */
const pendingKey = 'pwless-login:pending';

/** What the flow reads from the element at each step. */
export interface FlowSettings {
  /** The client, or `undefined` while the element has neither a `client` nor `issuer` and `client-id`. */
  client: PwlessClient | undefined;
  channel: Channel;
  delivery: Delivery;
  mode: Mode;
  locale: string;
  messages: Messages;
  /** Resolves once the texts of `locale` are in. */
  ready: Promise<void>;
  /** `offer` (default): passkeys in the field's autofill and offered after a sign-in; `off`: never. */
  passkeys: 'offer' | 'off';
  /** Names what this device remembers about the passkey offer (one per issuer). */
  issuer: string;
}

/** Everything the user sees that changes as the sign-in goes on. */
export interface FlowState {
  step: Step;
  identifier: string;
  code: string;
  challenge: Challenge | undefined;
  session: Session | undefined;
  problem: Problem | undefined;
  /** The polite live region's text. */
  announcement: string;
  link: LinkInfo | undefined;
  linkConfirmed: boolean;
  /** Whether the code on its way replaced an earlier one ("Send a new code"). */
  resent: boolean;
  /** The typed address with a common domain in place of a misspelt one, offered before sending ("Did you mean …?"). */
  suggestion: string | undefined;
  /** The passkey part (a chunk of its own), once it is loaded: the autofill, the offer and what came of it. */
  passkeyUi?: PasskeyUi;
}

/**
 * What the flow's lazy parts (the passkey part, the landing page's "Confirm sign-in") may read and do
 * of it: the same steps the flow itself takes.
 */
export interface FlowParts {
  readonly flow: SignInFlow;
  readonly host: ReactiveElement;
  settings(): FlowSettings;
  set(patch: Partial<FlowState>): void;
  /** Starts an action: clears the old error, remembers it for "Try again", shows the busy step. */
  run(action: () => Promise<void>, busyStep?: Step): void;
  /** `offer`: a sign-in by code or link, after which "Create a passkey" may be offered. */
  signedIn(session: Session, offer?: boolean): void;
  /** `bySubmit`: the step's own submit button repeats the failed request. */
  fail(error: unknown, bySubmit?: boolean): void;
  /** Moves focus once the pending render is done. */
  focus(selector: string): Promise<void>;
}

/**
 * The sign-in as the user lives it: which step is showing, what was typed, what went wrong and
 * what to offer next. Calls only the SDK's public methods; the element renders `state`.
 */
export class SignInFlow implements ReactiveController {
  state: Readonly<FlowState> = { step: 'email', identifier: '', code: '', challenge: undefined, session: undefined, problem: undefined, announcement: '', link: undefined, linkConfirmed: false, resent: false, suggestion: undefined };
  readonly clock: Countdown;
  readonly parts: FlowParts;
  readonly #host: ReactiveElement;
  readonly #settings: () => FlowSettings;
  #retryAt = 0;
  #lastAction: (() => Promise<void>) | undefined;
  #leaveStep: AbortController | undefined;
  #connected: AbortController | undefined;
  #watched: PwlessClient | undefined;
  #watching: AbortController | undefined;
  #prefetched = false;
  #resending = false;
  #passkeyUi: Promise<PasskeyUi> | undefined;

  constructor(host: ReactiveElement, settings: () => FlowSettings) {
    this.#host = host;
    this.#settings = settings;
    this.parts = {
      flow: this,
      host,
      settings,
      set: (patch) => this.#set(patch),
      run: (action, busyStep) => this.#run(action, busyStep),
      signedIn: (session, offer) => this.#signedIn(session, offer),
      fail: (error, bySubmit) => this.#fail(error, bySubmit),
      focus: (selector) => this.#focus(selector),
    };
    this.clock = new Countdown(host, () => [this.#retryAt, this.state.challenge?.expiresAt ?? 0, this.state.challenge?.resendAt ?? 0], (passed) => {
      const challenge = this.state.challenge;
      const { messages } = this.#settings();
      const { step } = this.state;
      if ((step === 'code' || step === 'link-sent') && challenge && passed(challenge.resendAt)) {
        this.#set({ announcement: step === 'code' ? messages.resendAvailable : messages.resendLinkAvailable });
      }
      // Sign in gives way to "Send a new code" once the code expires; focus on it goes there, not to the page.
      if (challenge && passed(challenge.expiresAt) && (this.#host.renderRoot as ShadowRoot).activeElement?.matches('[type=submit]')) {
        // Asked for first, so the focus waits for the render that puts the button in place.
        this.#host.requestUpdate();
        void this.#focus('#resend');
      }
      // "Please wait a moment" is over: the rate-limit error goes, the announcement says so.
      if (passed(this.#retryAt)) this.#set({ announcement: messages.retryAvailable, problem: this.state.problem?.code === 'rate_limited' ? undefined : this.state.problem });
    });
    host.addController(this);
  }

  /** Seconds until the server takes another try after a rate limit. */
  get retryIn(): number {
    return this.clock.secondsUntil(this.#retryAt);
  }

  hostConnected(): void {
    this.#connected = new AbortController();
    const { client, mode } = this.#settings();
    if (!client) return;
    if (isLinkLanding(location.href)) void this.#openLanding();
    else if (mode !== 'native' && isRedirectReturn(location.href)) void this.#finishRedirect();
    else if (sessionStorage.getItem(pendingKey)) void this.#resume();
    this.#passkey();
    // Back online after a network error, a step chunk that could not load, or both (a landing page that lost its
    // connection while its chunk and its request were on their way): try again without waiting for the user.
    addEventListener('online', () => {
      this.retryStep();
      if (this.state.problem?.code === 'network_error') void this.retry();
    }, { signal: this.#connected.signal });
  }

  /** Fetches the current step's chunk again after it could not load; the step shows once it is here. */
  retryStep(): void {
    void retryStep(this.state.step)?.then(() => this.#host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#leaveStep?.abort();
    this.#connected?.abort();
    this.#watching?.abort();
    this.#watched = undefined;
  }

  hostUpdate(): void {
    const { client } = this.#settings();
    if (!client || client === this.#watched || !this.#host.isConnected) return;
    // Another tab signing in or out (the SDK tells every tab) updates this one too.
    this.#watching?.abort();
    this.#watched = client;
    const { signal } = (this.#watching = new AbortController());
    client.addEventListener('session', (event) => (this.state.step === 'signed-in' ? this.#set({ session: event.session }) : this.#signedIn(event.session)), { signal });
    client.addEventListener('signedout', () => this.#signedOut(), { signal });
  }

  /** Fetches the provider's metadata (and for a link, "check your inbox") while the user types, so Continue costs one request less. */
  prefetch(): void {
    const { client, delivery } = this.#settings();
    // Back in the field after a passkey did not sign in: the autofill offers passkeys again.
    this.#passkey();
    if (delivery === 'link') void loadStep('link-sent');
    if (this.#prefetched || !client) return;
    this.#prefetched = true;
    client.discover().catch(() => (this.#prefetched = false));
  }

  typeIdentifier(text: string): void {
    this.#set({ identifier: text, problem: this.#problemAfterEdit(identifierCodes), suggestion: undefined });
    this.prefetch();
  }

  /** Takes what is in the code field; answers the digits kept. The last digit submits. */
  typeCode(text: string): string {
    const length = this.state.challenge?.codeLength ?? 6;
    const code = normalizeDigits(text).slice(0, length);
    this.#set({ code, problem: this.#problemAfterEdit(codeFieldCodes) });
    // Also while "check your inbox" is the step: the code step stands in for it when its chunk could not load.
    if (code.length === length && this.state.step !== 'verifying' && this.#retryAt <= Date.now()) void this.verify();
    return code;
  }

  async send(): Promise<void> {
    const { client, channel, delivery, mode, locale, messages } = this.#use();
    const identifier = toIdentifier(this.state.identifier, channel);
    if (!identifier) {
      this.#showProblem({ code: 'invalid_identifier', checkedHere: true });
      return this.#focus('#identifier');
    }
    // Asked once: Continue again, with the suggestion on screen, sends to the address as typed.
    const suggestion = identifier.email && suggestAddress(identifier.email);
    if (suggestion && suggestion !== this.state.suggestion) {
      this.#set({ suggestion });
      return this.#focus('#suggestion');
    }
    this.#set({ suggestion: undefined });
    // "Check your inbox" comes while the request is on its way.
    if (delivery === 'link') void loadStep('link-sent');
    this.#run(() => this.send(), 'sending');
    try {
      if (mode === 'redirect') {
        // Offline, leaving would land on the browser's error page and lose this one; here "Try again" waits for the connection.
        if (!navigator.onLine) throw new PwlessError('network_error', 'offline');
        this.#set({ step: 'redirecting' });
        // The provider's page speaks the language this element was showing.
        return await client.signInWithRedirect({ loginHint: identifier.email ?? identifier.phone, locale });
      }
      this.#sent(await client.start(identifier, { delivery, locale }), messages.announceSent);
    } catch (error) {
      this.#set({ step: 'email' });
      this.#fail(error);
    }
  }

  async verify(): Promise<void> {
    const { client } = this.#use();
    const length = this.state.challenge?.codeLength ?? 6;
    if (this.state.code.length !== length) {
      this.#showProblem({ code: 'invalid_code', codeLength: length });
      return this.#focus('#code');
    }
    this.#run(() => this.verify(), 'verifying');
    try {
      this.#signedIn(await client.verify(this.state.code), true);
    } catch (error) {
      const code = errorCode(error);
      const challenge = client.challenge ?? this.state.challenge;
      this.#set({
        code: retryCodes.has(code) || code === 'rate_limited' ? this.state.code : '',
        step: restartCodes.has(code) ? 'email' : 'code',
        // The server's clock decides; a device whose clock runs behind still shows "expired" and may ask for a new code now.
        challenge: code === 'code_expired' && challenge ? { ...challenge, expiresAt: Date.now(), resendAt: Math.min(challenge.resendAt, Date.now()) } : challenge,
      });
      this.#fail(error, true);
      if (code === 'code_expired') {
        this.clock.start();
        void this.#focus('#resend');
      }
    }
  }

  async resend(): Promise<void> {
    if (this.#resending) return;
    const { client, messages } = this.#use();
    this.#run(() => this.resend());
    this.#resending = true;
    try {
      const challenge = await client.resend();
      // For a link, this also starts waiting again, for the new link: the server forgets the old one.
      this.#sent(challenge, messages.resent);
      this.#set({ resent: true, announcement: fill(challenge.delivery === 'link' ? messages.linkResent : messages.resent, { to: challenge.to }) });
      // The code field, or the sentence that says where the new link went.
      void this.#focus('[data-autofocus]');
    } catch (error) {
      const restart = restartCodes.has(errorCode(error));
      if (restart) this.#set({ step: 'email' });
      this.#fail(error);
      // A refused resend disables its button, which drops focus; the code field (or where the link went) is where the person goes on.
      if (!restart && !retryCodes.has(errorCode(error))) void this.#focus('[data-autofocus]');
    } finally {
      this.#resending = false;
    }
  }

  /** "Did you mean …?": takes the suggested address into the field and sends to it. */
  useSuggestion(): Promise<void> {
    const suggestion = this.state.suggestion ?? '';
    // The field shows its value attribute only when it is first drawn; this one is already on screen.
    const field = this.#host.renderRoot.querySelector<HTMLInputElement>('#identifier');
    if (field) field.value = suggestion;
    this.#set({ identifier: suggestion });
    return this.send();
  }

  /** "Use a different email": back to the first step, with the address still there to edit. */
  changeIdentifier(): void {
    if (this.state.step === 'landing') forgetParameters(['pwless_link']);
    sessionStorage.removeItem(pendingKey);
    this.#use().client.cancel();
    this.#leaveStep?.abort();
    this.#set({ problem: undefined, step: 'email', announcement: '' });
  }

  /** From "check your inbox" to typing the code the same email carries. */
  enterCode(): void {
    this.#leaveStep?.abort();
    this.#set({ step: 'code' });
  }

  async signOut(): Promise<void> {
    const { client } = this.#use();
    this.#run(() => this.signOut());
    try {
      await client.signOut();
    } catch (error) {
      // The SDK forgets the session in this page before revoking it; only a session still held here means sign-out did not happen.
      if (client.session) {
        this.#showProblem({ ...failureOf(error).problem, retry: true });
        return this.#focus('#retry');
      }
    }
    this.#signedOut();
  }

  /** "Try again": repeats the request that failed, with what the user typed. */
  retry(): Promise<void> {
    return this.#lastAction?.() ?? Promise.resolve();
  }

  /** The settings with a client; a page that gave no way to make one gets a `TypeError` naming the options. */
  #use(): FlowSettings & { client: PwlessClient } {
    const settings = this.#settings();
    if (!settings.client) throw new TypeError('<pwless-login> needs the "client" property, or the "issuer" and "client-id" attributes');
    return settings as FlowSettings & { client: PwlessClient };
  }

  /** An error about a field goes once the person edits that field (emptying the live region says nothing); the next submit checks again. */
  #problemAfterEdit(fieldCodes: ReadonlySet<PwlessErrorCode>): Problem | undefined {
    const problem = this.state.problem;
    return problem && fieldCodes.has(problem.code) ? undefined : problem;
  }

  #set(patch: Partial<FlowState>): void {
    this.state = { ...this.state, ...patch };
    this.#host.requestUpdate();
  }

  async #openLanding(): Promise<void> {
    this.#run(() => this.#openLanding(), 'landing');
    try {
      this.#set({ link: await this.#use().client.inspectLink(location.href) });
      void this.#focus('[data-autofocus]');
    } catch (error) {
      this.#fail(error);
    }
  }

  async #finishRedirect(): Promise<void> {
    this.#set({ step: 'verifying' });
    try {
      this.#signedIn(await this.#use().client.handleRedirectCallback(location.href));
      forgetParameters(['code', 'state', 'iss', 'error', 'error_description']);
    } catch (error) {
      this.#set({ step: 'email' });
      if (errorCode(error) !== 'no_pending_sign_in') this.#fail(error);
    }
  }

  async #resume(): Promise<void> {
    const { client, messages } = this.#use();
    const challenge = await client.resume().catch(() => undefined);
    if (this.state.step !== 'email' || this.state.identifier) return;
    if (client.session) this.#signedIn(client.session);
    else if (challenge && challenge.expiresAt > Date.now()) this.#sent(challenge, messages.announceSent, false);
  }

  /** A code or link is on its way (or, resumed, still is): show the next step and start what runs while it waits. */
  #sent(challenge: Challenge, announcement: string, isNew = true): void {
    const link = challenge.delivery === 'link';
    // "Check your inbox" moves focus to its own sentence about the link; a word about a code would contradict it.
    this.#set({ challenge, code: '', step: link ? 'link-sent' : 'code', announcement: link ? '' : fill(announcement, { to: challenge.to }), resent: false });
    this.clock.start();
    sessionStorage.setItem(pendingKey, '1');
    if (isNew) this.#host.dispatchEvent(new PwlessSentEvent(challenge));
    this.#leaveStep?.abort();
    const { signal } = (this.#leaveStep = new AbortController());
    if (link) {
      this.#use().client.waitForApproval({ signal }).then((session) => this.#signedIn(session, true), (error: unknown) => {
        if (signal.aborted) return;
        this.#set({ step: 'email' });
        this.#fail(error);
      });
    } else if (challenge.channel === 'sms') {
      // WebOTP (a chunk of its own: an email sign-in never needs it) waits for the SMS while the person does too.
      void import('./web-otp.js').then(({ receiveSmsCode }) => receiveSmsCode(signal), () => undefined).then((code) => {
        if (!code || signal.aborted || this.state.step !== 'code') return;
        this.#set({ code: normalizeDigits(code) });
        void this.verify();
      });
    }
  }

  /** `offer`: a sign-in by code or link, after which "Create a passkey" may be offered. */
  #signedIn(session: Session, offer = false): void {
    // The client's own 'session' event and the call that caused it both land here: tell the page once.
    if (this.state.step !== 'signed-in' || this.state.session !== session) {
      sessionStorage.removeItem(pendingKey);
      this.#leaveStep?.abort();
      this.clock.stop();
      // The live region's "a code is on its way" is over; left there, a screen reader would still find it.
      this.#set({ session, problem: undefined, step: 'signed-in', announcement: '' });
      this.#host.dispatchEvent(new PwlessSignedInEvent(session));
    }
    // The SDK's 'session' event comes before the call that caused it resolves; only the call knows it was a code or a link.
    // The offer (its chunk) comes after the page heard of the sign-in: no part of the sign-in itself.
    if (offer) this.#passkey(true);
  }

  #signedOut(): void {
    if (this.state.step !== 'signed-in') return;
    this.#set({ session: undefined, step: 'email' });
    this.#host.dispatchEvent(new PwlessSignedOutEvent());
  }

  /**
   * Loads the passkey part (a chunk of its own, once) where it has something to do, then `offer`s
   * "Create a passkey" after a code or link sign-in, or starts the email field's autofill. The autofill
   * offers passkeys only on a device that has made or used one for this issuer (the SDK remembers that
   * per issuer): elsewhere a code sign-in loads nothing of passkeys. A passkey synced from another
   * device shows there once the person has signed in on this one. The offer is not made on a device
   * that already has a passkey here or said "Not now" for this issuer. Once loaded, the part follows
   * the steps by itself (see PasskeyUi).
   */
  #passkey(offer = false): void {
    const { client, passkeys, issuer } = this.#settings();
    let used: string | null = null;
    try {
      used = localStorage.getItem(`pwless:passkey:${new URL(issuer).href}`);
    } catch {
      // No storage here, or no issuer to name the flag by: no passkey remembered.
    }
    if (!client || passkeys === 'off' || (offer ? used || localStorage.getItem(`pwless-login:passkey-offer:${issuer}`) : !used)) return;
    this.#passkeyUi ??= import('./passkey-ui.js').then(({ PasskeyUi }) => new PasskeyUi(this.parts));
    void this.#passkeyUi.then((passkeyUi) => passkeyUi[offer ? 'offer' : 'autofill'](), () => undefined);
  }

  /** Starts an action: clears the old error, remembers it for "Try again", shows the busy step. */
  #run(action: () => Promise<void>, busyStep?: Step): void {
    this.#lastAction = action;
    this.#set(busyStep ? { problem: undefined, step: busyStep } : { problem: undefined });
  }

  /** `bySubmit`: the step's own submit button repeats the failed request (and becomes its "Try again"). */
  #fail(error: unknown, bySubmit = false): void {
    const failure = failureOf(error);
    const problem = bySubmit && failure.problem.retry ? { ...failure.problem, bySubmit } : failure.problem;
    const { waitSeconds } = failure;
    if (waitSeconds !== undefined) {
      this.#retryAt = Date.now() + waitSeconds * 1000;
      this.clock.start();
    }
    this.#showProblem(problem);
    if (problem.retry) void this.#focus('#retry');
  }

  #showProblem(problem: Problem): void {
    this.#set({ problem });
    // The page hears it in the words on screen: a landing page's link may fail before its language's texts are in.
    void this.#settings().ready.then(() => {
      const { messages, locale, channel } = this.#settings();
      this.#host.dispatchEvent(new PwlessErrorEvent(problem.code, describeProblem(problem, messages, locale, channel)));
    });
  }

  /** Moves focus once the pending render is done. */
  async #focus(selector: string): Promise<void> {
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }
}
