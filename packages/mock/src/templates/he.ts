import type { Template } from './template.js';

export const he: Template = {
  locale: 'he',
  direction: 'rtl',
  codeSubject: 'קוד הכניסה שלך',
  linkSubject: 'קישור הכניסה שלך',
  codeBody: 'קוד הכניסה שלך הוא {code}. הוא תקף למשך {duration}.',
  linkIntro: 'פתחו את הקישור הזה כדי להיכנס. הוא תקף למשך {duration}.',
  linkAction: 'כניסה',
  linkFallback: 'או הקלידו את הקוד הזה בדף הכניסה: {code}',
  phraseLine: 'בדף הכניסה מופיעות המילים "{phrase}". המשיכו רק אם הן תואמות.',
  ignoreLine: 'אם לא ביקשתם להיכנס, התעלמו מהודעה זו.',
  sms: '{code} הוא קוד הכניסה שלך.',
  smsLink: '{code} הוא קוד הכניסה שלך. או פתחו את {link}',
};
