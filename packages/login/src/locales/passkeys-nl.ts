import type { MessageOverrides } from './en.js';

/** The passkey texts in this language: a chunk of their own, loaded with the element's passkey part when the page speaks it. */
export const texts: MessageOverrides = {
  passkeyOffer: 'Log de volgende keer sneller in met je vingerafdruk, gezicht of schermvergrendeling.',
  passkeyCreate: 'Passkey maken',
  passkeyDismiss: 'Niet nu',
  passkeyCreated: 'Passkey gemaakt. De volgende keer biedt je apparaat hem aan bij het inloggen.',
  passkeyUnsupported: 'Deze browser kan geen passkeys gebruiken. Je kunt blijven inloggen met een code.',
  errors: {
    passkey_cancelled: 'De passkey is geannuleerd. Probeer het opnieuw of ga verder met een code.',
    passkey_unknown: 'Deze passkey werkt hier niet meer. Ga verder met een code.',
    passkey_failed: 'Deze passkey is niet geaccepteerd. Ga verder met een code.',
    passkey_exists: 'Dit apparaat heeft al een passkey voor dit account.',
  },
};
