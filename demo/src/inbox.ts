import { LitElement, css, html, nothing } from 'lit';
import { mockChannelName, type InboxMessage } from '@pwless/mock';

/** The dev inbox: every email and SMS the mock provider "sent", newest first. */
export class DemoInbox extends LitElement {
  static override styles = css`
    /* Sign-in links and long addresses are single words; they wrap rather than push the page sideways on a phone. */
    :host { display: block; font: 14px/1.5 system-ui, sans-serif; color-scheme: light dark; overflow-wrap: anywhere; }
    h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
    ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
    li { border: 1px solid #8c959f; border-radius: 8px; padding: 0.75rem; background: Canvas; color: CanvasText; }
    a { color: LinkText; }
    .meta { color: GrayText; font-size: 0.85em; }
    .code { font: 600 1.5rem/1.2 ui-monospace, monospace; letter-spacing: 0.2em; }
    pre { white-space: pre-wrap; font: inherit; margin: 0.25rem 0 0; }
    button { font: inherit; }
  `;

  static override properties = { issuer: {}, messages: { state: true } };

  declare issuer: string;
  declare protected messages: InboxMessage[];
  #channel: BroadcastChannel | undefined;
  #poll: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.issuer = 'https://id.pwless.test';
    this.messages = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#channel = new BroadcastChannel(mockChannelName);
    this.#channel.onmessage = () => void this.refresh();
    // The channel does not reach a page's own BroadcastChannel, so poll too.
    this.#poll = setInterval(() => void this.refresh(), 1500);
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#channel?.close();
    clearInterval(this.#poll);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Another provider (the settings' mode switch): its inbox, not the old one's messages.
    if (changed.has('issuer') && this.hasUpdated) {
      this.messages = [];
      void this.refresh();
    }
  }

  async refresh(): Promise<void> {
    try {
      const { issuer } = this;
      const response = await fetch(`${issuer}/_mock/inbox`);
      // An answer that arrives after a switch to another provider belongs to the old one.
      if (response.ok && issuer === this.issuer) this.messages = ((await response.json()) as InboxMessage[]).reverse();
    } catch {
      // The mock is starting or switched offline; the next poll tries again.
    }
  }

  async #clear(): Promise<void> {
    await fetch(`${this.issuer}/_mock/inbox`, { method: 'DELETE' });
    await this.refresh();
  }

  protected override render() {
    return html`<h2>Dev inbox</h2>
      ${this.messages.length === 0
        ? html`<p class="meta">No messages yet. Sign in with the widget; the code arrives here.</p>`
        : html`<button type="button" @click=${this.#clear}>Clear</button>`}
      <ol aria-live="polite">
        ${this.messages.map((message) => html`<li data-message-id=${message.id}>
          <div class="meta">${message.channel === 'sms' ? 'SMS' : 'Email'} to ${message.to} · ${new Date(message.sentAt).toLocaleTimeString()}</div>
          ${message.subject ? html`<strong>${message.subject}</strong>` : nothing}
          ${message.code ? html`<div class="code" data-code=${message.code}>${message.code}</div>` : nothing}
          ${message.link ? html`<p><a href=${message.link} target="_blank" data-link>Open the sign-in link</a></p>` : nothing}
          <pre>${message.text}</pre>
        </li>`)}
      </ol>`;
  }
}

customElements.define('pwless-demo-inbox', DemoInbox);
