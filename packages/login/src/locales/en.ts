import type { PwlessErrorCode } from '@pwless/sdk';

/** A message with counts: one text per plural category (`Intl.PluralRules`), `{count}` filled in. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Every text the element shows. Every locale gives every key (a test checks). */
export interface Messages {
  heading: string;
  emailLabel: string;
  emailHint: string;
  phoneLabel: string;
  phoneHint: string;
  continue: string;
  sending: string;
  codeHeading: string;
  smsCodeHeading: string;
  codeSentTo: string;
  announceSent: string;
  codeLabel: string;
  verify: string;
  verifying: string;
  phrase: string;
  expiresIn: PluralMessage;
  /** The expiry countdown while more than a minute is left (rounded up). */
  expiresInMinutes: PluralMessage;
  codeExpired: string;
  resend: string;
  resendIn: PluralMessage;
  /** The resend cooldown (or a rate limit) while a minute or more is left (rounded up). */
  resendInMinutes: PluralMessage;
  resendAvailable: string;
  resent: string;
  // The English texts that only "check your inbox" (link-sent) or the landing page show come with
  // those steps' chunks (locales/en-link-sent.ts, locales/en-landing.ts): a code sign-in never downloads
  // them. Every other locale has them here; they are optional so English can leave them out.
  /** "Send a new link" on "check your inbox", and its cooldown. */
  resendLink?: string;
  /** Announced when a new link can be asked for. */
  resendLinkAvailable: string;
  resendLinkIn?: PluralMessage;
  resendLinkInMinutes?: PluralMessage;
  useDifferentEmail: string;
  useDifferentPhone: string;
  attemptsLeft: PluralMessage;
  retryIn: PluralMessage;
  /** The rate-limit countdown while a minute or more is left (rounded up). */
  retryInMinutes: PluralMessage;
  retryAvailable: string;
  retry: string;
  signedInHeading: string;
  signedInAs: string;
  signOut: string;
  invalidEmail: string;
  /** Offered before sending when the domain looks misspelt; `{to}` is the corrected address. */
  didYouMean: string;
  invalidPhone: string;
  invalidCodeFormat: PluralMessage;
  linkHeading: string;
  linkSentTo?: string;
  /** "Check your inbox" after "Send a new link"; also what the polite live region says. */
  linkResent: string;
  openMail?: string;
  enterCodeInstead?: string;
  landingHeading: string;
  landingIntro?: string;
  landingDetails?: string;
  /** The landing page's details when the provider did not say which device asked. */
  landingDetailsNoDevice?: string;
  landingConfirm?: string;
  landingDone?: string;
  /** The button of a landing page whose link is spent or unknown; not the heading's words, so the two do not read as one. */
  startAgain?: string;
  checking: string;
  redirecting: string;
  /** `errors.signup_disabled` when the user typed a phone number. */
  signupDisabledPhone: string;
  /** `errors.access_denied` when the user typed a phone number. */
  accessDeniedPhone: string;
  // The passkey texts (and the `passkey_*` errors) of every language live in locales/passkeys.ts, a chunk
  // loaded with the element's passkey part; here they are optional so a page can still override them.
  /** The passkey offer in the signed-in view, after a sign-in by code or link. */
  passkeyOffer?: string;
  passkeyCreate?: string;
  passkeyDismiss?: string;
  passkeyCreated?: string;
  /** "Create a passkey" found that this browser (or its authenticator) cannot make one. */
  passkeyUnsupported?: string;
  errors: Record<Exclude<PwlessErrorCode, PasskeyErrorCode>, string> & Partial<Record<PasskeyErrorCode, string>>;
}

/** Any subset of the messages, e.g. to reword a few texts through the `messages` property. */
export type MessageOverrides = Partial<Omit<Messages, 'errors'>> & { errors?: Partial<Messages['errors']> };

/** The error codes whose texts come with the passkey chunk. */
export type PasskeyErrorCode = Extract<PwlessErrorCode, `passkey_${string}`>;

