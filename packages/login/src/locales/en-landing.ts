/**
 * The English texts only the landing page a magic link opens shows. They come with that step's
 * chunk, laid under the locale's own texts and the page's overrides: a code sign-in never
 * downloads them. Every other locale has them in its own file.
 */
export const landingTexts = {
  landingIntro: 'Someone asked to sign in as {to}.',
  landingDetails: 'Asked {time} on {device}.',
  landingDetailsNoDevice: 'Asked {time}.',
  landingConfirm: 'Confirm sign-in',
  landingDone: 'Done. You can close this page; the other page is signing you in.',
  startAgain: 'Start again',
};
