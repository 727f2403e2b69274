import { html, nothing, type TemplateResult } from 'lit';
import { plural } from '../format.js';
import { isRightToLeft } from '../locale.js';
import { renderCode } from './code.js';
import { renderIdentifier } from './identifier.js';
import { renderLanding } from './landing.js';
import { renderLinkSent } from './link-sent.js';
import { renderSignedIn } from './signed-in.js';
import type { View } from './view.js';

function headingFor(view: View): string {
  const messages = view.messages;
  if (view.step === 'code' || view.step === 'verifying') return view.channel === 'sms' ? messages.smsCodeHeading : messages.codeHeading;
  if (view.step === 'link-sent') return messages.linkHeading;
  if (view.step === 'landing') return messages.landingHeading;
  if (view.step === 'signed-in') return messages.signedInHeading;
  return messages.heading;
}

function renderStep(view: View): TemplateResult | typeof nothing {
  switch (view.step) {
    case 'code':
    case 'verifying':
      return renderCode(view);
    case 'link-sent':
      return renderLinkSent(view);
    case 'landing':
      return renderLanding(view);
    case 'signed-in':
      return nothing;
    default:
      return renderIdentifier(view);
  }
}

/**
 * What every step shares: heading, the step, the signed-in view, the error (assertive) with its
 * retry button and countdown, the polite announcer, the footer. Slots are always rendered.
 */
export function renderShell(view: View, announcement: string, onRetry: () => void) {
  const messages = view.messages;
  return html`<div part="container" lang=${view.locale} dir=${isRightToLeft(view.locale) ? 'rtl' : 'ltr'}>
    <h2 part="heading" id="heading"><slot name="heading">${headingFor(view)}</slot></h2>
    ${renderStep(view)}
    <div part="signed-in" ?hidden=${view.step !== 'signed-in'}><slot name="signed-in">${renderSignedIn(view)}</slot></div>
    <p part="error" role="alert" id="error">${view.problem?.text ?? ''}</p>
    ${view.retryIn > 0 ? html`<p part="countdown retry-countdown">${plural(view.locale, messages.retryIn, view.retryIn)}</p>` : nothing}
    ${view.problem?.retry ? html`<button part="button retry-button" id="retry" type="button" @click=${onRetry}>${messages.retry}</button>` : nothing}
    <p part="announcer" role="status" class="visually-hidden">${announcement}</p>
    <div part="footer"><slot name="footer"></slot></div>
  </div>`;
}