export const messages: Messages = {
  heading: 'Sign in',
  emailLabel: 'Email address',
  emailHint: 'We will email you a code. No password needed.',
  phoneLabel: 'Phone number',
  phoneHint: 'With the country code, like +1\u00a0555\u00a0123\u00a04567. We will text you a code.',
  continue: 'Continue',
  sending: 'Sending…',
  codeHeading: 'Check your email',
  smsCodeHeading: 'Check your phone',
  codeSentTo: 'We sent a code to {to}.',
  announceSent: 'A code is on its way to {to}.',
  codeLabel: 'Code',
  verify: 'Sign in',
  verifying: 'Checking…',
  phrase: 'Security words: “{phrase}”. The message shows the same words.',
  expiresIn: { one: 'The code works for {count} more second.', other: 'The code works for {count} more seconds.' },
  expiresInMinutes: { one: 'The code works for {count} more minute.', other: 'The code works for {count} more minutes.' },
  codeExpired: 'This code has expired. Ask for a new one.',
  resend: 'Send a new code',
  resendIn: { one: 'You can ask for a new code in {count} second.', other: 'You can ask for a new code in {count} seconds.' },
  resendInMinutes: { one: 'You can ask for a new code in {count} minute.', other: 'You can ask for a new code in {count} minutes.' },
  resendAvailable: 'You can ask for a new code now.',
  resent: 'A new code is on its way to {to}.',
  resendLinkAvailable: 'You can ask for a new link now.',
  useDifferentEmail: 'Use a different email',
  useDifferentPhone: 'Use a different number',
  attemptsLeft: { one: 'That code is not right. {count} try left.', other: 'That code is not right. {count} tries left.' },
  retryIn: { one: 'You can try again in {count} second.', other: 'You can try again in {count} seconds.' },
  retryInMinutes: { one: 'You can try again in {count} minute.', other: 'You can try again in {count} minutes.' },
  retryAvailable: 'You can try again now.',
  retry: 'Try again',
  signedInHeading: 'You are signed in',
  signedInAs: 'Signed in as {name}',
  signOut: 'Sign out',
  invalidEmail: 'Please enter an email address like name@example.com.',
  didYouMean: 'Did you mean {to}?',
  invalidPhone: 'Please enter a phone number with its country code, like +1\u00a0555\u00a0123\u00a04567.',
  invalidCodeFormat: { one: 'The code has {count} digit.', other: 'The code has {count} digits.' },
  linkHeading: 'Check your inbox',
  linkResent: 'We sent a new sign-in link to {to}. Open it on any device; this page continues by itself.',
  landingHeading: 'Confirm sign-in',
  checking: 'Checking…',
  redirecting: 'Taking you to the sign-in page…',
  signupDisabledPhone: 'There is no account for this phone number, and new sign-ups are closed. Try another number.',
  accessDeniedPhone: 'Signing in with this phone number is not allowed.',
  errors: {
    invalid_identifier: 'Please enter an email address like name@example.com.',
    invalid_code: 'That code is not right.',
    code_expired: 'This code has expired. Ask for a new one.',
    too_many_attempts: 'Too many wrong codes. Please start again.',
    rate_limited: 'Too many tries. Please wait a moment.',
    signup_disabled: 'There is no account for this address, and new sign-ups are closed. Try another address.',
    access_denied: 'Signing in with this address is not allowed.',
    session_expired: 'This sign-in took too long. Please start again.',
    link_invalid: 'This sign-in link was already used or has expired. Please start again.',
    no_pending_sign_in: 'Please start again.',
    not_supported: 'This way of signing in is not available here.',
    state_mismatch: 'This sign-in does not belong to this browser. Please start again.',
    invalid_request: 'Something went wrong. Please start again.',
    invalid_client: 'This sign-in is not set up correctly. Please tell the site owner.',
    invalid_response: 'The sign-in service gave an unexpected answer. Please try again.',
    network_error: 'You seem to be offline. Check your connection and try again.',
    server_error: 'The sign-in service is having trouble. Please try again in a moment.',
    aborted: 'The sign-in was stopped.',
  },
};
