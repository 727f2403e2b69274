import type { ReactiveController, ReactiveElement } from 'lit';
import { addedTexts, en, loadMessages, matchLocale, withOverrides } from './locale.js';
import type { MessageOverrides, Messages } from './locales/en.js';

/**
 * The element's language: its own `lang`, else the nearest ancestor's, else the document's.
 * Loads that locale's texts (a separate chunk) before the host renders with them.
 */
export class Language implements ReactiveController {
  locale = 'en';
  /** Resolves once the current locale's texts are in. */
  ready: Promise<void> = Promise.resolve();
  /** The texts of `locale` once loaded (`@pwless/login/ssr` sets both before a server render). */
  texts: Messages = en;
  readonly #host: ReactiveElement;
  #observer: MutationObserver | undefined;

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.choose();
    // Single-page apps switch language by changing <html lang>; follow them.
    this.#observer ??= new MutationObserver(() => this.choose());
    this.#observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
  }

  messages(overrides: MessageOverrides | undefined): Messages {
    return withOverrides(withOverrides(this.texts, addedTexts.for?.(this.locale)), overrides);
  }

  choose(): void {
    const locale = matchLocale(this.#host.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang);
    if (locale === this.locale) return;
    this.locale = locale;
    this.ready = loadMessages(locale).then((messages) => {
      if (this.locale === locale) this.texts = messages;
    });
    this.#host.requestUpdate();
  }
}
