import { html, nothing, type TemplateResult } from 'lit';
import type { FlowParts } from '../flow.js';
import { fill, unbroken } from '../format.js';
import { askEmailTexts } from '../locales/ask-email.js';
import { landingTexts } from '../locales/en-landing.js';
import { forgetParameters } from '../url.js';
import { renderProblem } from './problem.js';
import type { View } from './view.js';

/** A short, human name for a user agent string: "Firefox on Android". */
export function describeDevice(userAgent: string | undefined): string {
  if (!userAgent) return '?';
  const browser = [['Edg/', 'Edge'], ['Firefox/', 'Firefox'], ['Chrome/', 'Chrome'], ['Safari/', 'Safari']].find(([token]) => userAgent.includes(token!))?.[1];
  const system = [['Android', 'Android'], ['iPhone', 'iPhone'], ['iPad', 'iPad'], ['Windows', 'Windows'], ['Mac OS', 'macOS'], ['Linux', 'Linux']].find(([token]) => userAgent.includes(token!))?.[1];
  return [browser, system].filter(Boolean).join(' / ') || userAgent.slice(0, 40);
}

/**
 * A text whose placeholders become the given templates, in the order the locale's sentence puts them:
 * `split` with a capturing group leaves the placeholder names at the odd indexes.
 */
function fillWith(text: string, values: Record<string, TemplateResult>) {
  return text.split(/\{(\w+)\}/).map((piece, index) => (index % 2 ? (values[piece] ?? `{${piece}}`) : piece));
}

/**
 * "Confirm sign-in": approves the link (this spends it). Here with the step whose button it is, as a
 * code sign-in never needs it.
 */
export async function confirmLink(parts: FlowParts): Promise<void> {
  const { flow, settings, run, set, signedIn, fail, focus } = parts;
  run(() => confirmLink(parts));
  try {
    // The landing page only opens with a client.
    const session = await settings().client!.approveLink(location.href, { loginHint: flow.state.identifier });
    forgetParameters(['pwless_link']);
    // This page finishes the sign-in itself when no other tab of this browser waits for it.
    if (session) return signedIn(session, true);
    set({ linkConfirmed: true });
    void focus('[data-autofocus]');
  } catch (error) {
    fail(error, true);
  }
}

/** The page a magic link opens: shows what is being approved and asks for one click. */
export function renderLanding(view: View) {
  // This step's English comes with it; the locale's own texts and the page's overrides go over it.
  const messages = { ...landingTexts, ...view.messages };
  const link = view.link;
  if (view.linkConfirmed) return html`<p part="landing-text" tabindex="-1" data-autofocus>${messages.landingDone}</p>${renderProblem(view)}`;
  if (!link && view.problem && !view.problem.retry) {
    return html`${renderProblem(view)}<button part="button restart-button" type="button" data-autofocus @click=${view.onChangeIdentifier}>${messages.startAgain}</button>`;
  }
  if (!link) return html`<p part="landing-text" tabindex="-1" data-autofocus>${view.problem ? '' : messages.checking}</p>${renderProblem(view)}`;
  // After a network or server error, Confirm is the "Try again": one button, not two doing the same.
  const retry = view.problem?.bySubmit === true;
  const confirm = () => void confirmLink(view.parts);
  // The time and the device each keep to one line: a break inside either ("2026年11月22 / 日", "Safari / / iPhone") reads as two things.
  const time = html`<span part="landing-time">${link.requestedAt ? new Intl.DateTimeFormat(view.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(link.requestedAt) : '?'}</span>`;
  const device = html`<span part="landing-device">${describeDevice(link.userAgent)}</span>`;
  // Opened where the sign-in was not asked for, and the backend needs the address again (Firebase): asked for, never dropped.
  const ask = link.askIdentifier ? (askEmailTexts[view.locale] ?? askEmailTexts['en']!) : undefined;
  const invalid = ask !== undefined && view.problem?.code === 'invalid_identifier';
  // An empty field gets the field's own words ("enter an address like …"); a typed one, that it is not the link's.
  const wrongAddress = invalid && view.identifier.trim() !== '';
  return html`<div part="form landing">
    <p part="landing-text">${fill(messages.landingIntro, { to: unbroken(link.to) })}</p>
    ${link.phrase ? html`<p part="phrase">${fill(messages.phrase, { phrase: link.phrase })}</p>` : nothing}
    ${ask && !link.requestedAt ? nothing : html`<p part="hint">${fillWith(link.userAgent ? messages.landingDetails : messages.landingDetailsNoDevice, { time, device })}</p>`}
    ${ask
      ? html`<p part="landing-text" id="ask-identifier">${ask.ask}</p>
          <label part="label" for="identifier">${messages.emailLabel}</label>
          <input part="input identifier-input" id="identifier" name="email" type="email" autocomplete="email" inputmode="email" enterkeyhint="go"
            spellcheck="false" autocapitalize="off" required data-autofocus value=${view.identifier} aria-describedby="ask-identifier error"
            aria-invalid=${invalid ? 'true' : 'false'} @input=${view.onIdentifierInput}
            @keydown=${(event: KeyboardEvent) => event.key === 'Enter' && confirm()} />`
      : nothing}
    <button part=${retry ? 'button confirm-button retry-button' : 'button confirm-button'} id=${retry ? 'retry' : nothing} type="button" data-autofocus
      @click=${confirm}>${retry ? messages.retry : messages.landingConfirm}</button>
    ${wrongAddress ? html`<p part="error" role="alert" id="error">${ask.wrong}</p>` : renderProblem(view, retry)}
  </div>`;
}
