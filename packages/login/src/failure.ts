import { PwlessError, type Channel, type PwlessErrorCode } from '@pwless/sdk';
import { plural } from './format.js';
import type { Messages } from './locales/en.js';
import type { Problem } from './steps/view.js';

/** Errors after which the sign-in is dead: back to the first step, with what was typed still there. */
export const restartCodes: ReadonlySet<PwlessErrorCode> = new Set(['too_many_attempts', 'session_expired', 'no_pending_sign_in', 'link_invalid', 'state_mismatch']);

/** Errors where the same request may well work a moment later: the user gets "Try again". */
export const retryCodes: ReadonlySet<PwlessErrorCode> = new Set(['network_error', 'server_error', 'invalid_response']);

/** Errors about what is in the email (or phone) field: shown red on it until the person edits it. */
export const identifierCodes: ReadonlySet<PwlessErrorCode> = new Set(['invalid_identifier', 'signup_disabled', 'access_denied']);

/** Errors about what is in the code field: shown red on it until the person edits it. */
export const codeFieldCodes: ReadonlySet<PwlessErrorCode> = new Set(['invalid_code', 'code_expired']);

export function errorCode(error: unknown): PwlessErrorCode {
  return error instanceof PwlessError ? error.code : 'invalid_response';
}

/** The error texts that speak of "this address", in the words for a phone number. */
function phoneText(code: PwlessErrorCode, messages: Messages): string | undefined {
  if (code === 'invalid_identifier') return messages.invalidPhone;
  if (code === 'signup_disabled') return messages.signupDisabledPhone;
  if (code === 'access_denied') return messages.accessDeniedPhone;
  return undefined;
}

/** What went wrong in a failed call, kept as facts (its words come at render time), and how long a rate limit lasts (seconds). */
export function failureOf(error: unknown): { problem: Problem; waitSeconds?: number } {
  const failure = error instanceof PwlessError ? error : new PwlessError('invalid_response', String(error));
  const problem: Problem = { code: failure.code, retry: retryCodes.has(failure.code) };
  if (failure.code === 'invalid_code') problem.attemptsRemaining = failure.attemptsRemaining;
  return failure.code === 'rate_limited' ? { problem, waitSeconds: failure.retryAfter ?? 30 } : { problem };
}

/**
 * A problem in words, from the messages of the language on screen now: built at each render, so an
 * error that came before its language's texts, or stays while the language changes, speaks that language.
 */
export function describeProblem(problem: Problem, messages: Messages, locale: string, channel: Channel): string {
  const { code, attemptsRemaining, codeLength } = problem;
  if (codeLength) return plural(locale, messages.invalidCodeFormat, codeLength);
  if (attemptsRemaining !== undefined) return plural(locale, messages.attemptsLeft, attemptsRemaining);
  // A `passkey_*` text comes with the passkey chunk, which is here before any passkey error can be.
  if (channel === 'sms') return phoneText(code, messages) ?? messages.errors[code]!;
  return problem.checkedHere ? messages.invalidEmail : messages.errors[code]!;
}
