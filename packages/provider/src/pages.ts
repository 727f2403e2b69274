import { createHmac, timingSafeEqual } from 'node:crypto';
import { escapeHtml, type PageText } from '@pwless/mock/rules';

/**
 * The sign-in pages run the `<pwless-login>` bundle and one small script, both from the provider's
 * own origin: no inline script or style, no other origin.
 */
export const pagePolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface SignInPage {
  issuer: string;
  clientId: string;
  text: PageText;
  /** Where the page posts the finished sign-in; absent on the link landing page. */
  finishUrl?: string;
  csrf?: string;
  /** What the person is signing in to: the app's name, else the provider's host. The page's heading. */
  appName: string;
  loginHint?: string;
  /** Whether the provider offers passkeys; without them the element neither offers nor looks for one. */
  passkeys?: boolean;
}

/** A page whose whole content is `<pwless-login>`, in the person's language, light or dark like their system. */
export function signInPage(page: SignInPage): string {
  const { text } = page;
  const attributes = [
    `issuer="${escapeHtml(page.issuer)}"`,
    `client-id="${escapeHtml(page.clientId)}"`,
    'mode="native"',
    'delivery="link"',
    `link-uri="${escapeHtml(`${page.issuer}/link`)}"`,
    `lang="${escapeHtml(text.locale)}"`,
    ...(page.finishUrl ? [`data-finish="${escapeHtml(page.finishUrl)}"`] : []),
    ...(page.csrf ? [`data-csrf="${escapeHtml(page.csrf)}"`] : []),
    ...(page.loginHint ? [`data-login-hint="${escapeHtml(page.loginHint)}"`] : []),
    ...(page.passkeys === false ? ['passkeys="off"'] : []),
  ].join(' ');
  return `<!doctype html><html lang="${escapeHtml(text.locale)}" dir="${text.direction === 'rtl' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(`${text.signInHeading} · ${page.appName}`)}</title><link rel="stylesheet" href="/assets/page.css"><script type="module" src="/assets/pwless-login.min.js"></script><script type="module" src="/assets/sign-in-page.js"></script></head>
<body><main><h1>${escapeHtml(page.appName)}</h1><pwless-login ${attributes}></pwless-login></main></body></html>`;
}

/** The page's anti-CSRF token: bound to the interaction, so a token of another sign-in does not fit. */
export function csrfToken(secret: string, uid: string): string {
  return createHmac('sha256', secret).update(`pwless-interaction:${uid}`).digest('base64url');
}

export function csrfMatches(secret: string, uid: string, presented: string): boolean {
  const expected = Buffer.from(csrfToken(secret, uid));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
