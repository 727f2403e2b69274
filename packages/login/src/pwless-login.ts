import { LitElement } from 'lit';
import { createClient, type Channel, type Delivery, type DialectName, type Mode, type PwlessClient } from '@pwless/sdk';
import { SignInFlow } from './flow.js';
import { Language } from './language.js';
import type { MessageOverrides } from './locales/en.js';
import { loadStep } from './steps/lazy.js';
import { renderShell } from './steps/shell.js';
import type { Step, View } from './steps/view.js';
import { styles } from './styles.js';

export type { Step } from './steps/view.js';

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
 * @csspart passkey-offer - The "Create a passkey" offer in the default signed-in view.
 * @csspart passkey-create - "Create a passkey".
 * @csspart passkey-dismiss - "Not now" under the passkey offer.
 * @csspart passkey-result - What came of "Create a passkey" (created, or why not).
 * @csspart restart-button - "Start again" on a landing page whose link is spent or unknown.
 * @csspart link-button - Every secondary, link-styled button.
 * @csspart resend-button - "Send a new code" with its cooldown.
 * @csspart resend-link-button - "Send a new link" on "check your inbox", with its cooldown.
 * @csspart change-button - "Use a different email".
 * @csspart suggestion-button - "Did you mean mum@gmail.com?" under an address whose domain looks misspelt.
 * @csspart code-instead-button - "Type the code from the email instead".
 * @csspart webmail-link - "Open Gmail" and the like after a link was sent.
 * @csspart link-sent - The "check your inbox" view.
 * @csspart landing - The link landing page's view.
 * @csspart landing-text - Texts of the landing page.
 * @csspart landing-time - When the sign-in was asked for, in the landing page's details; never broken across lines.
 * @csspart landing-device - The device that asked (`Safari / iPhone`), in the landing page's details; never broken across lines.
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
    dialect: {},
    passkeys: {},
    client: { attribute: false },
    messages: { attribute: false },
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
  /** The backend's protocol: `pwless` (default), `auth0`, `kratos`, `appwrite`, `supabase`, `stytch` or `firebase`; `issuer` is then the vendor's base URL. */
  declare dialect: DialectName;
  /**
   * `offer` (default): where the backend and the browser do passkeys, a code sign-in is followed by
   * "Create a passkey", and on a device that has made or used a passkey for `issuer` the email
   * field's autofill offers them (a passkey synced from another device shows there once the person
   * has signed in on this one); `off`: no passkeys.
   */
  declare passkeys: 'offer' | 'off';
  /** A ready client; when set, `issuer`, `client-id` and the other client attributes are not used. */
  declare client: PwlessClient | undefined;
  /** Replaces any of the texts, in every language: `{ continue: 'Next', errors: { rate_limited: '…' } }`. */
  declare messages: MessageOverrides | undefined;

  readonly #internals = this.attachInternals();
  readonly #language = new Language(this);
  readonly #flow = new SignInFlow(this, () => ({
    client: this.#client,
    channel: this.channel,
    delivery: this.delivery,
    mode: this.mode,
    locale: this.#language.locale,
    messages: this.#language.messages(this.messages),
    ready: this.#language.ready,
    passkeys: this.passkeys,
    issuer: this.issuer,
  }));
  #ownClient: PwlessClient | undefined;
  #shownStep: Step | undefined;

  constructor() {
    super();
    Object.assign(this, { issuer: '', clientId: '', delivery: 'code', channel: 'email', mode: 'auto', passkeys: 'offer' });
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && this.isConnected) this.#language.choose();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A client the element made itself listens to other tabs; let it go once the element is gone
    // for good. A move within the page (removed and inserted in one task) keeps it.
    setTimeout(() => {
      if (this.isConnected || !this.#ownClient) return;
      this.#ownClient.close();
      this.#ownClient = undefined;
    });
  }

  /**
   * Renders only once the locale's texts are loaded, so a German page never flashes English, and a
   * step with a chunk of its own only once it is here: meanwhile the step before stays on screen.
   * The first render has no step before; it shows a stand-in and renders again on arrival.
   */
  protected override async scheduleUpdate(): Promise<void> {
    const stepArrives = loadStep(this.#flow.state.step);
    await this.#language.ready;
    if (stepArrives && this.hasUpdated) await stepArrives;
    else void stepArrives?.then(() => this.requestUpdate());
    super.scheduleUpdate();
  }

  /** Completes once the step itself shows, not a first render's stand-in, so focus (and a page awaiting this) finds it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    const stepArrives = loadStep(this.#flow.state.step);
    if (!stepArrives) return complete;
    await stepArrives;
    this.requestUpdate();
    return super.getUpdateComplete();
  }

  protected override updated(): void {
    const { step, problem, code } = this.#flow.state;
    // The code field holds what its input handler wrote back; a code the flow changed or emptied since (a wrong code
    // refused before any render, a code from WebOTP) goes into it here. It is what lit's `live` directive would do, for less.
    const codeField = this.renderRoot.querySelector<HTMLInputElement>('#code');
    if (codeField && codeField.value !== code) codeField.value = code;
    if (step === this.#shownStep) return;
    const first = this.#shownStep === undefined;
    this.#shownStep = step;
    this.#internals.states.clear();
    this.#internals.states.add(step);
    // Focus moves to each new step (or to "Try again" when the step failed), never on page load.
    if (!first) this.renderRoot.querySelector<HTMLElement>(problem?.retry ? '#retry' : '[data-autofocus]')?.focus();
  }

  /** The `client` property, or one made from the attributes; `undefined` while neither is complete. */
  get #client(): PwlessClient | undefined {
    if (this.client) return this.client;
    // Kratos alone needs no client ID.
    if (!this.issuer || (!this.clientId && this.dialect !== 'kratos')) return undefined;
    const optional = { scope: this.scope, redirectUri: this.redirectUri, linkUri: this.linkUri, dialect: this.dialect, clientId: this.clientId };
    const given = Object.fromEntries(Object.entries(optional).filter(([, value]) => value));
    this.#ownClient ??= createClient({ issuer: this.issuer, mode: this.mode, ...given });
    return this.#ownClient;
  }

  protected override render() {
    const flow = this.#flow;
    const view: View = {
      ...flow.state,
      parts: flow.parts,
      messages: this.#language.messages(this.messages),
      locale: this.#language.locale,
      channel: this.channel,
      retryIn: flow.retryIn,
      now: flow.clock.now,
      onIdentifierInput: (event) => flow.typeIdentifier((event.target as HTMLInputElement).value),
      onIdentifierFocus: () => flow.prefetch(),
      onIdentifierSubmit: (event) => (event.preventDefault(), void flow.send()),
      onUseSuggestion: () => void flow.useSuggestion(),
      onCodeInput: (event) => {
        const input = event.target as HTMLInputElement;
        input.value = flow.typeCode(input.value);
      },
      onCodeSubmit: (event) => (event.preventDefault(), void flow.verify()),
      onResend: () => void flow.resend(),
      onChangeIdentifier: () => flow.changeIdentifier(),
      onEnterCode: () => flow.enterCode(),
      onSignOut: () => void flow.signOut(),
      onRetry: () => void flow.retry(),
      onRetryStep: () => flow.retryStep(),
    };
    return renderShell(view, flow.state.announcement);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pwless-login': PwlessLogin;
  }
}
