import { html, nothing } from 'lit';
import { fill } from '../format.js';
import type { Messages } from '../locales/en.js';
import type { View } from './view.js';

/** What came of "Create a passkey", in words (also what the polite live region says). */
export function passkeyResultText(messages: Messages, result: View['passkeyResult']): string {
  return result === 'created' ? messages.passkeyCreated : result === 'not_supported' ? messages.passkeyUnsupported : result ? messages.errors[result] : '';
}

/** The default signed-in view, the fallback content of the `signed-in` slot: who, "Create a passkey" when offered, sign out. */
export function renderSignedIn(view: View) {
  const { messages, passkeyResult } = view;
  const user = view.session?.user;
  const name = user?.email ?? user?.phone ?? user?.sub ?? '';
  const active = view.step === 'signed-in';
  return html`<p part="signed-in-text" tabindex="-1" ?data-autofocus=${active}>${fill(messages.signedInAs, { name })}</p>
    ${view.passkeyOffer
      ? html`<div part="passkey-offer">
          <p id="passkey-why">${messages.passkeyOffer}</p>
          <button part="button passkey-create" type="button" aria-describedby="passkey-why" @click=${view.onCreatePasskey}>${messages.passkeyCreate}</button>
          <button part="link-button passkey-dismiss" type="button" @click=${view.onDismissPasskey}>${messages.passkeyDismiss}</button>
        </div>`
      : nothing}
    ${passkeyResult ? html`<p part=${passkeyResult === 'created' ? 'passkey-result' : 'passkey-result error'} tabindex="-1">${passkeyResultText(messages, passkeyResult)}</p>` : nothing}
    <button part="button sign-out-button" type="button" @click=${view.onSignOut}>${messages.signOut}</button>`;
}
