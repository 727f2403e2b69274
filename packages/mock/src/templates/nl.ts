import type { Template } from './template.js';

export const nl: Template = {
  locale: 'nl',
  direction: 'ltr',
  codeSubject: 'Je inlogcode',
  linkSubject: 'Je inloglink',
  codeBody: 'Je inlogcode is {code}. Deze is {duration} geldig.',
  linkIntro: 'Open deze link om in te loggen. Deze is {duration} geldig.',
  linkAction: 'Inloggen',
  linkFallback: 'Of typ deze code op de inlogpagina: {code}',
  phraseLine: 'De inlogpagina toont de woorden ‘{phrase}’. Ga alleen verder als ze overeenkomen.',
  ignoreLine: 'Heb je niet gevraagd om in te loggen? Negeer dan dit bericht.',
  sms: '{code} is je inlogcode.',
  smsLink: '{code} is je inlogcode. Of open {link}',
};
