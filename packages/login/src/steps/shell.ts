import { html, nothing, type TemplateResult } from 'lit';
import { isRightToLeft } from '../locale.js';
import { renderCode } from './code.js';
import { renderIdentifier } from './identifier.js';
import { renderLanding } from './landing.js';
import { renderLinkSent } from './link-sent.js';
import { placesProblem, renderProblem } from './problem.js';
import { renderSignedIn } from './signed-in.js';
import type { View } from './view.js';

function headingFor(view: View): string {
  const messages = view.messages;
  if (view.step === 'code' || view.step === 'verifying') return view.channel === 'sms' ? messages.smsCodeHeading : messages.codeHeading;
  if (view.step === 'link-sent') return messages.linkHeading;
  // A spent or unknown link has nothing left to confirm: the page offers to sign in again.
  if (view.step === 'landing') return !view.link && view.problem && !view.problem.retry ? messages.heading : messages.landingHeading;
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
 * What every step shares: heading, the step, the signed-in view, the error of steps that do not
 * place it themselves, the polite announcer, the footer. Slots are always rendered.
 */
export function renderShell(view: View, announcement: string) {
  return html`<div part="container" lang=${view.locale} dir=${isRightToLeft(view.locale) ? 'rtl' : 'ltr'}>
    <h2 part="heading" id="heading"><slot name="heading">${headingFor(view)}</slot></h2>
    ${renderStep(view)}
    <div part="signed-in" ?hidden=${view.step !== 'signed-in'}><slot name="signed-in">${renderSignedIn(view)}</slot></div>
    ${placesProblem(view.step) ? nothing : renderProblem(view)}
    <p part="announcer" role="status" class="visually-hidden">${announcement}</p>
    <div part="footer"><slot name="footer"></slot></div>
  </div>`;
}
