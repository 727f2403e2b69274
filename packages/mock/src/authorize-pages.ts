import { escapeHtml, hiddenFields, htmlPage } from './html.js';
import type { Answer } from './http.js';

/** What went wrong in the last step, as the challenge endpoint said it. */
export interface PageError {
  error: string;
  error_description?: string;
  attempts_remaining?: number;
  retry_after?: number;
}

const explanations: Record<string, string> = {
  invalid_request: 'Please enter a valid email address or phone number (like +15551234567).',
  access_denied: 'This address cannot sign in here.',
  slow_down: 'Too many codes were sent. Please wait a little and try again.',
  invalid_otp: 'That code is not right.',
  otp_expired: 'That code has expired. Ask for a new one.',
};

function alert(problem: PageError | undefined): string {
  if (!problem) return '';
  let text = explanations[problem.error] ?? 'Something went wrong. Please try again.';
  if (problem.attempts_remaining !== undefined) text += ` Tries left: ${problem.attempts_remaining}.`;
  if (problem.retry_after !== undefined) text += ` Wait ${problem.retry_after} seconds.`;
  return `<p class="error" role="alert">${escapeHtml(text)}</p>`;
}

/** Step 1: the address to send a code to. */
export function emailPage(carried: Record<string, string | undefined>, loginHint = '', problem?: PageError): Answer {
  return htmlPage(
    problem ? 400 : 200,
    'Sign in',
    `${alert(problem)}<form method="post" action="authorize">${hiddenFields({ ...carried, pwless_step: 'start' })}
<label for="login_hint">Email or phone number</label>
<input id="login_hint" name="login_hint" type="text" autocomplete="username" required autofocus value="${escapeHtml(loginHint)}">
<button type="submit">Send me a code</button></form>`,
  );
}

/** Step 2: the code from the message, with the masked address and the anti-phishing phrase. */
export function codePage(authSession: string, shown: { to?: string; phrase?: string }, problem?: PageError, resent = false): Answer {
  const sentTo = shown.to ? `<p>${resent ? 'We sent a new code to' : 'We sent a code to'} <strong>${escapeHtml(shown.to)}</strong>.</p>` : '';
  const phrase = shown.phrase ? `<p>The message shows the phrase <span class="phrase">${escapeHtml(shown.phrase)}</span>. Do not enter a code from a message without it.</p>` : '';
  return htmlPage(
    problem ? 400 : 200,
    'Enter your code',
    `${alert(problem)}${sentTo}${phrase}<form method="post" action="authorize">${hiddenFields({ auth_session: authSession, pwless_step: 'verify' })}
<label for="otp">Code</label>
<input id="otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" required autofocus>
<button type="submit">Continue</button></form>
<form method="post" action="authorize">${hiddenFields({ auth_session: authSession, pwless_step: 'resend' })}<button class="secondary" type="submit">Send a new code</button></form>`,
  );
}
