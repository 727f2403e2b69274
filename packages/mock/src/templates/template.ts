/**
 * The text of the messages the provider sends, in one language. Placeholders: `{code}`,
 * `{duration}` (how long the code or link stays valid, already localized, e.g. "3 minutes"),
 * `{link}`, `{phrase}`. Every locale fills every field; a test checks it.
 */
export interface Template {
  /** BCP 47 tag of the language, as `ui_locales_supported` lists it. */
  locale: string;
  /** Writing direction of the language, for the HTML body. */
  direction: 'ltr' | 'rtl';
  codeSubject: string;
  linkSubject: string;
  /** Body of a code message: `{code}`, `{duration}`. */
  codeBody: string;
  /** First paragraph of a link message, before the link: `{duration}`. */
  linkIntro: string;
  /** Text of the link's button in the HTML body. */
  linkAction: string;
  /** The code as a fallback in a link message: `{code}`. */
  linkFallback: string;
  /** Shown when the security phrase is on: `{phrase}`. */
  phraseLine: string;
  /** Closing line of every email. */
  ignoreLine: string;
  /** The whole text of an SMS: short, `{code}` first. */
  sms: string;
  /** An SMS for link delivery: `{code}`, then `{link}`. */
  smsLink: string;
}
