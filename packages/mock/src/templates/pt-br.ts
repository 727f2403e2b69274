import type { Template } from './template.js';

export const ptBR: Template = {
  locale: 'pt-BR',
  direction: 'ltr',
  codeSubject: 'Seu código de acesso',
  linkSubject: 'Seu link de acesso',
  codeBody: 'Seu código de acesso é {code}. Ele é válido por {duration}.',
  linkIntro: 'Abra este link para entrar. Ele é válido por {duration}.',
  linkAction: 'Entrar',
  linkFallback: 'Ou digite este código na página de acesso: {code}',
  phraseLine: 'A página de acesso mostra as palavras “{phrase}”. Continue somente se elas forem iguais.',
  ignoreLine: 'Se você não pediu para entrar, ignore esta mensagem.',
  sms: '{code} é o seu código de acesso.',
  smsLink: '{code} é o seu código de acesso. Ou abra {link}',
};
