/**
 * The element's passkey part, a chunk of its own: the email field's autofill (conditional UI), the
 * signed-in view's "Create a passkey" offer and the passkey texts of every language. The element
 * loads it only on a device that has made or used a passkey for this issuer (autofill on mount),
 * or after a sign-in by code or link where the backend and the browser do passkeys and this
 * device did not say "Not now": a plain code sign-in never downloads it.
 */
import { html, nothing } from 'lit';
import type { PasskeySupport, PwlessErrorCode, Session } from '@pwless/sdk';
import { errorCode } from './failure.js';
import type { FlowSettings, FlowState } from './flow.js';
import { addedTexts } from './locale.js';
import { passkeyTexts } from './locales/passkeys.js';
import type { View } from './steps/view.js';

addedTexts.for = (locale) => passkeyTexts[locale] ?? passkeyTexts['en'];

export class PasskeyUi {
  /** The autofill's passkey request; aborted when the email step is left. */
  wait: AbortController | undefined;
  #support: Promise<PasskeySupport | undefined> | undefined;

  /** Gets the flow, its element, and what it may change of the flow. */
  constructor(
    readonly flow: { readonly state: Readonly<FlowState> },
    readonly element: HTMLElement,
    readonly settings: () => FlowSettings,
    readonly set: (patch: Partial<FlowState>) => void,
    readonly signedIn: (session: Session) => void,
    readonly fail: (error: unknown) => void,
    readonly focus: (selector: string) => Promise<void>,
  ) {}

  /** Whether the backend and this browser do passkeys (asked once; `undefined` when they do not). */
  support(): Promise<PasskeySupport | undefined> {
    return (this.#support ??= this.settings().client!.passkeySupport().then((support) => (support.server && support.browser ? support : undefined), () => (this.#support = undefined)));
  }

  /**
   * On the email step: the field's autofill offers the passkeys of this site (conditional UI).
   * Picking one signs in, no code sent; leaving the step (sending a code) aborts the wait.
   */
  async autofill(): Promise<void> {
    // One wait at a time; a new one starts once the last was aborted (the step was left) or ended.
    if (this.wait && !this.wait.signal.aborted) return;
    const { signal } = (this.wait = new AbortController());
    const support = await this.support();
    if (signal.aborted) return;
    if (support) this.set({ webauthn: true });
    if (!support?.conditional || this.flow.state.step !== 'email' || !this.element.isConnected) return void (this.wait = undefined);
    try {
      this.signedIn(await this.settings().client!.signInWithPasskey({ conditional: true, signal }));
      localStorage.setItem(offerKey(this.settings()), '1');
    } catch (error) {
      if (signal.aborted) return;
      // The autofill offers passkeys again once the person is back in the field (not at once: a browser that
      // refuses at once would make it a loop). Cancelled, unknown to the server, refused: said under the field,
      // the code path open with the address as typed. Nobody asked for the wait: its other failures stay quiet.
      this.wait = undefined;
      if (errorCode(error).startsWith('passkey_')) this.fail(error);
    }
  }

  /** After a code or link sign-in: "Create a passkey", unless this device already made one or said "Not now" for this issuer. */
  async offer(): Promise<void> {
    if (!(await this.support())) return;
    if (this.flow.state.step === 'signed-in') this.set({ passkeyOffer: true });
  }

  /** "Not now", or done: this device is not asked again for this issuer. */
  dismiss(): void {
    localStorage.setItem(offerKey(this.settings()), '1');
    this.set({ passkeyOffer: false });
    // The button that had focus is gone.
    void this.focus('[part~=sign-out-button]');
  }

  async create(): Promise<void> {
    this.set({ passkeyResult: undefined, announcement: '' });
    let result: PwlessErrorCode | 'created' = 'created';
    try {
      await this.settings().client!.registerPasskey();
    } catch (error) {
      result = errorCode(error);
    }
    if (result === 'created' || result === 'passkey_exists') this.dismiss();
    this.set({ passkeyResult: result, announcement: resultText(this.settings().messages, result) });
    if (!this.flow.state.passkeyOffer) void this.focus('[part~=passkey-result]');
  }

  /** The offer and what came of it, in the default signed-in view. */
  render(view: View) {
    const { messages, passkeyResult } = view;
    return html`${view.passkeyOffer
      ? html`<div part="passkey-offer">
          <p id="passkey-why">${messages.passkeyOffer}</p>
          <button part="button passkey-create" type="button" aria-describedby="passkey-why" @click=${() => void this.create()}>${messages.passkeyCreate}</button>
          <button part="link-button passkey-dismiss" type="button" @click=${() => this.dismiss()}>${messages.passkeyDismiss}</button>
        </div>`
      : nothing}
    ${passkeyResult ? html`<p part=${passkeyResult === 'created' ? 'passkey-result' : 'passkey-result error'} tabindex="-1">${resultText(messages, passkeyResult)}</p>` : nothing}`;
  }
}

/** What came of "Create a passkey", in words (also what the polite live region says). */
function resultText(messages: FlowSettings['messages'], result: FlowState['passkeyResult']): string {
  return (result === 'created' ? messages.passkeyCreated : result === 'not_supported' ? messages.passkeyUnsupported : result ? messages.errors[result] : '') ?? '';
}

/** Names what this device remembers about the passkey offer (one per issuer). */
export function offerKey(settings: FlowSettings): string {
  return `pwless-login:passkey-offer:${settings.issuer}`;
}
