import { messages as en, type MessageOverrides, type Messages } from './locales/en.js';

/**
 * Every locale but English loads on demand, so the main bundle carries only English; each
 * `import()` becomes its own chunk next to the CDN bundle.
 */
const loaders: Record<string, () => Promise<{ messages: Messages }>> = {
  de: () => import('./locales/de.js'),
  fr: () => import('./locales/fr.js'),
  es: () => import('./locales/es.js'),
  it: () => import('./locales/it.js'),
  'pt-BR': () => import('./locales/pt-br.js'),
  nl: () => import('./locales/nl.js'),
  pl: () => import('./locales/pl.js'),
  ja: () => import('./locales/ja.js'),
  'zh-Hans': () => import('./locales/zh-hans.js'),
  ar: () => import('./locales/ar.js'),
  he: () => import('./locales/he.js'),
};

/** The locales the element ships, English first. */
export const supportedLocales = ['en', ...Object.keys(loaders)] as const;

const rightToLeft = new Set(['ar', 'he']);

/** The shipped locale that best fits a BCP 47 tag (`pt` → `pt-BR`, `zh-CN` → `zh-Hans`, `iw` → `he`), else `en`. */
export function matchLocale(tag: string | null | undefined): string {
  const parts = (tag ?? '').toLowerCase().split(/[-_]/);
  const language = parts[0] === 'iw' ? 'he' : parts[0] ?? '';
  if (language === 'pt') return 'pt-BR';
  if (language === 'zh') return 'zh-Hans';
  return language in loaders ? language : 'en';
}

export function isRightToLeft(locale: string): boolean {
  return rightToLeft.has(locale);
}

/** The chunk of `locale` from a table of per-language chunks; nothing for English, or when loading fails (e.g. offline before the chunk was cached). */
export async function loadChunk<T>(chunks: Record<string, () => Promise<T>>, locale: string): Promise<T | undefined> {
  try {
    return await chunks[locale]?.();
  } catch {
    return undefined;
  }
}

/** The messages of a shipped locale (English when loading fails). */
export async function loadMessages(locale: string): Promise<Messages> {
  return (await loadChunk(loaders, locale))?.messages ?? en;
}

/** Texts a lazy chunk brings for every language once it is here (the passkey texts), under the page's overrides. */
export const addedTexts: { for?: (locale: string) => MessageOverrides | undefined } = {};

/** A locale's messages with the page's overrides laid over them. */
export function withOverrides(base: Messages, overrides: MessageOverrides | undefined): Messages {
  if (!overrides) return base;
  return { ...base, ...overrides, errors: { ...base.errors, ...overrides.errors } } as Messages;
}

export { en };
