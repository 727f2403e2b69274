import { LitElement, css, html } from 'lit';
import { auth0Issuer, backendTexts, inPageBaseUrls, isBackend, pointBackend, type Backend } from './backend.js';
import { isSignInMode, pointWidget, redirectIssuer, type SignInMode } from './sign-in-mode.js';

interface Token {
  name: string;
  label: string;
  kind: 'color' | 'length';
  /** The widget's default (in a light scheme). */
  value: string;
  /** The widget's default in a dark scheme, where it differs (packages/login/src/styles.ts). */
  dark?: string;
}

/** The tokens the designer edits; the export lists only the ones the designer changed. */
const designable: Token[] = [
  { name: '--pwless-color-accent', label: 'Accent colour', kind: 'color', value: '#1a56db', dark: '#8ab4ff' },
  { name: '--pwless-color-on-accent', label: 'Text on accent', kind: 'color', value: '#ffffff', dark: '#0b1220' },
  { name: '--pwless-color-surface', label: 'Surface colour', kind: 'color', value: '#ffffff', dark: '#161b22' },
  { name: '--pwless-color-text', label: 'Text colour', kind: 'color', value: '#1f2328', dark: '#e6edf3' },
  { name: '--pwless-color-danger', label: 'Error colour', kind: 'color', value: '#b42318', dark: '#ff9b94' },
  // Without these a dark surface keeps white fields and grey hints made for a white one.
  { name: '--pwless-color-field', label: 'Field colour', kind: 'color', value: '#ffffff', dark: '#0d1117' },
  { name: '--pwless-color-muted', label: 'Hint text colour', kind: 'color', value: '#57606a', dark: '#9da7b3' },
  { name: '--pwless-color-border', label: 'Field border colour', kind: 'color', value: '#6e7781', dark: '#8b949e' },
  { name: '--pwless-color-focus', label: 'Focus ring colour', kind: 'color', value: '#1a56db', dark: '#8ab4ff' },
  { name: '--pwless-radius', label: 'Corner radius (px)', kind: 'length', value: '8' },
  { name: '--pwless-space', label: 'Padding (px)', kind: 'length', value: '16' },
];

