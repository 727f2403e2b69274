/**
 * The English texts only "check your inbox" shows (a magic link was sent). They come with that
 * step's chunk, laid under the locale's own texts and the page's overrides: a code sign-in never
 * downloads them. Every other locale has them in its own file.
 */
export const linkSentTexts = {
  resendLink: 'Send a new link',
  resendLinkIn: { one: 'You can ask for a new link in {count} second.', other: 'You can ask for a new link in {count} seconds.' },
  resendLinkInMinutes: { one: 'You can ask for a new link in {count} minute.', other: 'You can ask for a new link in {count} minutes.' },
  linkSentTo: 'We sent a sign-in link to {to}. Open it on any device; this page continues by itself.',
  openMail: 'Open {name}',
  enterCodeInstead: 'Type the code from the email instead',
};
