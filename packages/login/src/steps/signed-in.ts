import { html } from 'lit';
import { fill } from '../format.js';
import type { View } from './view.js';

/** The default signed-in view, the fallback content of the `signed-in` slot: who, "Create a passkey" when offered, sign out. */
export function renderSignedIn(view: View) {
  const { messages } = view;
  const user = view.session?.user;
  const name = user?.email ?? user?.phone ?? user?.sub ?? '';
  const active = view.step === 'signed-in';
  return html`<p part="signed-in-text" tabindex="-1" ?data-autofocus=${active}>${fill(messages.signedInAs, { name })}</p>
    ${view.passkeyUi?.render(view)}
    <button part="button sign-out-button" type="button" @click=${view.onSignOut}>${messages.signOut}</button>`;
}
