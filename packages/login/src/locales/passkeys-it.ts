import type { MessageOverrides } from './en.js';

/** The passkey texts in this language: a chunk of their own, loaded with the element's passkey part when the page speaks it. */
export const texts: MessageOverrides = {
  passkeyOffer: 'La prossima volta accedi più in fretta con impronta, volto o blocco schermo.',
  passkeyCreate: 'Crea una passkey',
  passkeyDismiss: 'Non ora',
  passkeyCreated: 'Passkey creata. La prossima volta il tuo dispositivo te la proporrà per accedere.',
  passkeyUnsupported: 'Questo browser non può usare le passkey. Puoi continuare ad accedere con un codice.',
  errors: {
    passkey_cancelled: 'La passkey è stata annullata. Riprova o continua con un codice.',
    passkey_unknown: 'Questa passkey qui non funziona più. Continua con un codice.',
    passkey_failed: 'Questa passkey non è stata accettata. Continua con un codice.',
    passkey_exists: 'Questo dispositivo ha già una passkey per questo account.',
  },
};
