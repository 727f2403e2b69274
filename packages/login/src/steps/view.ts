import type { Challenge, Channel, LinkInfo, PwlessErrorCode, Session } from '@pwless/sdk';
import type { FlowParts } from '../flow.js';
import type { Messages } from '../locales/en.js';
import type { PasskeyUi } from '../passkey-ui.js';

/** Every screen the element can show. Each is also a `:state()` of the element. */
export type Step = 'email' | 'sending' | 'code' | 'verifying' | 'link-sent' | 'landing' | 'redirecting' | 'signed-in';

/** What went wrong, as facts; `describeProblem` puts it into the words of the language on screen. */
export interface Problem {
  code: PwlessErrorCode;
  /** A wrong code: the tries the server still allows. */
  attemptsRemaining?: number | undefined;
  /** A code of the wrong length, refused before asking the server: the digits it needs. */
  codeLength?: number;
  /** Refused by the page before asking the server (the field's own wording). */
  checkedHere?: boolean;
  /** Whether a "Try again" button repeats the failed request. */
  retry?: boolean;
  /** Whether the step's own submit button is that "Try again" (it repeats the very request), instead of a second button. */
  bySubmit?: boolean;
}

/** Everything a step's template needs; built by the element for each render. */
export interface View {
  messages: Messages;
  locale: string;
  step: Step;
  channel: Channel;
  identifier: string;
  code: string;
  challenge: Challenge | undefined;
  session: Session | undefined;
  link: LinkInfo | undefined;
  linkConfirmed: boolean;
  /** Whether the code on its way replaced an earlier one. */
  resent: boolean;
  /** "Did you mean …?": the typed address with a misspelt common domain corrected. */
  suggestion: string | undefined;
  problem: Problem | undefined;
  /** Seconds until the server accepts another try after a rate limit. */
  retryIn: number;
  now: number;
  /** The passkey part, once loaded: the `webauthn` autofill token, and the offer in the default signed-in view. */
  passkeyUi?: PasskeyUi;
  /** What the lazy steps may do with the flow (the landing page's "Confirm sign-in"). */
  parts: FlowParts;
  onIdentifierInput(event: InputEvent): void;
  onIdentifierFocus(): void;
  onIdentifierSubmit(event: SubmitEvent): void;
  onUseSuggestion(): void;
  onCodeInput(event: InputEvent): void;
  onCodeSubmit(event: SubmitEvent): void;
  onResend(): void;
  onChangeIdentifier(): void;
  onEnterCode(): void;
  onSignOut(): void;
  /** "Try again": repeats the request that failed. */
  onRetry(): void;
  /** "Try again" when the current step's own chunk could not load: fetches it again. */
  onRetryStep(): void;
}

/** Whole seconds from `now` until `at`, never negative. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}
