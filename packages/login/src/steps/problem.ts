import { html, nothing } from 'lit';
import { describeProblem } from '../failure.js';
import { pluralWait } from '../format.js';
import type { Step, View } from './view.js';

/** Steps whose template places the error itself, right under the field (or button) it is about. */
const placedByStep: ReadonlySet<Step> = new Set(['email', 'sending', 'redirecting', 'code', 'verifying', 'link-sent', 'landing']);

export function placesProblem(step: Step): boolean {
  return placedByStep.has(step);
}

/**
 * The error (the assertive live region, kept in place while the step stays, so a new error is
 * announced), the rate-limit countdown and "Try again": together, next to what they are about.
 * A step whose own button already repeats the failed request passes `ownRetry` and relabels it.
 */
export function renderProblem(view: View, ownRetry = false) {
  return html`<p part="error" role="alert" id="error">${view.problem ? describeProblem(view.problem, view.messages, view.locale, view.channel) : ''}</p>
    ${view.retryIn > 0 ? html`<p part="countdown retry-countdown">${pluralWait(view.locale, view.messages.retryIn, view.messages.retryInMinutes, view.retryIn)}</p>` : nothing}
    ${view.problem?.retry && !ownRetry ? html`<button part="button retry-button" id="retry" type="button" @click=${view.onRetry}>${view.messages.retry}</button>` : nothing}`;
}
