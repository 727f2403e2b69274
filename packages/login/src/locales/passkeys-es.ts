import type { MessageOverrides } from './en.js';

/** The passkey texts in this language: a chunk of their own, loaded with the element's passkey part when the page speaks it. */
export const texts: MessageOverrides = {
  passkeyOffer: 'Inicia sesión más rápido la próxima vez con tu huella, tu cara o el bloqueo de pantalla.',
  passkeyCreate: 'Crear una llave de acceso',
  passkeyDismiss: 'Ahora no',
  passkeyCreated: 'Llave de acceso creada. La próxima vez, tu dispositivo la ofrecerá al iniciar sesión.',
  passkeyUnsupported: 'Este navegador no puede usar llaves de acceso. Puedes seguir iniciando sesión con un código.',
  errors: {
    passkey_cancelled: 'Se canceló la llave de acceso. Inténtalo de nuevo o continúa con un código.',
    passkey_unknown: 'Esta llave de acceso ya no funciona aquí. Continúa con un código.',
    passkey_failed: 'No se aceptó esta llave de acceso. Continúa con un código.',
    passkey_exists: 'Este dispositivo ya tiene una llave de acceso para esta cuenta.',
  },
};
