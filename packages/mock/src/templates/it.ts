import type { Template } from './template.js';

export const it: Template = {
  locale: 'it',
  direction: 'ltr',
  codeSubject: 'Il tuo codice di accesso',
  linkSubject: 'Il tuo link di accesso',
  codeBody: 'Il tuo codice di accesso è {code}. È valido per {duration}.',
  linkIntro: 'Apri questo link per accedere. È valido per {duration}.',
  linkAction: 'Accedi',
  linkFallback: 'Oppure inserisci questo codice nella pagina di accesso: {code}',
  phraseLine: 'La pagina di accesso mostra le parole «{phrase}». Continua solo se corrispondono.',
  ignoreLine: 'Se non hai chiesto di accedere, ignora questo messaggio.',
  sms: '{code} è il tuo codice di accesso.',
  smsLink: '{code} è il tuo codice di accesso. Oppure apri {link}',
};
