import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { createClient, isEmail, PwlessError, type Challenge, type PwlessClient, type Session } from '@pwless/sdk';
import { PwlessErrorEvent, PwlessSentEvent, PwlessSignedInEvent, PwlessSignedOutEvent } from './events.js';
import { fill, normalizeDigits, plural } from './format.js';
import { en, type Messages } from './locales/en.js';
import { styles } from './styles.js';

export type Step = 'email' | 'sending' | 'code' | 'verifying' | 'signed-in';

/**
 * Passwordless sign-in: the user types an email address, receives a code, types it, and is signed in.
 *
 * @tag pwless-login
 * @fires pwless-sent - A code was sent; `event.challenge` says where (masked) and for how long.
 * @fires pwless-signed-in - The user signed in; `event.session` has the user and the access token.
 * @fires pwless-error - A step failed; `event.code` and the localized `event.message`.
 * @fires pwless-signed-out - The user signed out.
 * @slot heading - Replaces the heading.
 * @slot footer - Below the form, e.g. terms or help.
 * @slot signed-in - Shown instead of the default signed-in view.
 * @csspart container - The box around everything.
 * @csspart heading - The heading.
 * @csspart form - Each step's form.
 * @csspart label - Field labels.
 * @csspart input - Text fields; the code field is also `code-input`.
 * @csspart button - Primary buttons.
 * @csspart link-button - Secondary, link-styled buttons.
 * @csspart hint - Help text under a field.
 * @csspart error - The error message.
 * @csspart countdown - Expiry and resend countdowns.
 * @csspart phrase - The security phrase.
 * @csspart signed-in - The default signed-in view.
 */
export class PwlessLogin extends LitElement {
  static override styles = styles;

  static override properties = {
    issuer: { reflect: true },
    clientId: { attribute: 'client-id', reflect: true },
    scope: {},
    client: { attribute: false },
    step: { state: true },
    email: { state: true },
    code: { state: true },
    errorText: { state: true },
    challenge: { state: true },
    session: { state: true },
    now: { state: true },
  };

  /** The issuer URL of the OpenID provider. */
  declare issuer: string;
  /** The public client's `client_id`. */
  declare clientId: string;
  /** Scopes to ask for (default `openid email`). */
  declare scope: string | undefined;
  /** A ready client; when set, `issuer`, `client-id` and `scope` are not used. */
  declare client: PwlessClient | undefined;

  declare protected step: Step;
  declare protected email: string;
  declare protected code: string;
  declare protected errorText: string;
  declare protected challenge: Challenge | undefined;
  declare protected session: Session | undefined;
  declare protected now: number;

  #ownClient: PwlessClient | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #messages: Messages = en;

