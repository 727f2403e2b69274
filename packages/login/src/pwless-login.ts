import { LitElement, type PropertyValues } from 'lit';
import { createClient, type Challenge, type Channel, type Delivery, type LinkInfo, type Mode, type PwlessClient, type Session } from '@pwless/sdk';
import { Countdown } from './countdown.js';
import { PwlessErrorEvent, PwlessSentEvent, PwlessSignedInEvent, PwlessSignedOutEvent } from './events.js';
import { describeFailure, errorCode, restartCodes, retryCodes } from './failure.js';
import { fill, normalizeDigits, plural } from './format.js';
import { toIdentifier } from './identifier.js';
import { Language } from './language.js';
import type { MessageOverrides } from './locales/en.js';
import { renderShell } from './steps/shell.js';
import type { Problem, Step, View } from './steps/view.js';
import { styles } from './styles.js';
import { forgetParameters, isLinkLanding, isRedirectReturn } from './url.js';
import { receiveSmsCode } from './web-otp.js';

export type { Step } from './steps/view.js';

/** Marks, per tab, a sign-in this element started: after a reload (a phone evicting the tab while the user reads the email) it picks up there. */
const pendingKey = 'pwless-login:pending';

/**
 * Passwordless sign-in: the user types an email address (or phone number), receives a code or a
 * link, and is signed in. Opened with `?pwless_link=`, the page becomes the link's landing page.
 *
 * @tag pwless-login
 * @attr lang - The language of the texts; default: the nearest `lang` up the tree, else the document's.
 * @fires pwless-sent - A code or link was sent; `event.challenge` says where (masked) and for how long.
 * @fires pwless-signed-in - The user signed in; `event.session` has the user and the access token.
 * @fires pwless-error - A step failed; `event.code` and the localized `event.message`.
 * @fires pwless-signed-out - The user signed out.
 * @slot heading - Replaces the heading.
 * @slot footer - Below everything, e.g. terms or help.
 * @slot signed-in - Replaces the default signed-in view.
 * @cssproperty --pwless-color-accent - Buttons, links and focus rings. Default `light-dark(#1a56db, #8ab4ff)`.
 * @cssproperty --pwless-color-on-accent - Text on the accent colour. Default `light-dark(#ffffff, #0b1220)`.
 * @cssproperty --pwless-color-surface - The background of the box. Default `light-dark(#ffffff, #161b22)`.
 * @cssproperty --pwless-color-field - The background of fields and code cells. Default `light-dark(#ffffff, #0d1117)`.
 * @cssproperty --pwless-color-text - Text. Default `light-dark(#1f2328, #e6edf3)`.
 * @cssproperty --pwless-color-muted - Hints and countdowns. Default `light-dark(#57606a, #9da7b3)`.
 * @cssproperty --pwless-color-border - Field borders. Default `light-dark(#6e7781, #8b949e)`.
 * @cssproperty --pwless-color-danger - Errors. Default `light-dark(#b42318, #ff9b94)`.
 * @cssproperty --pwless-color-focus - Focus outlines. Default `light-dark(#1a56db, #8ab4ff)`.
 * @cssproperty --pwless-color-scheme - `light`, `dark` or `light dark` (default: follows the system).
 * @cssproperty --pwless-radius - Corner radius of the box, fields and buttons. Default `8px`.
 * @cssproperty --pwless-space - Padding of the box. Default `16px`.
 * @cssproperty --pwless-gap - Space between rows. Default `12px`.
 * @cssproperty --pwless-font-family - Default `system-ui, sans-serif`.
 * @cssproperty --pwless-font-size - Default `1rem`.
 * @cssproperty --pwless-heading-size - Default `1.375em`.
 * @cssproperty --pwless-max-width - The widest the box gets. Default `24rem`.
 * @cssproperty --pwless-field-height - Height of fields and buttons. Default `2.75rem`.
 * @cssproperty --pwless-border-width - Default `1px`.
 * @cssproperty --pwless-shadow - Shadow of the box. Default `none`.
 * @cssproperty --pwless-transition-duration - Colour transitions (none with reduced motion). Default `150ms`.
 * @csspart container - The box around everything.
 * @csspart heading - The heading.
 * @csspart form - Each step's form (or the view of a step without fields).
 * @csspart label - Field labels.
 * @csspart input - Both text fields.
 * @csspart identifier-input - The email (or phone) field.
 * @csspart code-input - The one real code field, transparent over the cells.
 * @csspart hint - Help text under a field, and the landing page's details.
 * @csspart sent-to - Where the code or link went.
 * @csspart phrase - The security phrase.
 * @csspart code-field - The code field with its cells.
 * @csspart code-cells - The row of digit cells.
 * @csspart code-cell - One digit cell.
 * @csspart code-cell-filled - A cell holding a digit.
 * @csspart code-cell-active - The cell the next digit goes to.
 * @csspart countdown - Expiry, resend and retry countdowns.
 * @csspart retry-countdown - "You can try again in …" after a rate limit.
 * @csspart actions - The row of secondary buttons.
 * @csspart button - Every primary button (and the webmail link).
 * @csspart submit-button - Continue / Sign in.
 * @csspart retry-button - "Try again" after a network or server error.
 * @csspart confirm-button - The landing page's "Confirm sign-in".
 * @csspart sign-out-button - "Sign out" in the default signed-in view.
 * @csspart restart-button - "Sign in" on a landing page whose link is spent or unknown.
 * @csspart link-button - Every secondary, link-styled button.
 * @csspart resend-button - "Send a new code" with its cooldown.
 * @csspart change-button - "Use a different email".
 * @csspart code-instead-button - "Type the code from the email instead".
 * @csspart webmail-link - "Open Gmail" and the like after a link was sent.
 * @csspart link-sent - The "check your inbox" view.
 * @csspart landing - The link landing page's view.
 * @csspart landing-text - Texts of the landing page.
 * @csspart signed-in - The box of the signed-in view (around the `signed-in` slot).
 * @csspart signed-in-text - "Signed in as …".
 * @csspart error - The error message (an assertive live region).
 * @csspart announcer - The visually hidden polite live region.
 * @csspart footer - The box around the `footer` slot.
 * @cssstate email - Asking for the email address or phone number.
 * @cssstate sending - Sending the code or link.
 * @cssstate code - Asking for the code.
 * @cssstate verifying - Checking the code.
 * @cssstate link-sent - Waiting for the link to be confirmed.
 * @cssstate landing - The link landing page.
 * @cssstate redirecting - Leaving for the provider's page.
 * @cssstate signed-in - Signed in.
 */
