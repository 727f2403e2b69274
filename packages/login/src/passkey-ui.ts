/**
 * The element's passkey part, a chunk of its own: the email field's autofill (conditional UI), the
 * signed-in view's "Create a passkey" offer and the passkey texts of every language. The element
 * loads it only on a device that has made or used a passkey for this issuer (autofill on mount),
 * or after a sign-in by code or link where the backend and the browser do passkeys and this
 * device did not say "Not now": a plain code sign-in never downloads it.
 */
import { html, nothing, type ReactiveController } from 'lit';
import type { PasskeySupport, PwlessErrorCode } from '@pwless/sdk';
import { errorCode } from './failure.js';
import type { FlowParts, FlowSettings } from './flow.js';
import { addedTexts } from './locale.js';
import type { MessageOverrides } from './locales/en.js';
import { englishPasskeyTexts, loadPasskeyTexts } from './locales/passkeys.js';
import type { Step, View } from './steps/view.js';

/** The passkey texts here so far, by locale: a language still on its way reads English meanwhile. */
const texts: Record<string, MessageOverrides | Promise<void>> = { en: englishPasskeyTexts };
addedTexts.for = (locale) => {
  const here = texts[locale];
  return here && !(here instanceof Promise) ? here : englishPasskeyTexts;
};

export class PasskeyUi implements ReactiveController {
  /** The autofill's passkey request; aborted when the email step is left. */
  wait: AbortController | undefined;
  /** The backend and this browser do passkeys: the field's autofill offers them (`webauthn`). */
  webauthn = false;
  /** The signed-in view offers "Create a passkey". */
  offered = false;
  /** What came of "Create a passkey": created, or the problem's code. */
  result: PwlessErrorCode | 'created' | undefined;
  #support: Promise<PasskeySupport | undefined> | undefined;
  /** The step of the last update: the autofill starts again on the way back to the email step. */
  #step: Step | undefined;

  /** Gets what it may read and do of the flow; joins the flow's state and follows the element's updates from now on. */
  constructor(readonly parts: FlowParts) {
    parts.host.addController(this);
    parts.set({ passkeyUi: this });
  }

  /**
   * Leaving the email step (a code asked for, a sign-in) ends the autofill's wait; coming back to it
   * starts a new one, on a device that has made or used a passkey for this issuer (as on mount). The
   * offer and what came of it belong to the sign-in they followed.
   */
  hostUpdate(): void {
    void this.texts();
    const { step } = this.parts.flow.state;
    if (step !== 'email') this.wait?.abort();
    else if (this.#step !== 'email' && usedHere(this.parts.settings())) void this.autofill();
    this.#step = step;
    if (step !== 'signed-in') {
      this.offered = false;
      this.result = undefined;
    }
  }

  /** The passkey texts of the page's language (a small chunk each), fetched once it speaks it; resolves when they are here. */
  async texts(): Promise<void> {
    const { locale } = this.parts.settings();
    const here = (texts[locale] ??= loadPasskeyTexts(locale).then((loaded) => {
      texts[locale] = loaded;
      this.parts.host.requestUpdate();
    }));
    if (here instanceof Promise) await here;
  }

  hostDisconnected(): void {
    this.wait?.abort();
  }

  /**
   * Whether the backend and this browser do passkeys (asked once; `undefined` when they do not). A client
   * given through the `client` property may be a stand-in without passkey methods (the demo's state
   * gallery): no passkeys then, and nothing thrown.
   */
  support(): Promise<PasskeySupport | undefined> {
    return (this.#support ??= Promise.resolve()
      .then(() => this.parts.settings().client!.passkeySupport())
      .then((support) => (support.server && support.browser ? support : undefined), () => (this.#support = undefined)));
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
    if (support) {
      this.webauthn = true;
      this.parts.host.requestUpdate();
    }
    if (!support?.conditional || this.parts.flow.state.step !== 'email' || !this.parts.host.isConnected) return void (this.wait = undefined);
    try {
      this.parts.signedIn(await this.parts.settings().client!.signInWithPasskey({ conditional: true, signal }));
      localStorage.setItem(offerKey(this.parts.settings()), '1');
    } catch (error) {
      if (signal.aborted) return;
      // The autofill offers passkeys again once the person is back in the field (not at once: a browser that
      // refuses at once would make it a loop). Cancelled, unknown to the server, refused: said under the field,
      // the code path open with the address as typed. Nobody asked for the wait: its other failures stay quiet.
      this.wait = undefined;
      if (!errorCode(error).startsWith('passkey_')) return;
      await this.texts();
      if (!signal.aborted) this.parts.fail(error);
    }
  }

  /** After a code or link sign-in: "Create a passkey", unless this device already made one or said "Not now" for this issuer. */
  async offer(): Promise<void> {
    if (!(await this.support())) return;
    await this.texts();
    if (this.parts.flow.state.step !== 'signed-in') return;
    this.offered = true;
    this.parts.host.requestUpdate();
  }

  /** "Not now", or done: this device is not asked again for this issuer. */
  dismiss(): void {
    localStorage.setItem(offerKey(this.parts.settings()), '1');
    this.offered = false;
    this.parts.host.requestUpdate();
    // The button that had focus is gone.
    void this.parts.focus('[part~=sign-out-button]');
  }

  async create(): Promise<void> {
    this.result = undefined;
    this.parts.set({ announcement: '' });
    let result: PwlessErrorCode | 'created' = 'created';
    try {
      await this.parts.settings().client!.registerPasskey();
    } catch (error) {
      result = errorCode(error);
    }
    if (result === 'created' || result === 'passkey_exists') this.dismiss();
    this.result = result;
    this.parts.set({ announcement: resultText(this.parts.settings().messages, result) });
    if (!this.offered) void this.parts.focus('[part~=passkey-result]');
  }

  /** The offer and what came of it, in the default signed-in view. */
  render(view: View) {
    const { messages } = view;
    const { result } = this;
    return html`${this.offered
      ? html`<div part="passkey-offer">
          <p id="passkey-why">${messages.passkeyOffer}</p>
          <button part="button passkey-create" type="button" aria-describedby="passkey-why" @click=${() => void this.create()}>${messages.passkeyCreate}</button>
          <button part="link-button passkey-dismiss" type="button" @click=${() => this.dismiss()}>${messages.passkeyDismiss}</button>
        </div>`
      : nothing}
    ${result ? html`<p part=${result === 'created' ? 'passkey-result' : 'passkey-result error'} tabindex="-1">${resultText(messages, result)}</p>` : nothing}`;
  }
}

/** What came of "Create a passkey", in words (also what the polite live region says). */
function resultText(messages: FlowSettings['messages'], result: PasskeyUi['result']): string {
  return (result === 'created' ? messages.passkeyCreated : result === 'not_supported' ? messages.passkeyUnsupported : result ? messages.errors[result] : '') ?? '';
}

/** Whether passkeys are on and this device made or used one for the issuer (the SDK's flag, per issuer). */
function usedHere({ passkeys, issuer }: FlowSettings): boolean {
  try {
    return passkeys !== 'off' && !!localStorage.getItem(`pwless:passkey:${new URL(issuer).href}`);
  } catch {
    return false;
  }
}

/** Names what this device remembers about the passkey offer (one per issuer). */
export function offerKey(settings: FlowSettings): string {
  return `pwless-login:passkey-offer:${settings.issuer}`;
}