  constructor() {
    super();
    this.issuer = '';
    this.clientId = '';
    this.step = 'email';
    this.email = '';
    this.code = '';
    this.errorText = '';
    this.now = Date.now();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopTicker();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('step')) this.#focusStep();
  }

  /** The client in use: the `client` property, or one made from the attributes. */
  get #client(): PwlessClient {
    if (this.client) return this.client;
    this.#ownClient ??= createClient({ issuer: this.issuer, clientId: this.clientId, ...(this.scope ? { scope: this.scope } : {}) });
    return this.#ownClient;
  }

  get #locale(): string {
    return this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en';
  }

  async #onEmailSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const email = this.email.trim();
    if (!isEmail(email)) {
      this.#showError('invalid_identifier', this.#messages.invalidEmail);
      return;
    }
    this.errorText = '';
    this.step = 'sending';
    try {
      this.challenge = await this.#client.start({ email }, { locale: this.#locale });
      this.code = '';
      this.step = 'code';
      this.#startTicker();
      this.dispatchEvent(new PwlessSentEvent(this.challenge));
    } catch (error) {
      this.step = 'email';
      this.#fail(error);
    }
  }

  async #onCodeSubmit(event?: SubmitEvent): Promise<void> {
    event?.preventDefault();
    const length = this.challenge?.codeLength ?? 6;
    if (this.code.length !== length) {
      this.#showError('invalid_code', plural(this.#locale, this.#messages.invalidCodeFormat, length));
      return;
    }
    this.errorText = '';
    this.step = 'verifying';
    try {
      this.session = await this.#client.verify(this.code);
      this.#stopTicker();
      this.step = 'signed-in';
      this.dispatchEvent(new PwlessSignedInEvent(this.session));
    } catch (error) {
      const code = error instanceof PwlessError ? error.code : 'invalid_response';
      this.step = code === 'too_many_attempts' || code === 'session_expired' ? 'email' : 'code';
      this.challenge = this.#client.challenge ?? this.challenge;
      this.code = '';
      this.#fail(error);
    }
  }

  #onCodeInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    const length = this.challenge?.codeLength ?? 6;
    this.code = normalizeDigits(input.value).slice(0, length);
    input.value = this.code;
    if (this.code.length === length && this.step === 'code') void this.#onCodeSubmit();
  }

  async #onResend(): Promise<void> {
    try {
      this.challenge = await this.#client.resend();
      this.errorText = '';
      this.code = '';
      this.dispatchEvent(new PwlessSentEvent(this.challenge));
    } catch (error) {
      this.#fail(error);
    }
  }

  #onDifferentEmail(): void {
    this.#client.cancel();
    this.#stopTicker();
    this.errorText = '';
    this.step = 'email';
  }

  async #onSignOut(): Promise<void> {
    await this.#client.signOut();
    this.session = undefined;
    this.step = 'email';
    this.dispatchEvent(new PwlessSignedOutEvent());
  }

  #fail(error: unknown): void {
    const pwlessError = error instanceof PwlessError ? error : new PwlessError('invalid_response', String(error));
    const messages = this.#messages;
    let text = messages.errors[pwlessError.code];
    if (pwlessError.code === 'invalid_code' && pwlessError.attemptsRemaining !== undefined) {
      text = plural(this.#locale, messages.attemptsLeft, pwlessError.attemptsRemaining);
    }
    this.#showError(pwlessError.code, text);
  }

  #showError(code: PwlessError['code'], text: string): void {
    this.errorText = text;
    this.dispatchEvent(new PwlessErrorEvent(code, text));
  }

  #startTicker(): void {
    this.#stopTicker();
    this.now = Date.now();
    this.#ticker = setInterval(() => (this.now = Date.now()), 1000);
  }

  #stopTicker(): void {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  #focusStep(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('[data-autofocus]');
    target?.focus();
  }

  protected override render() {
    return html`<div part="container">
      <h2 part="heading" id="heading"><slot name="heading">${this.#headingText()}</slot></h2>
      ${this.step === 'signed-in' ? this.#renderSignedIn() : this.step === 'code' || this.step === 'verifying' ? this.#renderCode() : this.#renderEmail()}
      <p part="error" role="alert" id="error">${this.errorText}</p>
      <slot name="footer"></slot>
    </div>`;
  }

  #headingText(): string {
    if (this.step === 'code' || this.step === 'verifying') return this.#messages.codeHeading;
    return this.#messages.heading;
  }

  #renderEmail() {
    const messages = this.#messages;
    const busy = this.step === 'sending';
    return html`<form part="form" @submit=${this.#onEmailSubmit} novalidate aria-labelledby="heading">
      <label part="label" for="email">${messages.emailLabel}</label>
      <input part="input" id="email" name="email" type="email" autocomplete="email" spellcheck="false" required data-autofocus
        placeholder=${messages.emailPlaceholder} .value=${this.email} aria-describedby="email-hint error"
        aria-invalid=${this.errorText ? 'true' : 'false'}
        @input=${(event: InputEvent) => (this.email = (event.target as HTMLInputElement).value)} />
      <p part="hint" id="email-hint">${messages.emailHint}</p>
      <button part="button" type="submit" ?disabled=${busy}>${busy ? messages.sending : messages.continue}</button>
    </form>`;
  }

  #renderCode() {
    const messages = this.#messages;
    const challenge = this.challenge!;
    const busy = this.step === 'verifying';
    const expiresIn = Math.max(0, Math.ceil((challenge.expiresAt - this.now) / 1000));
    const resendIn = Math.max(0, Math.ceil((challenge.resendAt - this.now) / 1000));
    return html`<form part="form" @submit=${this.#onCodeSubmit} novalidate aria-labelledby="heading">
      <p id="sent-to" role="status">${fill(messages.codeSentTo, { to: challenge.to })}</p>
      ${challenge.phrase ? html`<p part="phrase">${fill(messages.phrase, { phrase: challenge.phrase })}</p>` : nothing}
      <label part="label" for="code">${messages.codeLabel}</label>
      <input part="input code-input" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
        pattern="[0-9]*" maxlength=${challenge.codeLength * 3} .value=${this.code} data-autofocus ?readonly=${busy}
        aria-describedby="sent-to countdown error" aria-invalid=${this.errorText ? 'true' : 'false'} @input=${this.#onCodeInput} />
      <p part="countdown" id="countdown">${expiresIn > 0 ? plural(this.#locale, messages.expiresIn, expiresIn) : messages.codeExpired}</p>
      <button part="button" type="submit" ?disabled=${busy}>${busy ? messages.verifying : messages.verify}</button>
      <button part="link-button" type="button" ?disabled=${resendIn > 0 || busy} @click=${this.#onResend}>
        ${resendIn > 0 ? plural(this.#locale, messages.resendIn, resendIn) : messages.resend}
      </button>
      <button part="link-button" type="button" ?disabled=${busy} @click=${this.#onDifferentEmail}>${messages.useDifferentEmail}</button>
    </form>`;
  }

  #renderSignedIn() {
    const user = this.session?.user;
    const name = user?.email ?? user?.phone ?? user?.sub ?? '';
    return html`<slot name="signed-in">
      <div part="signed-in">
        <p role="status" data-autofocus tabindex="-1">${fill(this.#messages.signedInAs, { name })}</p>
        <button part="button" type="button" @click=${this.#onSignOut}>${this.#messages.signOut}</button>
      </div>
    </slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pwless-login': PwlessLogin;
  }
}
