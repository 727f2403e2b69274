import { html, nothing } from 'lit';
import { fill, unbroken } from '../format.js';
import { renderProblem } from './problem.js';
import type { View } from './view.js';

/** A short, human name for a user agent string: "Firefox on Android". */
export function describeDevice(userAgent: string | undefined): string {
  if (!userAgent) return '?';
  const browser = [['Edg/', 'Edge'], ['Firefox/', 'Firefox'], ['Chrome/', 'Chrome'], ['Safari/', 'Safari']].find(([token]) => userAgent.includes(token!))?.[1];
  const system = [['Android', 'Android'], ['iPhone', 'iPhone'], ['iPad', 'iPad'], ['Windows', 'Windows'], ['Mac OS', 'macOS'], ['Linux', 'Linux']].find(([token]) => userAgent.includes(token!))?.[1];
  return [browser, system].filter(Boolean).join(' / ') || userAgent.slice(0, 40);
}

/** The page a magic link opens: shows what is being approved and asks for one click. */
export function renderLanding(view: View) {
  const messages = view.messages;
  const link = view.link;
  if (view.linkConfirmed) return html`<p part="landing-text" tabindex="-1" data-autofocus>${messages.landingDone}</p>${renderProblem(view)}`;
  if (!link && view.problem && !view.problem.retry) {
    return html`${renderProblem(view)}<button part="button restart-button" type="button" data-autofocus @click=${view.onChangeIdentifier}>${messages.startAgain}</button>`;
  }
  if (!link) return html`<p part="landing-text" tabindex="-1" data-autofocus>${view.problem ? '' : messages.checking}</p>${renderProblem(view)}`;
  // After a network or server error, Confirm is the "Try again": one button, not two doing the same.
  const retry = view.problem?.bySubmit === true;
  const time = link.requestedAt ? new Intl.DateTimeFormat(view.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(link.requestedAt) : '?';
  return html`<div part="form landing">
    <p part="landing-text">${fill(messages.landingIntro, { to: unbroken(link.to) })}</p>
    ${link.phrase ? html`<p part="phrase">${fill(messages.phrase, { phrase: link.phrase })}</p>` : nothing}
    <p part="hint">${link.userAgent ? fill(messages.landingDetails, { time, device: describeDevice(link.userAgent) }) : fill(messages.landingDetailsNoDevice, { time })}</p>
    <button part=${retry ? 'button confirm-button retry-button' : 'button confirm-button'} id=${retry ? 'retry' : nothing} type="button" data-autofocus
      @click=${view.onConfirmLink}>${retry ? messages.retry : messages.landingConfirm}</button>
    ${renderProblem(view, retry)}
  </div>`;
}
