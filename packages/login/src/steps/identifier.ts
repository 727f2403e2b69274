import { html, nothing } from 'lit';
import { fill } from '../format.js';
import { identifierCodes } from '../failure.js';
import { renderProblem } from './problem.js';
import type { View } from './view.js';

/** The first step: the email address (or, with `channel="sms"`, the phone number). */
export function renderIdentifier(view: View) {
  const messages = view.messages;
  const sms = view.channel === 'sms';
  const busy = view.step === 'sending' || view.step === 'redirecting';
  // After a network or server error, Continue is the "Try again": one button, not two doing the same.
  const retry = view.problem?.retry === true && !busy;
  const invalid = view.problem !== undefined && identifierCodes.has(view.problem.code);
  // The value attribute, not the property: it fills a new field with what was typed before, and never
  // touches a field being typed in (an email field trims its property, which would move the caret).
  return html`<form part="form" @submit=${view.onIdentifierSubmit} novalidate aria-labelledby="heading" aria-busy=${busy ? 'true' : 'false'}>
    <label part="label" for="identifier">${sms ? messages.phoneLabel : messages.emailLabel}</label>
    <input part="input identifier-input" id="identifier" name=${sms ? 'phone' : 'email'} type=${sms ? 'tel' : 'email'}
      autocomplete=${view.passkeyUi?.webauthn ? (sms ? 'tel webauthn' : 'username webauthn') : sms ? 'tel' : 'email'} inputmode=${sms ? 'tel' : 'email'} enterkeyhint="go" spellcheck="false" autocapitalize="off" required
      data-autofocus value=${view.identifier} ?readonly=${busy} aria-describedby="error identifier-hint"
      aria-invalid=${invalid ? 'true' : 'false'} @input=${view.onIdentifierInput} @focus=${view.onIdentifierFocus} />
    ${renderProblem(view, true)}
    ${view.suggestion ? html`<button part="link-button suggestion-button" id="suggestion" type="button" @click=${view.onUseSuggestion}>${fill(messages.didYouMean, { to: view.suggestion })}</button>` : nothing}
    <p part="hint" id="identifier-hint">${sms ? messages.phoneHint : messages.emailHint}</p>
    <button part=${retry ? 'button submit-button retry-button' : 'button submit-button'} id=${retry ? 'retry' : nothing} type="submit" ?disabled=${busy || view.retryIn > 0}>
      ${view.step === 'redirecting' ? messages.redirecting : busy ? messages.sending : retry ? messages.retry : messages.continue}
    </button>
  </form>`;
}