export class PwlessLogin extends LitElement {
  static override styles = styles;

  static override properties = {
    issuer: { reflect: true },
    clientId: { attribute: 'client-id', reflect: true },
    scope: {},
    redirectUri: { attribute: 'redirect-uri' },
    linkUri: { attribute: 'link-uri' },
    delivery: {},
    channel: {},
    mode: {},
    client: { attribute: false },
    messages: { attribute: false },
    step: { state: true },
    identifier: { state: true },
    code: { state: true },
    challenge: { state: true },
    session: { state: true },
    problem: { state: true },
    announcement: { state: true },
    link: { state: true },
    linkConfirmed: { state: true },
  };

  /** The issuer URL of the OpenID provider. */
  declare issuer: string;
  /** The public client's `client_id`. */
  declare clientId: string;
  /** Scopes to ask for (default `openid email`). */
  declare scope: string | undefined;
  /** Where the provider sends the browser back in redirect mode (default: this page). */
  declare redirectUri: string | undefined;
  /** The landing page that magic links open (default: this page). */
  declare linkUri: string | undefined;
  /** `code` (default) or `link`: what the message carries. */
  declare delivery: Delivery;
  /** `email` (default) or `sms`. */
  declare channel: Channel;
  /** `auto` (default), `native` (always on this page) or `redirect` (the provider's own page). */
  declare mode: Mode;
  /** A ready client; when set, `issuer`, `client-id` and the other client attributes are not used. */
  declare client: PwlessClient | undefined;
  /** Replaces any of the texts, in every language: `{ continue: 'Next', errors: { rate_limited: '…' } }`. */
  declare messages: MessageOverrides | undefined;

