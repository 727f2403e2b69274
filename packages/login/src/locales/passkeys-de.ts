import type { MessageOverrides } from './en.js';

/** The passkey texts in this language: a chunk of their own, loaded with the element's passkey part when the page speaks it. */
export const texts: MessageOverrides = {
  passkeyOffer: 'Melden Sie sich nächstes Mal schneller an – mit Fingerabdruck, Gesicht oder Displaysperre.',
  passkeyCreate: 'Passkey erstellen',
  passkeyDismiss: 'Nicht jetzt',
  passkeyCreated: 'Passkey erstellt. Beim nächsten Mal bietet Ihr Gerät ihn zur Anmeldung an.',
  passkeyUnsupported: 'Dieser Browser kann keine Passkeys nutzen. Sie können sich weiter mit einem Code anmelden.',
  errors: {
    passkey_cancelled: 'Der Passkey wurde abgebrochen. Versuchen Sie es erneut oder fahren Sie mit einem Code fort.',
    passkey_unknown: 'Dieser Passkey gilt hier nicht mehr. Bitte fahren Sie mit einem Code fort.',
    passkey_failed: 'Dieser Passkey wurde nicht akzeptiert. Bitte fahren Sie mit einem Code fort.',
    passkey_exists: 'Dieses Gerät hat bereits einen Passkey für dieses Konto.',
  },
};