/** Whether a `#rrggbb` colour is dark: black text on it would contrast less than white (WCAG relative luminance). */
function isDark(color: string): boolean {
  const [red, green, blue] = [1, 3, 5].map((start) => {
    const channel = parseInt(color.slice(start, start + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * red! + 0.7152 * green! + 0.0722 * blue! < 0.179;
}

/** Switches for the mock provider's policies, to see each error state with the real flow: [label, on, off]. */
const faults: [string, Record<string, unknown>, Record<string, unknown>][] = [
  ['Offline', { offline: true }, { offline: false }],
  ['Slow answers (2 s)', { latency: 2000 }, { latency: 0 }],
  ['Server errors (half the time)', { failureRate: 0.5 }, { failureRate: 0 }],
  ['Sign-ups closed, no enumeration protection', { signupsOpen: false, enumerationProtection: false }, { signupsOpen: true, enumerationProtection: true }],
];

/** The widget's behaviour attributes and the choices offered for each: [attribute, label, options]. */
const behaviours: [attribute: string, label: string, options: [value: string, text: string][]][] = [
  ['lang', 'Language', [['en', 'English'], ['de', 'Deutsch'], ['fr', 'Français'], ['es', 'Español'], ['it', 'Italiano'], ['pt-BR', 'Português (Brasil)'], ['nl', 'Nederlands'], ['pl', 'Polski'], ['ja', '日本語'], ['zh-Hans', '简体中文'], ['ar', 'العربية'], ['he', 'עברית']]],
  ['delivery', 'Delivery', [['code', 'One-time code'], ['link', 'Magic link (and code)']]],
  ['channel', 'Channel', [['email', 'Email'], ['sms', 'SMS']]],
];

/**
 * Behaviour choices outlive the page: a magic link opens the demo again in a new tab, and its
 * landing page must speak the language chosen before the link was sent.
 */
const behaviourKey = 'pwless-demo-behaviour';

function storedBehaviour(): Record<string, string> {
  let stored: unknown;
  try {
    stored = JSON.parse(localStorage.getItem(behaviourKey) ?? '{}');
  } catch {
    return {};
  }
  if (typeof stored !== 'object' || stored === null) return {};
  const offered = behaviours.map(([attribute, , options]) => [attribute, options.find(([value]) => value === (stored as Record<string, unknown>)[attribute])?.[0]]);
  const { mode, backend } = stored as Record<string, unknown>;
  if (isSignInMode(mode)) offered.push(['mode', mode]);
  if (isBackend(backend)) offered.push(['backend', backend]);
  return Object.fromEntries(offered.filter((entry): entry is [string, string] => entry[1] !== undefined));
}

const modeTexts: Record<SignInMode, string> = { native: 'Native (this page)', redirect: 'Redirect (provider’s page)' };

const fonts = ['system-ui, sans-serif', 'Georgia, serif', 'ui-monospace, monospace', '"Trebuchet MS", sans-serif'];

/**
 * The playground's controls: language, delivery, channel and colour scheme of the widget, switches
 * for the mock provider's faults, and a theme designer whose CSS can be copied into any page.
 */
export class DemoSettings extends LitElement {
  static override styles = css`
    :host { display: block; font: 14px/1.5 system-ui, sans-serif; color-scheme: light dark; }
    h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
    /* min-inline-size: 0 lets fieldsets and selects shrink to a phone's width instead of their content's. */
    fieldset { border: 1px solid #8c959f; border-radius: 8px; display: grid; gap: 0.5rem; margin: 0 0 1rem; min-inline-size: 0; }
    select { min-inline-size: 0; max-inline-size: 100%; }
    label { display: grid; grid-template-columns: 1fr auto; gap: 0.5rem; align-items: center; }
    /* A select too wide for the rest of its row goes under its label, whole, instead of losing its end under the arrow. */
    .row { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.25rem 0.5rem; align-items: center; }
    /* A long label wraps its own words first, so a checkbox stays beside it. */
    .row > label { flex: 1 0 6em; }
    select, input, button, textarea { font: inherit; }
    .note { margin: 0; color: GrayText; font-size: 0.9em; overflow-wrap: anywhere; }
    textarea { inline-size: 100%; box-sizing: border-box; min-block-size: 8rem; font-family: ui-monospace, monospace; }
  `;

  static override properties = { target: {}, inbox: {}, behaviour: { state: true }, values: { state: true }, systemDark: { state: true }, font: { state: true }, appearance: { state: true }, copied: { state: true } };

  /** The id of the `<pwless-login>` to drive. */
  declare target: string;
  /** The id of the `<pwless-demo-inbox>` that shows the messages of the widget's provider. */
  declare inbox: string;
  /** The behaviour attributes chosen here (kept across pages), e.g. `{ lang: 'ja' }`. */
  declare protected behaviour: Record<string, string>;
  /** The values the designer chose; every other token shows (and keeps) the widget's default of the scheme in use. */
  declare protected values: Record<string, string>;
  /** Whether the system asks for a dark scheme (what "Follow the system" follows). */
  declare protected systemDark: boolean;
  declare protected font: string;
  /** `light dark` (follow the system), `light` or `dark`. */
  declare protected appearance: string;
  declare protected copied: boolean;
  /** The provider of redirect mode, when the page was served with one (`npm start`). */
  readonly #redirectIssuer = redirectIssuer();
  /** The Auth0 mock variant, when the page was served with one (`npm start`). */
  readonly #auth0Issuer = auth0Issuer();
  /** The widget's issuer as the page names it: the service-worker mock. */
  #nativeIssuer = '';

  constructor() {
    super();
    this.target = 'widget';
    this.inbox = 'inbox';
    this.values = {};
    this.systemDark = false;
    this.font = fonts[0]!;
    this.appearance = 'light dark';
    this.copied = false;
    this.behaviour = storedBehaviour();
  }

  #connected: AbortController | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // The pickers show the colours the widget uses, which follow the system's scheme as it changes.
    this.#connected = new AbortController();
    const dark = matchMedia('(prefers-color-scheme: dark)');
    this.systemDark = dark.matches;
    dark.addEventListener('change', () => (this.systemDark = dark.matches), { signal: this.#connected.signal });
    // Before the widget is defined (it waits for the mock), so it starts in the kept language and
    // mode, and a page the provider sent back to finishes the sign-in with the provider that started it.
    const { mode, backend, ...attributes } = this.behaviour;
    for (const [attribute, value] of Object.entries(attributes)) this.#set(attribute, value);
    this.#nativeIssuer = this.#widget?.getAttribute('issuer') ?? '';
    if (this.#backend !== 'pwless') this.#useBackend(this.#backend);
    else if (mode === 'redirect') this.#useMode(mode);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#connected?.abort();
  }

  /** Redirect mode where the page has its provider (and the backend is pwless); native mode otherwise, whatever was kept. */
  get #mode(): SignInMode {
    return this.#redirectIssuer && this.#backend === 'pwless' && this.behaviour.mode === 'redirect' ? 'redirect' : 'native';
  }

  /** The chosen backend where its mock is here (Auth0's runs beside `npm start` only); else pwless. */
  get #backend(): Backend {
    const { backend } = this.behaviour;
    return isBackend(backend) && this.#issuerOf(backend) ? backend : 'pwless';
  }

  #issuerOf(backend: Backend): string | undefined {
    return backend === 'pwless' ? this.#nativeIssuer || undefined : backend === 'auth0' ? this.#auth0Issuer : inPageBaseUrls[backend];
  }

  /** Points the widget (and the dev inbox) at a backend's mock; back on pwless, the chosen mode applies again. */
  #useBackend(backend: Backend): void {
    const widget = this.#widget;
    const issuer = this.#issuerOf(backend);
    if (!widget || !issuer) return;
    pointBackend(widget, backend, issuer);
    if (backend === 'pwless') this.#useMode(this.#mode);
    else document.getElementById(this.inbox)?.setAttribute('issuer', issuer);
  }

  #useMode(mode: SignInMode): void {
    const widget = this.#widget;
    const issuer = mode === 'redirect' ? this.#redirectIssuer : this.#nativeIssuer;
    if (!widget || !issuer) return;
    pointWidget(widget, issuer, mode);
    document.getElementById(this.inbox)?.setAttribute('issuer', issuer);
  }

  get #widget(): HTMLElement | null {
    return document.getElementById(this.target);
  }

  #set(attribute: string, value: string): void {
    const widget = this.#widget;
    if (!widget) return;
    if (value) widget.setAttribute(attribute, value);
    else widget.removeAttribute(attribute);
  }

  /** Whether the widget shows its dark colours: the scheme the theme forces, or else the system's. */
  get #dark(): boolean {
    return (this.#colorScheme() ?? (this.systemDark ? 'dark' : 'light')) === 'dark';
  }

  /** The value the widget uses for a token nobody chose, in the scheme on screen. */
  #default(token: Token): string {
    return this.#dark && token.dark ? token.dark : token.value;
  }

  /** What a picker shows: the designer's value, or the widget's own. */
  #shown(token: Token): string {
    return this.values[token.name] ?? this.#default(token);
  }

  /** Keeps a picked value; picking the widget's own value again forgets the choice. */
  #design(token: Token, value: string): void {
    const values = { ...this.values };
    delete values[token.name];
    this.values = value === this.#default(token) ? values : { ...values, [token.name]: value };
  }

  /**
   * A theme with any colour chosen keeps one scheme (unless the designer chose one): the colours it
   * leaves alone are that scheme's, and on a page in the other scheme they would otherwise change
   * under the chosen ones (pale hints on a pale surface). A chosen surface decides, light or dark;
   * without one, the scheme it was designed in.
   */
  #colorScheme(): string | undefined {
    if (this.appearance !== 'light dark') return this.appearance;
    if (!designable.some((token) => token.kind === 'color' && token.name in this.values)) return undefined;
    const surface = this.values['--pwless-color-surface'];
    if (surface) return isDark(surface) ? 'dark' : 'light';
    return this.systemDark ? 'dark' : 'light';
  }

  #css(): string {
    const changed = designable.filter((token) => token.name in this.values);
    const lines = changed.map((token) => `  ${token.name}: ${this.values[token.name]}${token.kind === 'length' ? 'px' : ''};`);
    const scheme = this.#colorScheme();
    if (scheme) lines.unshift(`  color-scheme: ${scheme};`);
    if (this.font !== fonts[0]) lines.push(`  --pwless-font-family: ${this.font};`);
    return `pwless-login {\n${lines.join('\n')}\n}`;
  }

  protected override updated(): void {
    const widget = this.#widget;
    if (!widget) return;
    for (const token of designable) {
      if (!(token.name in this.values)) widget.style.removeProperty(token.name);
      else widget.style.setProperty(token.name, `${this.values[token.name]}${token.kind === 'length' ? 'px' : ''}`);
    }
    const scheme = this.#colorScheme();
    if (scheme) widget.style.setProperty('color-scheme', scheme);
    else widget.style.removeProperty('color-scheme');
    if (this.font === fonts[0]) widget.style.removeProperty('--pwless-font-family');
    else widget.style.setProperty('--pwless-font-family', this.font);
  }

  #choose(attribute: string, value: string): void {
    this.behaviour = { ...this.behaviour, [attribute]: value };
    if (attribute === 'mode' && isSignInMode(value)) {
      this.#useMode(value);
      void this.#carryFaults();
    } else if (attribute === 'backend' && isBackend(value)) {
      this.#useBackend(value);
      void this.#carryFaults();
    } else this.#set(attribute, value);
    try {
      localStorage.setItem(behaviourKey, JSON.stringify(this.behaviour));
    } catch {
      // Storage can be off (private windows, policies); the choice then lasts as long as the page.
    }
  }

  async #configure(patch: Record<string, unknown>): Promise<void> {
    const issuer = this.#widget?.getAttribute('issuer');
    if (!issuer) return;
    // A mock on another origin that refuses the page's PUT (CORS) only leaves its faults as they are.
    await fetch(`${issuer}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) }).catch(() => undefined);
  }

  /**
   * The fault switches act on the widget's provider; after a mode switch they are sent to the new
   * one, every switch on or off, so what they show is what the widget meets.
   */
  async #carryFaults(): Promise<void> {
    const switches = faults.map(([label, patch, normal]) => (this.renderRoot.querySelector<HTMLInputElement>(`[id="fault-${label}"]`)?.checked ? patch : normal));
    await this.#configure(Object.assign({}, ...switches));
  }

  async #copy(): Promise<void> {
    await navigator.clipboard?.writeText(this.#css()).catch(() => undefined);
    this.copied = true;
  }

  #renderBackend() {
    const backend = this.#backend;
    return html`<div class="row"><label for="setting-backend">Backend</label>
        <select id="setting-backend" aria-describedby="backend-note" @change=${(event: Event) => this.#choose('backend', (event.target as HTMLSelectElement).value)}>
          ${Object.entries(backendTexts).map(([value, text]) => html`<option value=${value} ?selected=${backend === value} ?disabled=${!this.#issuerOf(value as Backend)}>${text}</option>`)}
        </select></div>
      <p class="note" id="backend-note">${backend === 'pwless'
        ? 'The pwless profile of OAuth for first-party apps.'
        : html`The same widget with <code>dialect="${backend}"</code>, against a mock of that vendor's API at <code>${this.#issuerOf(backend)}</code>.`}
        ${this.#auth0Issuer ? '' : ' Auth0 needs the mock that npm start runs beside the demo.'}</p>`;
  }

  #renderMode() {
    if (this.#backend !== 'pwless') return html`<p class="note">Redirect mode is for the pwless backend (an OpenID provider's own page).</p>`;
    if (!this.#redirectIssuer) {
      return html`<p class="note">Redirect mode (the provider’s own sign-in page) needs the provider that <code>npm start</code> runs beside the demo; this copy is served without it.</p>`;
    }
    const mode = this.#mode;
    return html`<div class="row"><label for="setting-mode">Mode</label>
        <select id="setting-mode" aria-describedby="mode-note" @change=${(event: Event) => this.#choose('mode', (event.target as HTMLSelectElement).value)}>
          ${Object.entries(modeTexts).map(([value, text]) => html`<option value=${value} ?selected=${mode === value}>${text}</option>`)}
        </select></div>
      <p class="note" id="mode-note">${mode === 'redirect'
        ? html`Continue opens the sign-in page of the provider at <code>${this.#redirectIssuer}</code>, which signs in with a code.
            Its messages show in the dev inbox: open the demo in a second tab to read the code while you are on that page.`
        : 'The widget signs in right here, against the mock provider inside this page.'}</p>`;
  }

  protected override render() {
    // Labels are not wrapped around selects: a wrapping label's name would include every option.
    const select = ([attribute, label, options]: (typeof behaviours)[number]) => html`<div class="row">
      <label for=${`setting-${attribute}`}>${label}</label>
      <select id=${`setting-${attribute}`} @change=${(event: Event) => this.#choose(attribute, (event.target as HTMLSelectElement).value)}>
        ${options.map(([value, text]) => html`<option value=${value} ?selected=${this.behaviour[attribute] === value}>${text}</option>`)}
      </select></div>`;
    return html`<h2>Widget settings</h2>
      <fieldset><legend>Behaviour</legend>
        ${this.#renderBackend()}
        ${this.#renderMode()}
        ${behaviours.map(select)}
      </fieldset>
      <fieldset><legend>Provider faults</legend>
        ${faults.map(([label, patch, normal]) => html`<div class="row"><label for=${`fault-${label}`}>${label}</label>
          <input id=${`fault-${label}`} type="checkbox" @change=${(event: Event) => void this.#configure((event.target as HTMLInputElement).checked ? patch : normal)} /></div>`)}
      </fieldset>
      <fieldset><legend>Theme designer</legend>
        <div class="row"><label for="appearance">Appearance</label>
          <select id="appearance" @change=${(event: Event) => (this.appearance = (event.target as HTMLSelectElement).value)}>
            <option value="light dark">Follow the system</option><option value="light">Light</option><option value="dark">Dark</option>
          </select></div>
        ${designable.map((token) => html`<label>${token.label}
          <input type=${token.kind === 'color' ? 'color' : 'range'} min="0" max="32" .value=${this.#shown(token)}
            @input=${(event: Event) => this.#design(token, (event.target as HTMLInputElement).value)} /></label>`)}
        <div class="row"><label for="font">Font</label>
          <select id="font" @change=${(event: Event) => (this.font = (event.target as HTMLSelectElement).value)}>
            ${fonts.map((font) => html`<option value=${font}>${font}</option>`)}
          </select></div>
        <label for="export">CSS for your page</label>
        <textarea id="export" readonly .value=${this.#css()}></textarea>
        <button type="button" @click=${this.#copy}>${this.copied ? 'Copied' : 'Copy CSS'}</button>
      </fieldset>
      <p><a href="./gallery.html">Every state of the widget, side by side</a></p>`;
  }
}

customElements.define('pwless-demo-settings', DemoSettings);
