import { html, nothing, type TemplateResult } from 'lit';
import { isRightToLeft } from '../locale.js';
import { renderCode } from './code.js';
import { renderIdentifier } from './identifier.js';
import { arrivedStep } from './lazy.js';
import { placesProblem, renderProblem } from './problem.js';
import { renderSignedIn } from './signed-in.js';
import type { View } from './view.js';

function headingFor(view: View): string {
  const messages = view.messages;
  if (view.step === 'code' || (view.step === 'verifying' && view.challenge)) return view.channel === 'sms' ? messages.smsCodeHeading : messages.codeHeading;
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
      // Back from the provider's page there is no code step to show: only the sign-in being finished.
      return view.challenge ? renderCode(view) : renderStandIn(view);
    case 'link-sent':
    case 'landing':
      return arrivedStep(view.step)?.(view) ?? renderStandIn(view);
    case 'signed-in':
      return nothing;
    default:
      return renderIdentifier(view);
  }
}

/**
 * "Checking…" while there is nothing else to show: a step with a chunk of its own still on its way
 * (only ever on a landing page's first render; later renders keep the step before on screen until it
 * arrives) or failed to load, and the return from the provider's page.
 */
function renderStandIn(view: View) {
  const failed = arrivedStep(view.step) === null;
  const shown = failed ? { ...view, problem: { code: 'network_error', retry: true } as const, onRetry: view.onRetryStep } : view;
  return html`<p part="landing-text">${failed ? '' : view.messages.checking}</p>${placesProblem(view.step) ? renderProblem(shown) : nothing}`;
}

/**
 * What every step shares: heading, the step, the signed-in view, the error of steps that do not
 * place it themselves, the polite announcer, the footer. Slots are always rendered.
 */
export function renderShell(view: View, announcement: string) {
  // The link's email carries the code too: when "check your inbox" cannot load, the code step stands in for it.
  if (view.step === 'link-sent' && arrivedStep('link-sent') === null) view = { ...view, step: 'code' };
  return html`<div part="container" lang=${view.locale} dir=${isRightToLeft(view.locale) ? 'rtl' : 'ltr'}>
    <h2 part="heading" id="heading"><slot name="heading">${headingFor(view)}</slot></h2>
    ${renderStep(view)}
    <div part="signed-in" ?hidden=${view.step !== 'signed-in'}><slot name="signed-in">${renderSignedIn(view)}</slot></div>
    ${placesProblem(view.step) ? nothing : renderProblem(view)}
    <p part="announcer" role="status" class="visually-hidden">${announcement}</p>
    <div part="footer"><slot name="footer"></slot></div>
  </div>`;
}
