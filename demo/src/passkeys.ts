import { LitElement, css, html, nothing } from 'lit';
import { PwlessClient, PwlessError, type Passkey } from '@pwless/sdk';

/**
 * The signed-in person's passkeys, under the widget: what an app's account page would show, made
 * with the SDK's `passkeys()` and `deletePasskey()`. It has a client of its own for the widget's
 * issuer and client ID; the SDK's tabs share one session, so it is signed in whenever the widget is
 * (and out when the widget signs out). Nothing shows while signed out or where the backend has no
 * passkeys.
 */
export class DemoPasskeys extends LitElement {
  static override styles = css`
    :host { display: block; font: 14px/1.5 system-ui, sans-serif; color-scheme: light dark; overflow-wrap: anywhere; }
    :host([hidden]) { display: none; }
    h2 { font-size: 1rem; margin: 1rem 0 0.5rem; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
    li { border: 1px solid #8c959f; border-radius: 8px; padding: 0.5rem 0.75rem; display: flex; gap: 0.5rem; align-items: center; justify-content: space-between; flex-wrap: wrap; }
    .meta { color: GrayText; font-size: 0.85em; display: block; }
    button { font: inherit; }
    p { margin: 0.25rem 0; }
  `;

  static override properties = { issuer: {}, clientId: { attribute: 'client-id' }, list: { state: true }, problem: { state: true } };

  declare issuer: string;
  declare clientId: string;
  /** `undefined`: signed out, or the backend has no passkeys. */
  declare protected list: Passkey[] | undefined;
  declare protected problem: string;
  #client: PwlessClient | undefined;
  #poll: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.issuer = '';
    this.clientId = '';
    this.problem = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.issuer) return;
    const client = (this.#client = new PwlessClient({ issuer: this.issuer, clientId: this.clientId }));
    client.addEventListener('session', () => void this.#signedIn(client));
    client.addEventListener('signedout', () => this.#signedOut());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#signedOut();
    this.#client?.close();
    this.#client = undefined;
  }

  async #signedIn(client: PwlessClient): Promise<void> {
    if (this.#poll !== undefined) return;
    const support = await client.passkeySupport().catch(() => undefined);
    if (!support?.server || client !== this.#client) return;
    // "Create a passkey" in the widget says nothing to the page: a short poll shows the new one.
    this.#poll = setInterval(() => void this.refresh(), 2000);
    await this.refresh();
  }

  #signedOut(): void {
    clearInterval(this.#poll);
    this.#poll = undefined;
    this.list = undefined;
    this.problem = '';
  }

  /** Reads the list again from the provider. */
  async refresh(): Promise<void> {
    const client = this.#client;
    if (!client?.session || document.hidden) return;
    try {
      const list = await client.passkeys();
      if (client === this.#client && client.session) this.list = list;
    } catch (error) {
      this.problem = `The passkeys could not be read: ${describe(error)}`;
    }
  }

  async #delete(passkey: Passkey): Promise<void> {
    try {
      await this.#client?.deletePasskey(passkey.id);
      this.problem = '';
      await this.refresh();
    } catch (error) {
      this.problem = `${passkey.name} could not be deleted: ${describe(error)}`;
    }
  }

  protected override render() {
    if (!this.list) return nothing;
    return html`<h2>Your passkeys</h2>
      ${this.list.length === 0
        ? html`<p>None yet. After a sign-in with a code, the widget offers to create one.</p>`
        : html`<ul>${this.list.map((passkey) => html`<li data-passkey-id=${passkey.id}>
            <span><strong>${passkey.name}</strong>
              <span class="meta">Created ${passkey.createdAt.toLocaleString()} · ${passkey.lastUsedAt ? `last used ${passkey.lastUsedAt.toLocaleString()}` : 'not used yet'}${passkey.backedUp ? ' · synced' : ''}</span></span>
            <button type="button" aria-label=${`Delete the passkey ${passkey.name}`} @click=${() => this.#delete(passkey)}>Delete</button>
          </li>`)}</ul>`}
      <p role="status">${this.problem}</p>`;
  }
}

function describe(error: unknown): string {
  return error instanceof PwlessError ? error.code : String(error);
}

if (!customElements.get('pwless-demo-passkeys')) customElements.define('pwless-demo-passkeys', DemoPasskeys);

declare global {
  interface HTMLElementTagNameMap {
    'pwless-demo-passkeys': DemoPasskeys;
  }
}
