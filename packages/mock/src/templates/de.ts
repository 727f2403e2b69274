import type { Template } from './template.js';

export const de: Template = {
  locale: 'de',
  direction: 'ltr',
  codeSubject: 'Ihr Anmeldecode',
  linkSubject: 'Ihr Anmeldelink',
  codeBody: 'Ihr Anmeldecode lautet {code}. Er ist {duration} lang gültig.',
  linkIntro: 'Öffnen Sie diesen Link, um sich anzumelden. Er ist {duration} lang gültig.',
  linkAction: 'Anmelden',
  linkFallback: 'Oder geben Sie diesen Code auf der Anmeldeseite ein: {code}',
  phraseLine: 'Die Anmeldeseite zeigt die Wörter „{phrase}“. Fahren Sie nur fort, wenn sie übereinstimmen.',
  ignoreLine: 'Wenn Sie keine Anmeldung angefordert haben, ignorieren Sie diese Nachricht.',
  sms: '{code} ist Ihr Anmeldecode.',
  smsLink: '{code} ist Ihr Anmeldecode. Oder öffnen Sie {link}',
};
