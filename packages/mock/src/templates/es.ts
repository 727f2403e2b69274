import type { Template } from './template.js';

export const es: Template = {
  locale: 'es',
  direction: 'ltr',
  codeSubject: 'Tu código de inicio de sesión',
  linkSubject: 'Tu enlace de inicio de sesión',
  codeBody: 'Tu código de inicio de sesión es {code}. Es válido durante {duration}.',
  linkIntro: 'Abre este enlace para iniciar sesión. Es válido durante {duration}.',
  linkAction: 'Iniciar sesión',
  linkFallback: 'O escribe este código en la página de inicio de sesión: {code}',
  phraseLine: 'La página de inicio de sesión muestra las palabras «{phrase}». Continúa solo si coinciden.',
  ignoreLine: 'Si no has pedido iniciar sesión, ignora este mensaje.',
  sms: '{code} es tu código de inicio de sesión.',
  smsLink: '{code} es tu código de inicio de sesión. O abre {link}',
};
