import type { Channel } from './state.js';
import { en } from './templates/en.js';
import type { Template } from './templates/template.js';

const templates: Readonly<Record<string, Template>> = { en };

/** The languages messages are written in (BCP 47), for `ui_locales_supported`. */
export const supportedLocales: readonly string[] = Object.keys(templates);

/** Picks the first supported language of an `ui_locales` list (space-separated BCP 47 tags). */
export function pickLocale(uiLocales: string | null): string {
  for (const tag of (uiLocales ?? '').split(' ')) {
    const exact = tag.trim();
    if (exact in templates) return exact;
    const language = exact.split('-')[0] ?? '';
    if (language in templates) return language;
  }
  return 'en';
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

export interface MessageValues {
  code: string;
  minutes: number;
  /** The magic link, for link delivery. */
  link?: string;
  phrase?: string;
}

/** Writes the message of one sign-in in the given language: short text for SMS, text and HTML for email. */
export function composeMessage(locale: string, channel: Channel, values: MessageValues): ComposedMessage {
  const template = templates[locale] ?? en;
  const fields = { code: values.code, minutes: String(values.minutes), phrase: values.phrase ?? '', link: values.link ?? '' };
  if (channel === 'sms') {
    const text = fill(values.link ? template.smsLink : template.sms, fields);
    return { subject: '', text, html: escapeHtml(text) };
  }
  const paragraphs: { text: string; html: string }[] = [];
  const add = (line: string, html = escapeHtml(line)) => paragraphs.push({ text: line, html });
  if (values.link) {
    const intro = fill(template.linkIntro, fields);
    paragraphs.push({ text: `${intro}\n${values.link}`, html: escapeHtml(intro) });
    paragraphs.push({ text: '', html: `<a href="${escapeHtml(values.link)}">${escapeHtml(template.linkAction)}</a>` });
    add(fill(template.linkFallback, fields));
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
    html: `<div lang="${escapeHtml(locale)}" dir="${template.direction}">${body}</div>`,
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
