import { html, nothing } from 'lit';
import { codeFieldCodes } from '../failure.js';
import { fill, plural, pluralWait, unbroken } from '../format.js';
import { renderProblem } from './problem.js';
import { secondsUntil, type View } from './view.js';

/** One visual cell per digit; the real field lies on top of them, transparent. */
function renderCells(length: number, code: string) {
  return Array.from({ length }, (_, index) => {
    const state = index < code.length ? ' code-cell-filled' : index === code.length ? ' code-cell-active' : '';
    return html`<span part=${`code-cell${state}`}>${code[index] ?? ''}</span>`;
  });
}

/**
 * The code step: where the code went, the one real code field, countdowns, resend and "use a different email".
 * The element keeps the field's value (`PwlessLogin.updated`).
 */
export function renderCode(view: View) {
  const messages = view.messages;
  const challenge = view.challenge!;
  const busy = view.step === 'verifying';
  const expiresIn = secondsUntil(challenge.expiresAt, view.now);
  const resendIn = Math.max(secondsUntil(challenge.resendAt, view.now), view.retryIn);
  // After a network or server error while checking, Sign in is the "Try again": one button, not two doing the same.
  const retry = view.problem?.bySubmit === true && !busy;
  const invalid = view.problem !== undefined && codeFieldCodes.has(view.problem.code);
  // An expired code cannot sign in: "Send a new code" takes the main button's place.
  const expired = expiresIn === 0 && !busy;
  const resend = html`<button part=${expired ? 'button resend-button' : 'link-button resend-button'} id="resend" type="button" ?disabled=${resendIn > 0 || busy} @click=${view.onResend}>
        ${resendIn > 0 ? pluralWait(view.locale, messages.resendIn, messages.resendInMinutes, resendIn) : messages.resend}
      </button>`;
  return html`<form part="form" @submit=${view.onCodeSubmit} novalidate aria-labelledby="heading" aria-busy=${busy ? 'true' : 'false'}>
    <p part="sent-to" id="sent-to">${fill(view.resent ? messages.resent : messages.codeSentTo, { to: unbroken(challenge.to) })}</p>
    ${challenge.phrase ? html`<p part="phrase" id="phrase">${fill(messages.phrase, { phrase: challenge.phrase })}</p>` : nothing}
    <label part="label" for="code">${messages.codeLabel}</label>
    <div part="code-field">
      <div part="code-cells" aria-hidden="true">${renderCells(challenge.codeLength, view.code)}</div>
      <input part="input code-input" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" enterkeyhint="done"
        pattern="[0-9]*" maxlength=${challenge.codeLength * 3} data-autofocus ?readonly=${busy}
        spellcheck="false" aria-describedby="error sent-to ${challenge.phrase ? 'phrase ' : ''}countdown"
        aria-invalid=${invalid ? 'true' : 'false'} @input=${view.onCodeInput} />
    </div>
    ${renderProblem(view, retry)}
    <p part="countdown" id="countdown" ?hidden=${expiresIn === 0 && view.problem?.code === 'code_expired'}>${expiresIn > 60 ? plural(view.locale, messages.expiresInMinutes, Math.ceil(expiresIn / 60)) : expiresIn > 0 ? plural(view.locale, messages.expiresIn, expiresIn) : messages.codeExpired}</p>
    ${expired ? resend : html`<button part=${retry ? 'button submit-button retry-button' : 'button submit-button'} id=${retry ? 'retry' : nothing} type="submit"
      ?disabled=${busy || view.retryIn > 0}>${busy ? messages.verifying : retry ? messages.retry : messages.verify}</button>`}
    <div part="actions">
      ${expired ? nothing : resend}
      <button part="link-button change-button" type="button" ?disabled=${busy} @click=${view.onChangeIdentifier}>
        ${view.channel === 'sms' ? messages.useDifferentPhone : messages.useDifferentEmail}
      </button>
    </div>
  </form>`;
}