  declare protected step: Step;
  declare protected identifier: string;
  declare protected code: string;
  declare protected challenge: Challenge | undefined;
  declare protected session: Session | undefined;
  declare protected problem: Problem | undefined;
  declare protected announcement: string;
  declare protected link: LinkInfo | undefined;
  declare protected linkConfirmed: boolean;

  readonly #internals = this.attachInternals();
  readonly #language = new Language(this);
  readonly #clock = new Countdown(this, () => [this.#retryAt, this.challenge?.expiresAt ?? 0, this.challenge?.resendAt ?? 0], (passed) => {
    if (this.step === 'code' && this.challenge && passed(this.challenge.resendAt)) this.announcement = this.#messages.resendAvailable;
    if (passed(this.#retryAt)) this.announcement = this.#messages.retryAvailable;
  });
  #ownClient: PwlessClient | undefined;
  #retryAt = 0;
  #lastAction: (() => Promise<void>) | undefined;
  #leaveStep: AbortController | undefined;
  #prefetched = false;
  #resending = false;
  #watching: AbortController | undefined;
  #connected = new AbortController();

  constructor() {
    super();
    Object.assign(this, { issuer: '', clientId: '', delivery: 'code', channel: 'email', mode: 'auto', step: 'email', identifier: '', code: '', announcement: '', linkConfirmed: false });
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && this.isConnected) this.#language.choose();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (isLinkLanding(location.href)) void this.#openLanding();
    else if (this.mode !== 'native' && isRedirectReturn(location.href)) void this.#finishRedirect();
    else if (sessionStorage.getItem(pendingKey) && (this.client || this.issuer)) void this.#resume();
    // Back online after a network error: try again without waiting for the user.
    addEventListener('online', () => this.problem?.code === 'network_error' && void this.#lastAction?.(), { signal: this.#connected.signal });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#leaveStep?.abort();
    this.#watching?.abort();
    this.#watching = undefined;
    this.#connected.abort();
    this.#connected = new AbortController();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client' as keyof PwlessLogin)) this.#watching?.abort();
    if (this.#watching?.signal.aborted === false || !this.isConnected || (!this.client && !this.issuer)) return;
    // Another tab signing in or out (the SDK tells every tab) updates this one too.
    const { signal } = (this.#watching = new AbortController());
    this.#client.addEventListener('session', (event) => (this.step === 'signed-in' ? (this.session = event.session) : this.#signedIn(event.session)), { signal });
    this.#client.addEventListener('signedout', () => this.#signedOut(), { signal });
  }

  /** Renders only once the locale's texts are loaded, so a German page never flashes English. */
  protected override async scheduleUpdate(): Promise<void> {
    await this.#language.ready;
    super.scheduleUpdate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('step' as keyof PwlessLogin)) return;
    this.#internals.states.clear();
    this.#internals.states.add(this.step);
    this.#focusNow(this.problem?.retry ? '#retry' : '[data-autofocus]');
  }

  get #client(): PwlessClient {
    if (this.client) return this.client;
    const optional = { scope: this.scope, redirectUri: this.redirectUri, linkUri: this.linkUri };
    const given = Object.fromEntries(Object.entries(optional).filter(([, value]) => value));
    this.#ownClient ??= createClient({ issuer: this.issuer, clientId: this.clientId, mode: this.mode, ...given });
    return this.#ownClient;
  }

