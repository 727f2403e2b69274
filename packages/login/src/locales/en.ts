import type { PwlessErrorCode } from '@pwless/sdk';

/** A message with counts: one text per plural category (`Intl.PluralRules`), `{count}` filled in. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Every text the element shows. A locale must give every key (a test checks). */
export interface Messages {
  heading: string;
  emailLabel: string;
  emailPlaceholder: string;
  emailHint: string;
  continue: string;
  sending: string;
  codeHeading: string;
  codeSentTo: string;
  codeLabel: string;
  verify: string;
  verifying: string;
  phrase: string;
  expiresIn: PluralMessage;
  codeExpired: string;
  resend: string;
  resendIn: PluralMessage;
  resent: string;
  useDifferentEmail: string;
  attemptsLeft: PluralMessage;
  signedInAs: string;
  signOut: string;
  retry: string;
  invalidEmail: string;
  invalidCodeFormat: PluralMessage;
  errors: Record<PwlessErrorCode, string>;
}

export const en: Messages = {
  heading: 'Sign in',
  emailLabel: 'Email address',
  emailPlaceholder: 'you@example.com',
  emailHint: 'We will email you a code. No password needed.',
  continue: 'Continue',
  sending: 'Sending…',
  codeHeading: 'Check your email',
  codeSentTo: 'We sent a code to {to}.',
  codeLabel: 'Code',
  verify: 'Sign in',
  verifying: 'Checking…',
  phrase: 'The email shows the words “{phrase}”.',
  expiresIn: { one: 'The code works for {count} more second.', other: 'The code works for {count} more seconds.' },
  codeExpired: 'This code has expired. Ask for a new one.',
  resend: 'Send a new code',
  resendIn: { one: 'You can ask for a new code in {count} second.', other: 'You can ask for a new code in {count} seconds.' },
  resent: 'A new code is on its way to {to}.',
  useDifferentEmail: 'Use a different email',
  attemptsLeft: { one: 'That code is not right. {count} try left.', other: 'That code is not right. {count} tries left.' },
  signedInAs: 'Signed in as {name}',
  signOut: 'Sign out',
  retry: 'Try again',
  invalidEmail: 'Please enter an email address like name@example.com.',
  invalidCodeFormat: { one: 'The code has {count} digit.', other: 'The code has {count} digits.' },
  errors: {
    invalid_identifier: 'Please enter an email address like name@example.com.',
    invalid_code: 'That code is not right.',
    code_expired: 'This code has expired. Ask for a new one.',
    too_many_attempts: 'Too many wrong codes. Please start again.',
    rate_limited: 'Too many tries. Please wait a moment and try again.',
    signup_disabled: 'There is no account for this address, and new sign-ups are closed.',
    access_denied: 'Signing in with this address is not allowed.',
    session_expired: 'This sign-in took too long. Please start again.',
    link_invalid: 'This sign-in link was already used or has expired. Please start again.',
    no_pending_sign_in: 'Please start again.',
    not_supported: 'This way of signing in is not available here.',
    state_mismatch: 'This sign-in link does not belong to this browser. Please start again.',
    invalid_request: 'Something went wrong. Please start again.',
    invalid_client: 'This sign-in is not set up correctly. Please tell the site owner.',
    invalid_response: 'The sign-in service gave an unexpected answer. Please try again.',
    network_error: 'You seem to be offline. Check your connection and try again.',
    server_error: 'The sign-in service is having trouble. Please try again in a moment.',
    aborted: 'The sign-in was stopped.',
  },
};
