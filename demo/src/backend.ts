/**
 * The backends the demo's widget can sign in against, each answered by the matching mock: the
 * pwless profile, Appwrite, Ory Kratos, Supabase Auth, Stytch and Firebase inside this page's service worker, and Auth0 by the
 * `pwless-mock --dialect auth0` that `demo/serve.mjs` runs (its sign-in ends in an iframe on the
 * tenant's origin, a navigation the service worker never sees).
 */
export const backends = ['pwless', 'auth0', 'kratos', 'appwrite', 'supabase', 'stytch', 'firebase'] as const;
export type Backend = (typeof backends)[number];

export const backendTexts: Record<Backend, string> = { pwless: 'pwless (OpenID, FiPA)', auth0: 'Auth0', kratos: 'Ory Kratos', appwrite: 'Appwrite', supabase: 'Supabase Auth', stytch: 'Stytch', firebase: 'Firebase (links only)' };

/** The base URLs of the in-page mock variants (their own defaults). */
export const inPageBaseUrls: Partial<Record<Backend, string>> = { appwrite: 'https://appwrite.pwless.test/v1', kratos: 'https://kratos.pwless.test', supabase: 'https://supabase.pwless.test', stytch: 'https://stytch.pwless.test', firebase: 'https://firebase.pwless.test' };

export function isBackend(value: unknown): value is Backend {
  return backends.includes(value as Backend);
}

/** The Auth0 variant `demo/serve.mjs` runs on loopback; `undefined` where the page is served without it. */
export function auth0Issuer(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="pwless-demo-auth0-issuer"]')?.content || undefined;
}

/**
 * Points the widget at a backend: only `dialect`, `issuer` and `client-id` change (Kratos has no
 * client ID). The element makes its client once, so a defined widget is replaced by a fresh one
 * that keeps every other attribute; answers the widget now on the page.
 */
export function pointBackend(widget: HTMLElement, backend: Backend, issuer: string): HTMLElement {
  const target = widget.matches(':defined') ? document.createElement(widget.localName) : widget;
  if (target !== widget) {
    for (const { name, value } of widget.attributes) if (!['dialect', 'issuer', 'client-id', 'mode'].includes(name)) target.setAttribute(name, value);
  }
  // Firebase's issuer is the Identity Toolkit base, which its mock serves under its own (as the Auth emulator does).
  target.setAttribute('issuer', backend === 'firebase' ? `${issuer}/identitytoolkit.googleapis.com` : issuer);
  target.removeAttribute('mode');
  if (backend === 'pwless') target.removeAttribute('dialect');
  else target.setAttribute('dialect', backend);
  if (backend === 'kratos') target.removeAttribute('client-id');
  else target.setAttribute('client-id', 'pwless-demo');
  if (target !== widget) widget.replaceWith(target);
  return target;
}
