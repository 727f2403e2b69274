import type { Template } from './template.js';

export const pl: Template = {
  locale: 'pl',
  direction: 'ltr',
  codeSubject: 'Twój kod logowania',
  linkSubject: 'Twój link do logowania',
  codeBody: 'Twój kod logowania to {code}. Jest ważny przez {duration}.',
  linkIntro: 'Otwórz ten link, aby się zalogować. Jest ważny przez {duration}.',
  linkAction: 'Zaloguj się',
  linkFallback: 'Możesz też wpisać ten kod na stronie logowania: {code}',
  phraseLine: 'Strona logowania pokazuje słowa „{phrase}”. Kontynuuj tylko wtedy, gdy się zgadzają.',
  ignoreLine: 'Jeśli to nie Ty chcesz się zalogować, zignoruj tę wiadomość.',
  sms: '{code} to Twój kod logowania.',
  smsLink: '{code} to Twój kod logowania. Możesz też otworzyć {link}',
};
