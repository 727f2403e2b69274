/**
 * The words of the provider's own pages — the hosted sign-in page of redirect mode and the
 * logout page — in one language. Placeholders: `{to}` (the masked address), `{phrase}` (the
 * security words), `{duration}` (a wait, already localized, e.g. "30 seconds"), `{count}`.
 * Every language fills every field; a test checks it.
 */
export interface PageText {
  /** BCP 47 tag of the language, as `ui_locales_supported` lists it; the page's `lang`. */
  locale: string;
  /** Writing direction of the language; the page's `dir`. */
  direction: 'ltr' | 'rtl';
  /** Heading (and title) of the first step. */
  signInHeading: string;
  addressLabel: string;
  sendCode: string;
  /** Heading of the code step. */
  codeHeading: string;
  /** `{to}` */
  codeSentTo: string;
  /** After "Send a new code": `{to}`. */
  newCodeSentTo: string;
  /** The anti-phishing words of the sign-in: `{phrase}`. */
  phraseLine: string;
  codeLabel: string;
  continue: string;
  sendNewCode: string;
  /** On the code step: back to the address form of the same sign-in. */
  differentAddress: string;
  /** The address is neither an email address nor an E.164 phone number (with examples). */
  invalidAddress: string;
  /** The server does not send email: the person should use a phone number. */
  emailSignInOff: string;
  /** The server does not send text messages: the person should use an email address. */
  phoneSignInOff: string;
  /** Unknown address while sign-ups are closed. */
  signupsClosed: string;
  /** Any other refusal of the address. */
  addressNotAllowed: string;
  /** Too many messages to this address lately: `{duration}`. */
  tooManyMessages: string;
  /** "Send a new code" pressed too early: `{duration}`. */
  resendTooSoon: string;
  wrongCode: string;
  /** After `wrongCode`: `{count}`. */
  triesLeft: string;
  /** The code field was sent empty. */
  codeMissing: string;
  codeExpired: string;
  /** The server has code delivery turned off; this page signs in only with a code. */
  codeSignInOff: string;
  /** Link back to the app (with an error the app can explain). */
  backToApp: string;
  /** Heading (and title) of a page that ends the sign-in. */
  cannotContinueHeading: string;
  /** A code step whose sign-in is unknown or over. */
  signInExpired: string;
  /** The request names no client, or one this provider does not know (`client_id`). */
  unknownClient: string;
  /** The app's return address is not registered (`redirect_uri`). */
  unknownRedirectUri: string;
  /** The form arrived in a shape the page cannot read. */
  unreadableForm: string;
  /** Heading (and title) of the page that asks before signing out (RP-initiated logout at `@pwless/provider`). */
  signOutHeading: string;
  /** The question on that page: signing out ends the sign-in for every app. */
  signOutQuestion: string;
  signOutButton: string;
  staySignedIn: string;
  /** Heading (and title) of the page after RP-initiated logout without a return address. */
  signedOutHeading: string;
  closePage: string;
  /** Heading (and title) of a logout request that cannot be carried out. */
  cannotSignOutHeading: string;
  /** `id_token_hint` not signed by this provider. */
  foreignSignOutHint: string;
  /** `client_id` other than the audience of `id_token_hint`. */
  signOutClientMismatch: string;
  /** `post_logout_redirect_uri` not registered for the client. */
  unknownPostLogoutUri: string;
  /** The service fails for a moment (the `failureRate` policy). */
  serviceTrouble: string;
  somethingWentWrong: string;
}
