import { html, nothing } from 'lit';
import { fill, pluralWait, unbroken } from '../format.js';
import { linkSentTexts } from '../locales/en-link-sent.js';
import { renderProblem } from './problem.js';
import { secondsUntil, type View } from './view.js';

/** Webmail start pages for the most common address domains. */
const webmail: Record<string, [name: string, url: string]> = {
  'gmail.com': ['Gmail', 'https://mail.google.com/'],
  'googlemail.com': ['Gmail', 'https://mail.google.com/'],
  'outlook.com': ['Outlook', 'https://outlook.live.com/mail/'],
  'hotmail.com': ['Outlook', 'https://outlook.live.com/mail/'],
  'live.com': ['Outlook', 'https://outlook.live.com/mail/'],
  'yahoo.com': ['Yahoo Mail', 'https://mail.yahoo.com/'],
  'icloud.com': ['iCloud Mail', 'https://www.icloud.com/mail'],
  'me.com': ['iCloud Mail', 'https://www.icloud.com/mail'],
  'proton.me': ['Proton Mail', 'https://mail.proton.me/'],
  'protonmail.com': ['Proton Mail', 'https://mail.proton.me/'],
  'gmx.de': ['GMX', 'https://www.gmx.net/'],
  'gmx.net': ['GMX', 'https://www.gmx.net/'],
  'web.de': ['WEB.DE', 'https://web.de/'],
};

/** The webmail shortcut for an address, when its domain is a well-known one. */
export function webmailFor(address: string): [name: string, url: string] | undefined {
  return webmail[address.trim().split('@').pop()?.toLowerCase() ?? ''];
}

/**
 * After a magic link was sent: where it went, the phrase, a webmail shortcut, "Send a new link" (after
 * the server's cooldown, with its error right under it), the code as fallback.
 */
export function renderLinkSent(view: View) {
  // This step's English comes with it; the locale's own texts and the page's overrides go over it.
  const messages = { ...linkSentTexts, ...view.messages };
  const challenge = view.challenge!;
  const mail = webmailFor(view.identifier);
  const resendIn = Math.max(secondsUntil(challenge.resendAt, view.now), view.retryIn);
  return html`<div part="form link-sent">
    <p part="sent-to" id="sent-to" tabindex="-1" data-autofocus>${fill(view.resent ? messages.linkResent : messages.linkSentTo, { to: unbroken(challenge.to) })}</p>
    ${challenge.phrase ? html`<p part="phrase">${fill(messages.phrase, { phrase: challenge.phrase })}</p>` : nothing}
    ${mail ? html`<a part="button webmail-link" href=${mail[1]} target="_blank" rel="noopener noreferrer">${fill(messages.openMail, { name: mail[0] })}</a>` : nothing}
    <button part="link-button resend-link-button" id="resend" type="button" aria-describedby="error" ?disabled=${resendIn > 0} @click=${view.onResend}>
      ${resendIn > 0 ? pluralWait(view.locale, messages.resendLinkIn, messages.resendLinkInMinutes, resendIn) : messages.resendLink}
    </button>
    ${renderProblem(view)}
    <div part="actions">
      <button part="link-button code-instead-button" type="button" @click=${view.onEnterCode}>${messages.enterCodeInstead}</button>
      <button part="link-button change-button" type="button" @click=${view.onChangeIdentifier}>${messages.useDifferentEmail}</button>
    </div>
  </div>`;
}
