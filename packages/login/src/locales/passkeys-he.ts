import type { MessageOverrides } from './en.js';

/** The passkey texts in this language: a chunk of their own, loaded with the element's passkey part when the page speaks it. */
export const texts: MessageOverrides = {
  passkeyOffer: 'בפעם הבאה אפשר להתחבר מהר יותר עם טביעת אצבע, זיהוי פנים או נעילת המסך.',
  passkeyCreate: 'יצירת מפתח גישה',
  passkeyDismiss: 'לא עכשיו',
  passkeyCreated: 'מפתח הגישה נוצר. בפעם הבאה המכשיר יציע אותו בהתחברות.',
  passkeyUnsupported: 'הדפדפן הזה לא יכול להשתמש במפתחות גישה. אפשר להמשיך להתחבר עם קוד.',
  errors: {
    passkey_cancelled: 'מפתח הגישה בוטל. אפשר לנסות שוב או להמשיך עם קוד.',
    passkey_unknown: 'מפתח הגישה הזה כבר לא פועל כאן. יש להמשיך עם קוד.',
    passkey_failed: 'מפתח הגישה הזה לא התקבל. יש להמשיך עם קוד.',
    passkey_exists: 'במכשיר הזה כבר יש מפתח גישה לחשבון הזה.',
  },
};
