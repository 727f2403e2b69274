import type { Channel } from './state.js';
import { ar } from './templates/ar.js';
import { de } from './templates/de.js';
import { en } from './templates/en.js';
import { es } from './templates/es.js';
import { fr } from './templates/fr.js';
import { he } from './templates/he.js';
import { it } from './templates/it.js';
import { ja } from './templates/ja.js';
import { nl } from './templates/nl.js';
import { pl } from './templates/pl.js';
import { ptBR } from './templates/pt-br.js';
import type { Template } from './templates/template.js';
import { zhHans } from './templates/zh-hans.js';

/** Message templates by BCP 47 tag; the same languages as the `<pwless-login>` element. */
export const templates: Readonly<Record<string, Template>> = Object.freeze(
  Object.fromEntries([en, de, fr, es, it, ptBR, nl, pl, ja, zhHans, ar, he].map((template) => [template.locale, template])),
);

/** The languages messages are written in, for `ui_locales_supported`. */
export const supportedLocales: readonly string[] = Object.keys(templates);

const byLowerCaseTag = new Map(supportedLocales.map((locale) => [locale.toLowerCase(), locale]));
/** Chinese tags that mean Traditional script: Simplified is no fallback for their readers. */
const traditionalChinese = new Set(['hant', 'tw', 'hk', 'mo']);
/** Deprecated language codes still sent by some systems. */
const languageAliases: ReadonlyMap<string, string> = new Map([['iw', 'he']]);

/** The supported locale for one BCP 47 tag: exact (case-insensitive), else the same language. */
function matchTag(tag: string): string | undefined {
  const exact = byLowerCaseTag.get(tag.toLowerCase());
  if (exact) return exact;
  const [first = '', ...subtags] = tag.toLowerCase().split(/[-_]/);
  const language = languageAliases.get(first) ?? first;
  if (language === 'zh' && subtags.some((subtag) => traditionalChinese.has(subtag))) return undefined;
  return supportedLocales.find((locale) => locale.toLowerCase().split('-')[0] === language);
}

/**
 * The supported language for a list of BCP 47 tags in order of preference (space-separated, like
 * `ui_locales`, OIDC Core §3.1.2.1): the first tag that matches, or `undefined` when none does.
 */
export function matchLocale(tags: string | null): string | undefined {
  for (const tag of (tags ?? '').split(/\s+/)) {
    const match = tag === '' ? undefined : matchTag(tag);
    if (match) return match;
  }
  return undefined;
}

/** Picks the best supported language for an `ui_locales` list: the first tag that matches, else English. */
export function pickLocale(uiLocales: string | null): string {
  return matchLocale(uiLocales) ?? 'en';
}

export interface ComposedMessage {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

/** "3 minutes" in the language, with plural rules; Latin digits, like the code itself. */
function formatMinutes(locale: string, minutes: number): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long', numberingSystem: 'latn' }).format(minutes);
}

export interface MessageValues {
  /** The one-time code; empty for a link message without one. */
  code: string;
  minutes: number;
  /** The magic link, for link delivery. */
  link?: string;
  phrase?: string;
  /** Host of the page that asked: an SMS then ends with the origin-bound line WebOTP reads. */
  originHost?: string;
}

/** Writes the message of one sign-in in the given language: short text for SMS, text and HTML for email. */
export function composeMessage(locale: string, channel: Channel, values: MessageValues): ComposedMessage {
  const template = templates[locale] ?? en;
  const fields = { code: values.code, duration: formatMinutes(template.locale, values.minutes), phrase: values.phrase ?? '', link: values.link ?? '' };
  if (channel === 'sms') {
    const text = fill(values.link ? template.smsLink : template.sms, fields) + (values.originHost ? `\n\n@${values.originHost} #${values.code}` : '');
    return { subject: '', text, html: escapeHtml(text) };
  }
  const paragraphs: { text: string; html: string }[] = [];
  const add = (line: string, html = escapeHtml(line)) => paragraphs.push({ text: line, html });
  if (values.link) {
    const intro = fill(template.linkIntro, fields);
    paragraphs.push({ text: `${intro}\n${values.link}`, html: escapeHtml(intro) });
    paragraphs.push({ text: '', html: `<a href="${escapeHtml(values.link)}">${escapeHtml(template.linkAction)}</a>` });
    // A vendor's link that carries no code (Appwrite's magic URL) has no fallback line.
    if (values.code !== '') add(fill(template.linkFallback, fields));
  } else {
    add(fill(template.codeBody, fields));
  }
  if (values.phrase) add(fill(template.phraseLine, fields));
  add(template.ignoreLine);
  const text = paragraphs.map((paragraph) => paragraph.text).filter((line) => line !== '').join('\n\n');
  const body = paragraphs.map((paragraph) => `<p>${paragraph.html}</p>`).join('');
  return {
    subject: values.link ? template.linkSubject : template.codeSubject,
    text,
    html: `<div lang="${escapeHtml(template.locale)}" dir="${template.direction}">${body}</div>`,
  };
}

const phraseWords = [
  'amber', 'brave', 'calm', 'daisy', 'eagle', 'fern', 'gentle', 'harbor', 'island', 'jolly',
  'kite', 'lemon', 'maple', 'noble', 'otter', 'pebble', 'quiet', 'river', 'sunny', 'tulip',
  'violet', 'willow', 'yellow', 'zebra',
];

/** A short phrase shown both in the message and on the waiting screen, against phishing. */
export function randomPhrase(): string {
  const [a = 0, b = 0, c = 0] = crypto.getRandomValues(new Uint8Array(3));
  return `${phraseWords[a % phraseWords.length]} ${phraseWords[b % phraseWords.length]} ${10 + (c % 90)}`;
}

/** Shows enough of an address to recognise it, and no more. */
export function maskAddress(identifier: string): string {
  if (identifier.startsWith('+')) return `${identifier.slice(0, 3)} ••• ${identifier.slice(-2)}`;
  const [local = '', domain = ''] = identifier.split('@');
  return `${local.slice(0, 1)}${'•'.repeat(Math.max(2, Math.min(local.length - 1, 6)))}@${domain}`;
}
