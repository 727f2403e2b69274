import type { Template } from './template.js';

export const fr: Template = {
  locale: 'fr',
  direction: 'ltr',
  codeSubject: 'Votre code de connexion',
  linkSubject: 'Votre lien de connexion',
  codeBody: 'Votre code de connexion est {code}. Il est valable {duration}.',
  linkIntro: 'Ouvrez ce lien pour vous connecter. Il est valable {duration}.',
  linkAction: 'Se connecter',
  linkFallback: 'Ou saisissez ce code sur la page de connexion : {code}',
  phraseLine: 'La page de connexion affiche les mots « {phrase} ». Ne continuez que s’ils correspondent.',
  ignoreLine: 'Si vous n’avez pas demandé à vous connecter, ignorez ce message.',
  sms: '{code} est votre code de connexion.',
  smsLink: '{code} est votre code de connexion. Ou ouvrez {link}',
};
