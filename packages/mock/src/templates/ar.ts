import type { Template } from './template.js';

export const ar: Template = {
  locale: 'ar',
  direction: 'rtl',
  codeSubject: 'رمز تسجيل الدخول',
  linkSubject: 'رابط تسجيل الدخول',
  codeBody: 'رمز تسجيل الدخول الخاص بك هو {code}. وهو صالح لمدة {duration}.',
  linkIntro: 'افتح هذا الرابط لتسجيل الدخول. وهو صالح لمدة {duration}.',
  linkAction: 'تسجيل الدخول',
  linkFallback: 'أو اكتب هذا الرمز في صفحة تسجيل الدخول: {code}',
  phraseLine: 'تعرض صفحة تسجيل الدخول الكلمات «{phrase}». تابع فقط إذا كانت متطابقة.',
  ignoreLine: 'إذا لم تطلب تسجيل الدخول، فتجاهل هذه الرسالة.',
  sms: '{code} هو رمز تسجيل الدخول الخاص بك.',
  smsLink: '{code} هو رمز تسجيل الدخول الخاص بك. أو افتح {link}',
};