  get #messages() {
    return this.#language.messages(this.messages);
  }

  /** Fetches the provider's metadata while the user types, so Continue costs one request less. */
  #onIdentifierFocus = (): void => {
    if (this.#prefetched || (!this.client && !this.issuer)) return;
    this.#prefetched = true;
    this.#client.discover().catch(() => (this.#prefetched = false));
  };

  #onIdentifierInput = (event: InputEvent): void => {
    this.identifier = (event.target as HTMLInputElement).value;
    this.#onIdentifierFocus();
  };

  #onCodeInput = (event: InputEvent): void => {
    const input = event.target as HTMLInputElement;
    const length = this.challenge?.codeLength ?? 6;
    this.code = normalizeDigits(input.value).slice(0, length);
    input.value = this.code;
    if (this.code.length === length && this.step === 'code' && this.#retryAt <= Date.now()) void this.#verify();
  };

  async #send(): Promise<void> {
    const identifier = toIdentifier(this.identifier, this.channel);
    if (!identifier) {
      this.#showProblem({ code: 'invalid_identifier', text: this.channel === 'sms' ? this.#messages.invalidPhone : this.#messages.invalidEmail });
      return this.#focus('#identifier');
    }
    this.#run(() => this.#send(), 'sending');
    try {
      if (this.mode === 'redirect') {
        this.step = 'redirecting';
        return await this.#client.signInWithRedirect({ loginHint: identifier.email ?? identifier.phone });
      }
      this.#sent(await this.#client.start(identifier, { delivery: this.delivery, locale: this.#language.locale }), this.#messages.announceSent);
    } catch (error) {
      this.step = 'email';
      this.#fail(error);
    }
  }

  async #verify(): Promise<void> {
    const length = this.challenge?.codeLength ?? 6;
    if (this.code.length !== length) {
      this.#showProblem({ code: 'invalid_code', text: plural(this.#language.locale, this.#messages.invalidCodeFormat, length) });
      return this.#focus('#code');
    }
    this.#run(() => this.#verify(), 'verifying');
    try {
      this.#signedIn(await this.#client.verify(this.code));
    } catch (error) {
      const code = errorCode(error);
      if (!retryCodes.has(code) && code !== 'rate_limited') this.code = '';
      this.step = restartCodes.has(code) ? 'email' : 'code';
      this.challenge = this.#client.challenge ?? this.challenge;
      this.#fail(error);
    }
  }

  #onResend = async (): Promise<void> => {
    if (this.#resending) return;
    this.#run(() => this.#onResend());
    this.#resending = true;
    try {
      this.#sent(await this.#client.resend(), this.#messages.resent);
      void this.#focus('#code');
    } catch (error) {
      if (restartCodes.has(errorCode(error))) this.step = 'email';
      this.#fail(error);
    } finally {
      this.#resending = false;
    }
  };

  #onChangeIdentifier = (): void => {
    if (this.step === 'landing') forgetParameters(['pwless_link']);
    sessionStorage.removeItem(pendingKey);
    this.#client.cancel();
    this.#leaveStep?.abort();
    this.problem = undefined;
    this.step = 'email';
  };

  #onConfirmLink = async (): Promise<void> => {
    this.#run(() => this.#onConfirmLink());
    try {
      const session = await this.#client.approveLink(location.href);
      forgetParameters(['pwless_link']);
      // This page finishes the sign-in itself when no other tab of this browser waits for it.
      if (session) return this.#signedIn(session);
      this.linkConfirmed = true;
      void this.#focus('[data-autofocus]');
    } catch (error) {
      this.#fail(error);
    }
  };

  #onSignOut = async (): Promise<void> => {
    await this.#client.signOut();
    this.#signedOut();
  };

  #signedOut(): void {
    if (this.step !== 'signed-in') return;
    this.session = undefined;
    this.step = 'email';
    this.dispatchEvent(new PwlessSignedOutEvent());
  }

  async #openLanding(): Promise<void> {
    this.#run(() => this.#openLanding(), 'landing');
    try {
      this.link = await this.#client.inspectLink(location.href);
      void this.#focus('[data-autofocus]');
    } catch (error) {
      this.#fail(error);
    }
  }

  async #finishRedirect(): Promise<void> {
    this.step = 'verifying';
    try {
      this.#signedIn(await this.#client.handleRedirectCallback(location.href));
      forgetParameters(['code', 'state', 'iss', 'error', 'error_description']);
    } catch (error) {
      this.step = 'email';
      if (errorCode(error) !== 'no_pending_sign_in') this.#fail(error);
    }
  }

  async #resume(): Promise<void> {
    const challenge = await this.#client.resume().catch(() => undefined);
    if (this.step !== 'email' || this.identifier) return;
    if (this.#client.session) this.#signedIn(this.#client.session);
    else if (challenge && challenge.expiresAt > Date.now()) this.#sent(challenge, this.#messages.announceSent, false);
  }

  /** A code or link is on its way (or, resumed, still is): show the next step and start what runs while it waits. */
  #sent(challenge: Challenge, announcement: string, isNew = true): void {
    this.challenge = challenge;
    this.code = '';
    this.step = challenge.delivery === 'link' ? 'link-sent' : 'code';
    this.announcement = fill(announcement, { to: challenge.to });
    this.#clock.start();
    sessionStorage.setItem(pendingKey, '1');
    if (isNew) this.dispatchEvent(new PwlessSentEvent(challenge));
    this.#leaveStep?.abort();
    const { signal } = (this.#leaveStep = new AbortController());
    if (challenge.delivery === 'link') {
      this.#client.waitForApproval({ signal }).then((session) => this.#signedIn(session), (error: unknown) => {
        if (signal.aborted) return;
        this.step = 'email';
        this.#fail(error);
      });
    } else if (challenge.channel === 'sms') {
      void receiveSmsCode(signal).then((code) => {
        if (!code || signal.aborted || this.step !== 'code') return;
        this.code = normalizeDigits(code);
        void this.#verify();
      });
    }
  }

  #signedIn(session: Session): void {
    // The client's own 'session' event and the call that caused it both land here: tell the page once.
    if (this.step === 'signed-in' && this.session === session) return;
    sessionStorage.removeItem(pendingKey);
    this.#leaveStep?.abort();
    this.#clock.stop();
    Object.assign(this, { session, problem: undefined, step: 'signed-in' });
    this.dispatchEvent(new PwlessSignedInEvent(session));
  }

  /** Starts an action: clears the old error, remembers it for "Try again", shows the busy step. */
  #run(action: () => Promise<void>, busyStep?: Step): void {
    this.#lastAction = action;
    this.problem = undefined;
    if (busyStep) this.step = busyStep;
  }

  #fail(error: unknown): void {
    const { problem, waitSeconds } = describeFailure(error, this.#messages, this.#language.locale);
    if (waitSeconds !== undefined) {
      this.#retryAt = Date.now() + waitSeconds * 1000;
      this.#clock.start();
    }
    this.#showProblem(problem);
    if (problem.retry) void this.#focus('#retry');
  }

  #showProblem(problem: Problem): void {
    this.problem = problem;
    this.dispatchEvent(new PwlessErrorEvent(problem.code, problem.text));
  }

  /** Moves focus once the pending render is done. */
  async #focus(selector: string): Promise<void> {
    await this.updateComplete;
    this.#focusNow(selector);
  }

  #focusNow(selector: string): void {
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  protected override render() {
    const view: View = {
      messages: this.#messages, locale: this.#language.locale, step: this.step, channel: this.channel, identifier: this.identifier,
      code: this.code, challenge: this.challenge, session: this.session, link: this.link, linkConfirmed: this.linkConfirmed,
      problem: this.problem, retryIn: this.#clock.secondsUntil(this.#retryAt), now: this.#clock.now,
      onIdentifierInput: this.#onIdentifierInput, onIdentifierFocus: this.#onIdentifierFocus,
      onIdentifierSubmit: (event) => (event.preventDefault(), void this.#send()), onCodeInput: this.#onCodeInput,
      onCodeSubmit: (event) => (event.preventDefault(), void this.#verify()), onResend: this.#onResend,
      onChangeIdentifier: this.#onChangeIdentifier, onEnterCode: () => (this.#leaveStep?.abort(), (this.step = 'code')),
      onConfirmLink: this.#onConfirmLink, onSignOut: this.#onSignOut,
    };
    return renderShell(view, this.announcement, () => void this.#lastAction?.());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pwless-login': PwlessLogin;
  }
}
