import type { Channel } from './state.js';

interface Template {
  subject: string;
  /** Body of a code message; `{code}`, `{minutes}` and `{phrase}` are filled in. */
  codeBody: string;
  /** Body of a link message; also carries the code as a fallback. */
  linkBody: string;
  phraseLine: string;
  sms: string;
}

const templates: Record<string, Template> = {
  en: {
    subject: 'Your sign-in code',
    codeBody: 'Your sign-in code is {code}. It is valid for {minutes} minutes. If you did not ask for it, ignore this message.',
    linkBody: 'Open this link to sign in: {link}\nOr type this code instead: {code}. Both are valid for {minutes} minutes. If you did not ask for it, ignore this message.',
    phraseLine: 'The sign-in page shows the words "{phrase}". Continue only if they match.',
    sms: '{code} is your sign-in code.',
  },
};

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

export function composeMessage(
  locale: string,
  channel: Channel,
  values: { code: string; minutes: number; link?: string; phrase?: string },
): ComposedMessage {
  const template = templates[locale] ?? templates.en!;
  const fields = { code: values.code, minutes: String(values.minutes), link: values.link ?? '', phrase: values.phrase ?? '' };
  if (channel === 'sms') {
    const text = fill(template.sms, fields);
    return { subject: '', text, html: escapeHtml(text) };
  }
  const lines = [fill(values.link ? template.linkBody : template.codeBody, fields)];
  if (values.phrase) lines.push(fill(template.phraseLine, fields));
  const text = lines.join('\n\n');
  const html = lines.map((line) => `<p>${escapeHtml(line).replace(/\n/g, '<br>')}</p>`).join('');
  return { subject: template.subject, text, html };
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
