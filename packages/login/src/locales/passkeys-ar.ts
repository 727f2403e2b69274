import type { MessageOverrides } from './en.js';

/** The passkey texts in this language: a chunk of their own, loaded with the element's passkey part when the page speaks it. */
export const texts: MessageOverrides = {
  passkeyOffer: 'سجّل الدخول أسرع في المرة القادمة ببصمتك أو وجهك أو قفل الشاشة.',
  passkeyCreate: 'إنشاء مفتاح مرور',
  passkeyDismiss: 'ليس الآن',
  passkeyCreated: 'تم إنشاء مفتاح المرور. في المرة القادمة سيعرضه جهازك عند تسجيل الدخول.',
  passkeyUnsupported: 'لا يمكن لهذا المتصفح استخدام مفاتيح المرور. يمكنك مواصلة تسجيل الدخول برمز.',
  errors: {
    passkey_cancelled: 'تم إلغاء مفتاح المرور. حاول مرة أخرى أو تابع برمز.',
    passkey_unknown: 'مفتاح المرور هذا لم يعد يعمل هنا. يُرجى المتابعة برمز.',
    passkey_failed: 'لم يُقبل مفتاح المرور هذا. يُرجى المتابعة برمز.',
    passkey_exists: 'يحتوي هذا الجهاز بالفعل على مفتاح مرور لهذا الحساب.',
  },
};
