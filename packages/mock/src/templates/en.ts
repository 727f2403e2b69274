import type { Template } from './template.js';

export const en: Template = {
  locale: 'en',
  direction: 'ltr',
  codeSubject: 'Your sign-in code',
  linkSubject: 'Your sign-in link',
  codeBody: 'Your sign-in code is {code}. It is valid for {duration}.',
  linkIntro: 'Open this link to sign in. It is valid for {duration}.',
  linkAction: 'Sign in',
  linkFallback: 'Or type this code on the sign-in page: {code}',
  phraseLine: 'The sign-in page shows the words "{phrase}". Continue only if they match.',
  ignoreLine: 'If you did not ask to sign in, ignore this message.',
  sms: '{code} is your sign-in code.',
  smsLink: '{code} is your sign-in code. Or open {link}',
};
