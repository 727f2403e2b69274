/**
 * The text of the messages the provider sends, in one language. Placeholders: `{code}`,
 * `{minutes}`, `{link}`, `{phrase}`. Every locale fills every field (a test checks it).
 */
export interface Template {
  /** Writing direction of the language, for the HTML body. */
  direction: 'ltr' | 'rtl';
  codeSubject: string;
  linkSubject: string;
  /** Body of a code message: `{code}`, `{minutes}`. */
  codeBody: string;
  /** First paragraph of a link message, before the link: `{minutes}`. */
  linkIntro: string;
  /** Text of the link's button in the HTML body. */
  linkAction: string;
  /** The code as a fallback in a link message: `{code}`. */
  linkFallback: string;
  /** Shown when the security phrase is on: `{phrase}`. */
  phraseLine: string;
  /** Closing line of every email. */
  ignoreLine: string;
  /** The whole text of an SMS: short, `{code}` first so phones can offer it. */
  sms: string;
  /** An SMS for link delivery: the code, then the link. */
  smsLink: string;
}
