import type { MessageOverrides } from './en.js';

/** The passkey texts in this language: a chunk of their own, loaded with the element's passkey part when the page speaks it. */
export const texts: MessageOverrides = {
  passkeyOffer: 'Connectez-vous plus vite la prochaine fois avec votre empreinte, votre visage ou le verrouillage de l’écran.',
  passkeyCreate: 'Créer une clé d’accès',
  passkeyDismiss: 'Pas maintenant',
  passkeyCreated: 'Clé d’accès créée. La prochaine fois, votre appareil la proposera à la connexion.',
  passkeyUnsupported: 'Ce navigateur ne peut pas utiliser de clés d’accès. Vous pouvez continuer à vous connecter avec un code.',
  errors: {
    passkey_cancelled: 'La clé d’accès a été annulée. Réessayez ou continuez avec un code.',
    passkey_unknown: 'Cette clé d’accès ne fonctionne plus ici. Veuillez continuer avec un code.',
    passkey_failed: 'Cette clé d’accès n’a pas été acceptée. Veuillez continuer avec un code.',
    passkey_exists: 'Cet appareil a déjà une clé d’accès pour ce compte.',
  },
};
