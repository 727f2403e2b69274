import { escapeHtml, hiddenFields, htmlPage } from './html.js';
import type { Answer } from './http.js';
import { localeField } from './page-language.js';
import type { PageText } from './page-texts.js';

/** The words that explain a failed step, with the numbers they need. */
export interface PageProblem {
  message: 'invalidAddress' | 'emailSignInOff' | 'phoneSignInOff' | 'signupsClosed' | 'addressNotAllowed' | 'tooManyMessages' | 'resendTooSoon' | 'wrongCode' | 'codeMissing' | 'codeExpired' | 'somethingWentWrong';
  /** Tries left after a wrong code. */
  attemptsRemaining?: number;
  /** Seconds to wait, for `tooManyMessages` and `resendTooSoon`. */
  waitSeconds?: number;
}

/** The template's text escaped, its `{placeholders}` replaced by ready HTML. */
function say(template: string, html: Record<string, string> = {}): string {
  return escapeHtml(template).replace(/\{(\w+)\}/g, (_, key: string) => html[key] ?? '');
}

/** Latin digits, like the codes in the messages, whatever the language's own digits. */
function formatNumber(locale: string, value: number, unit?: 'second' | 'minute'): string {
  const options: Intl.NumberFormatOptions = unit ? { style: 'unit', unit, unitDisplay: 'long' } : {};
  return new Intl.NumberFormat(locale, { ...options, numberingSystem: 'latn' }).format(value);
}

/** A wait in the language, with its plural rules: seconds under a minute, whole minutes (rounded up) above. */
function formatWait(locale: string, seconds: number): string {
  return seconds < 60 ? formatNumber(locale, seconds, 'second') : formatNumber(locale, Math.ceil(seconds / 60), 'minute');
}

function alert(text: PageText, problem: PageProblem | undefined): string {
  if (!problem) return '';
  let html = say(text[problem.message], { duration: escapeHtml(formatWait(text.locale, problem.waitSeconds ?? 0)) });
  if (problem.attemptsRemaining !== undefined) html += ` ${say(text.triesLeft, { count: escapeHtml(formatNumber(text.locale, problem.attemptsRemaining)) })}`;
  return `<p class="error" role="alert">${html}</p>`;
}

/** Step 1: the address to send a code to. */
export function emailPage(text: PageText, carried: Record<string, string | undefined>, loginHint = '', problem?: PageProblem): Answer {
  return htmlPage(
    problem ? 400 : 200,
    text.signInHeading,
    `${alert(text, problem)}<form method="post" action="authorize">${hiddenFields({ ...carried, [localeField]: text.locale, pwless_step: 'start' })}
<label for="login_hint">${say(text.addressLabel)}</label>
<input id="login_hint" name="login_hint" type="text" dir="auto" autocomplete="username" required autofocus value="${escapeHtml(loginHint)}">
<button type="submit">${say(text.sendCode)}</button></form>`,
    text,
  );
}

/**
 * Step 2: the code from the message, with the masked address and the anti-phishing phrase. Every
 * way on is a POST form, so the `auth_session` never lands in a URL (history, logs, Referer); the
 * last one goes back to the address form of the same request.
 */
export function codePage(text: PageText, authSession: string, shown: { to?: string; phrase?: string }, problem?: PageProblem, resent = false): Answer {
  const to = shown.to ? `<strong><bdi>${escapeHtml(shown.to)}</bdi></strong>` : '';
  const sentTo = to ? `<p>${say(resent ? text.newCodeSentTo : text.codeSentTo, { to })}</p>` : '';
  const phrase = shown.phrase ? `<p>${say(text.phraseLine, { phrase: `<bdi class="phrase">${escapeHtml(shown.phrase)}</bdi>` })}</p>` : '';
  const carried = { auth_session: authSession, [localeField]: text.locale };
  return htmlPage(
    problem ? 400 : 200,
    text.codeHeading,
    `${alert(text, problem)}${sentTo}${phrase}<form method="post" action="authorize">${hiddenFields({ ...carried, pwless_step: 'verify' })}
<label for="otp">${say(text.codeLabel)}</label>
<input id="otp" name="otp" type="text" dir="ltr" inputmode="numeric" autocomplete="one-time-code" required autofocus>
<button type="submit">${say(text.continue)}</button></form>
<form method="post" action="authorize">${hiddenFields({ ...carried, pwless_step: 'resend' })}<button class="secondary" type="submit">${say(text.sendNewCode)}</button></form>
<form method="post" action="authorize">${hiddenFields({ ...carried, pwless_step: 'address' })}<button class="secondary" type="submit">${say(text.differentAddress)}</button></form>`,
    text,
  );
}

/**
 * The server sends no codes (its `deliveries` policy has only `link`), and this page can sign in
 * only with a code: it says so, and offers the way back with an error the app can explain.
 */
export function codeSignInOffPage(text: PageText, backToApp: string): Answer {
  return htmlPage(
    403,
    text.cannotContinueHeading,
    `<p class="error" role="alert">${say(text.codeSignInOff)}</p><p><a href="${escapeHtml(backToApp)}">${say(text.backToApp)}</a></p>`,
    text,
  );
}
