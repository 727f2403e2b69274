import type { PluralMessage } from './locales/en.js';

/** Fills `{name}` placeholders. */
export function fill(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

/** A masked phone number (`+49 ••• 67`) with no-break spaces, so a line never ends inside it. */
export function unbroken(text: string): string {
  return text.replaceAll(' ', '\u00a0');
}

/** Picks the plural form for `count` in `locale` and fills it. */
export function plural(locale: string, message: PluralMessage, count: number, values: Record<string, string | number> = {}): string {
  const category = new Intl.PluralRules(locale).select(count);
  return fill(message[category] ?? message.other, { ...values, count: new Intl.NumberFormat(locale).format(count) });
}

const digitZeros = [0x30, 0x660, 0x6f0, 0x966, 0xff10];

/** Keeps only the digits of a pasted or typed code, turning Arabic-Indic, Persian, Devanagari and full-width digits into ASCII. */
export function normalizeDigits(text: string): string {
  let digits = '';
  for (const character of text) {
    const point = character.codePointAt(0)!;
    const zero = digitZeros.find((start) => point >= start && point <= start + 9);
    if (zero !== undefined) digits += String(point - zero);
  }
  return digits;
}

/** A countdown in seconds, or in whole minutes (rounded up, so it never promises too early) from a minute on. */
export function pluralWait(locale: string, seconds: PluralMessage, minutes: PluralMessage, count: number): string {
  return count >= 60 ? plural(locale, minutes, Math.ceil(count / 60)) : plural(locale, seconds, count);
}
