import { matchLocale } from './messages.js';
import { pageTexts, type PageText } from './page-texts.js';

/** Name of the hidden field that keeps the page's language from one form post to the next. */
export const localeField = 'pwless_locale';

/** At most this many `Accept-Language` entries are read: a longer header is no real preference. */
const maxAcceptedTags = 32;

/**
 * The tags of an `Accept-Language` header (RFC 9110 §12.5.4), most wanted first: ordered by `q`
 * (stable, so equal weights keep the header's order), without `*` and tags refused with `q=0`.
 */
export function acceptedLanguages(header: string | null): string[] {
  const entries = (header ?? '').split(',').slice(0, maxAcceptedTags).map((part, index) => {
    const [tag = '', ...parameters] = part.split(';').map((piece) => piece.trim());
    const weight = parameters.find((parameter) => /^q=/i.test(parameter));
    const quality = weight === undefined ? 1 : Number(weight.slice(2));
    return { tag, quality: Number.isFinite(quality) ? quality : 0, index };
  });
  return entries
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map((entry) => entry.tag);
}

/** Where the page's language may come from, strongest first. */
export interface LanguageSources {
  /** The `pwless_locale` field a form post carried (the page's own earlier choice). */
  carried?: string | null;
  /** The language the sign-in was started in. */
  sessionLocale?: string;
  /** `ui_locales` of the authorization request. */
  uiLocales?: string | null;
  /** The browser's `Accept-Language` header. */
  acceptLanguage?: string | null;
}

/**
 * The words for the page: a carried choice when it names a supported language exactly (it comes
 * from the request, so anything else is ignored), then the sign-in's language, then the first
 * supported tag of `ui_locales`, then of `Accept-Language`, then English.
 */
export function pageLanguage(sources: LanguageSources): PageText {
  const known = (locale: string | null | undefined) => (locale && Object.hasOwn(pageTexts, locale) ? locale : undefined);
  const locale =
    known(sources.carried) ??
    known(sources.sessionLocale) ??
    matchLocale(sources.uiLocales ?? null) ??
    matchLocale(acceptedLanguages(sources.acceptLanguage ?? null).join(' ')) ??
    'en';
  return pageTexts[locale] ?? pageTexts.en!;
}
