import type { MessageOverrides } from './en.js';

/** The passkey texts in this language: a chunk of their own, loaded with the element's passkey part when the page speaks it. */
export const texts: MessageOverrides = {
  passkeyOffer: 'Następnym razem zaloguj się szybciej odciskiem palca, twarzą lub blokadą ekranu.',
  passkeyCreate: 'Utwórz klucz dostępu',
  passkeyDismiss: 'Nie teraz',
  passkeyCreated: 'Klucz dostępu utworzony. Następnym razem urządzenie zaproponuje go przy logowaniu.',
  passkeyUnsupported: 'Ta przeglądarka nie obsługuje kluczy dostępu. Możesz nadal logować się kodem.',
  errors: {
    passkey_cancelled: 'Klucz dostępu został anulowany. Spróbuj ponownie lub kontynuuj z kodem.',
    passkey_unknown: 'Ten klucz dostępu już tu nie działa. Kontynuuj z kodem.',
    passkey_failed: 'Ten klucz dostępu nie został zaakceptowany. Kontynuuj z kodem.',
    passkey_exists: 'To urządzenie ma już klucz dostępu do tego konta.',
  },
};
