/**
 * The passwordless rules and words that every pwless server shares: the challenge endpoint of the
 * pwless profile (codes, tries, resend cooldown, send limits, security phrase, enumeration
 * protection, link approval), the message templates and the hosted pages' texts in 12 languages.
 * `@pwless/provider` runs exactly these, with its own store, delivery and authorization codes.
 */
export { challengeEndpoint } from './challenge.js';
export { defaultConfig, mergeConfig, type MockClient, type MockConfig } from './config.js';
export type { Context, MockEvent } from './context.js';
export { constantTimeEqual, hashSecret, randomToken } from './crypto.js';
export { errorPage, escapeHtml, htmlPage, type PageLanguage } from './html.js';
export { AnswerError, answer, oauthError, readForm, type Answer } from './http.js';
export { parseIdentifier, type Identifier } from './identifier.js';
export { composeMessage, matchLocale, maskAddress, pickLocale, supportedLocales, type ComposedMessage } from './messages.js';
export { pageLanguage } from './page-language.js';
export { pageTexts, type PageText } from './page-texts.js';
export { emptyState, type AuthSession, type InboxMessage, type MockState, type User } from './state.js';
export { findUser } from './users.js';
export {
  parseAuthenticationResponse,
  parseRegistrationResponse,
  passkeyAmr,
  passkeyMethods,
  passkeyNameFromUserAgent,
  passkeysEnabled,
  passkeysEndpoint,
  passkeyLifetime,
  type PasskeyOwner,
} from './passkeys.js';
export { readPasskeyForm } from './passkeys-resource.js';
export { dpopAlgorithms, dpopKeyThumbprint, dpopNonceHeaders } from './dpop.js';
export type { PasskeyRegistration, StoredPasskey } from './state.js';
