import { answer, type Answer } from './http.js';

const replacements: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => replacements[character]!);
}

/** Hidden form fields carrying `fields` through a POST; every name and value is escaped. */
export function hiddenFields(fields: Record<string, string | undefined>): string {
  return Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
}

/**
 * Light and dark, following the system (the policy allows no script, so no toggle): every text and
 * control colour keeps a contrast of at least 4.5:1 on its background in both. The card keeps a
 * 1 rem margin and wraps long words, so nothing touches the edge or scrolls sideways at 320 px.
 */
const styles = `:root{color-scheme:light dark;--page:#f5f5f7;--card:#fff;--text:#1d1d1f;--accent:#0a58ca;--on-accent:#fff;--error:#b00020;--field:#fff;--border:#767676}
@media (prefers-color-scheme:dark){:root{--page:#121214;--card:#1f1f23;--text:#ececf1;--accent:#9cc1ff;--on-accent:#0b1f3d;--error:#ff9b93;--field:#121214;--border:#9a9aa3}}
*,*::before,*::after{box-sizing:border-box}
body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1rem;display:grid;place-items:center;min-height:100vh;background:var(--page);color:var(--text)}
main{background:var(--card);padding:1.5rem;border-radius:12px;box-shadow:0 1px 4px #0003;width:100%;max-width:24rem;overflow-wrap:anywhere}
h1{font-size:1.3rem;margin:0 0 1rem}label{display:block;margin-block-end:.25rem}
input{font:inherit;padding:.5rem;width:100%;border:1px solid var(--border);border-radius:6px;background:var(--field);color:var(--text)}
button{font:inherit;margin-block-start:1rem;padding:.5rem 1rem;border:0;border-radius:6px;background:var(--accent);color:var(--on-accent);width:100%}
button.secondary{background:transparent;color:var(--accent)}a{color:var(--accent)}.error{color:var(--error)}.phrase{font-weight:600}`;

/** The language a page is written in: its `lang` and `dir`. */
export interface PageLanguage {
  locale: string;
  direction: 'ltr' | 'rtl';
}

/**
 * A complete HTML page. The markup is built by the caller from escaped pieces; the policy forbids
 * scripts and framing, so even a missed escape could not run code or be clickjacked.
 */
export function htmlPage(status: number, title: string, bodyHtml: string, language: PageLanguage): Answer {
  const page = `<!doctype html><html lang="${escapeHtml(language.locale)}" dir="${language.direction === 'rtl' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title><style>${styles}</style></head><body><main><h1>${escapeHtml(title)}</h1>${bodyHtml}</main></body></html>`;
  return answer(status, page, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  });
}

/** An error page, in `language`: for requests that must not be redirected anywhere (unknown client or redirect URI). */
export function errorPage(status: number, message: string, title: string, language: PageLanguage): Answer {
  return htmlPage(status, title, `<p class="error" role="alert">${escapeHtml(message)}</p>`, language);
}

/** `uri` with `parameters` added to its query. */
export function withParameters(uri: string, parameters: Record<string, string | undefined>): string {
  const target = new URL(uri);
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) target.searchParams.set(name, value);
  }
  return target.href;
}

/** A 302 to `uri` with `parameters` added to its query. */
export function redirect(uri: string, parameters: Record<string, string | undefined>): Answer {
  return answer(302, null, { Location: withParameters(uri, parameters) });
}
