import '@pwless/login';
import type { PwlessLogin } from '@pwless/login';
import { scriptedClient, type Script } from './scripted-client.js';

interface Exhibit {
  title: string;
  script?: Script;
  attributes?: Record<string, string>;
  identifier?: string;
  code?: string;
  className?: string;
}

const exhibits: Exhibit[] = [
  { title: 'Email' },
  { title: 'Malformed email', identifier: 'parent@example' },
  { title: 'Misspelt email domain', identifier: 'parent@gmial.com' },
  { title: 'Sending', script: { start: 'pending' }, identifier: 'parent@example.com' },
  { title: 'Code sent, with security words', identifier: 'parent@example.com' },
  { title: 'Checking the code', script: { verify: 'pending' }, identifier: 'parent@example.com', code: '123456' },
  { title: 'Wrong code, tries left', script: { verify: { fail: 'invalid_code', attemptsRemaining: 2 } }, identifier: 'parent@example.com', code: '111111' },
  { title: 'Code expired', script: { start: { expiresAt: Date.now() - 1000, resendAt: Date.now() - 1000 }, verify: { fail: 'code_expired' } }, identifier: 'parent@example.com', code: '123456' },
  { title: 'Too many wrong codes', script: { verify: { fail: 'too_many_attempts' } }, identifier: 'parent@example.com', code: '111111' },
  { title: 'Rate limited, live countdown', script: { start: { fail: 'rate_limited', retryAfter: 90 } }, identifier: 'parent@example.com' },
  { title: 'Rate limited, seconds left', script: { start: { fail: 'rate_limited', retryAfter: 25 } }, identifier: 'parent@example.com' },
  { title: 'New code in a few minutes', script: { start: { resendAt: Date.now() + 150_000 } }, identifier: 'parent@example.com' },
  { title: 'Sign-ups closed', script: { start: { fail: 'signup_disabled' } }, identifier: 'new@example.com' },
  { title: 'Offline', script: { start: { fail: 'network_error' } }, identifier: 'parent@example.com' },
  { title: 'Server error while checking', script: { verify: { fail: 'server_error' } }, identifier: 'parent@example.com', code: '123456' },
  { title: 'Link sent', attributes: { delivery: 'link' }, identifier: 'parent@gmail.com' },
  { title: 'SMS code', attributes: { channel: 'sms' }, identifier: '+49 170 1234567' },
  { title: 'SMS, sign-ups closed', attributes: { channel: 'sms' }, script: { start: { fail: 'signup_disabled' } }, identifier: '+49 170 1234567' },
  { title: 'Signed in', identifier: 'parent@example.com', code: '123456' },
  { title: 'Arabic, right to left', attributes: { lang: 'ar' }, identifier: 'parent@example.com' },
  { title: 'German, wrong code', attributes: { lang: 'de' }, script: { verify: { fail: 'invalid_code', attemptsRemaining: 1 } }, identifier: 'parent@example.com', code: '111111' },
  { title: 'Japanese', attributes: { lang: 'ja' } },
  { title: 'Dark', className: 'dark', identifier: 'parent@example.com' },
  { title: 'Themed with tokens and parts', className: 'warm', identifier: 'parent@example.com' },
];

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

function typeInto(element: PwlessLogin, selector: string, value: string): void {
  const input = element.shadowRoot!.querySelector<HTMLInputElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new InputEvent('input'));
}

/** Plays an exhibit's user actions on its widget, the way a person would. */
async function stage(element: PwlessLogin, exhibit: Exhibit): Promise<void> {
  await element.updateComplete;
  if (!exhibit.identifier) return;
  typeInto(element, '#identifier', exhibit.identifier);
  element.shadowRoot!.querySelector<HTMLButtonElement>('[part~=submit-button]')!.click();
  await settle();
  await element.updateComplete;
  if (exhibit.code && element.shadowRoot!.querySelector('#code')) typeInto(element, '#code', exhibit.code);
  await settle();
  // Focus follows each step; in a gallery it would jump between widgets.
  (document.activeElement as HTMLElement | null)?.blur();
}

/** What the landing page's sample links answer: a fresh link, one from a provider that does not name the device, a spent one. */
const landingScripts: Record<string, Script> = {
  sample: {},
  'no-device': { link: { to: 'p•••••@example.com', requestedAt: Date.now() - 60_000 } },
  spent: { link: { fail: 'link_invalid' } },
};

function landingFrame(token: string, title: string, language: string | null): HTMLElement {
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const address = new URL('./gallery.html', location.href);
  address.searchParams.set('pwless_link', token);
  if (language) address.searchParams.set('lang', language);
  figure.append(caption, Object.assign(document.createElement('iframe'), { src: address.href, title }));
  return figure;
}

/**
 * The state gallery: one widget per state, each driven by a scripted client. `?lang=ja` shows
 * every state (but those that show off a language of their own) in that language.
 */
export async function showGallery(container: HTMLElement): Promise<void> {
  const parameters = new URL(location.href).searchParams;
  const language = parameters.get('lang');
  if (language) document.documentElement.lang = language;
  const token = parameters.get('pwless_link');
  if (token !== null) {
    // The landing page cannot share a page with the others: the link in the address bar makes every widget one.
    document.querySelector('header')?.remove();
    const element = Object.assign(document.createElement('pwless-login'), { client: scriptedClient(landingScripts[token] ?? {}) });
    container.append(element);
    return;
  }
  for (const exhibit of exhibits) {
    const figure = document.createElement('figure');
    const caption = document.createElement('figcaption');
    caption.textContent = exhibit.title;
    const element = Object.assign(document.createElement('pwless-login'), { client: scriptedClient(exhibit.script ?? {}) });
    for (const [name, value] of Object.entries(exhibit.attributes ?? {})) element.setAttribute(name, value);
    if (exhibit.className) element.className = exhibit.className;
    figure.append(caption, element);
    container.append(figure);
    await stage(element, exhibit);
  }
  container.append(
    landingFrame('sample', 'Link landing page', language),
    landingFrame('no-device', 'Link landing page, device unknown', language),
    landingFrame('spent', 'Link already used', language),
  );
}
