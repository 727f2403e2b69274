/**
 * `native`: the widget signs in on this page, against the mock inside the service worker.
 * `redirect`: Continue opens the provider's own sign-in page, which only a real server can show
 * (msw never sees page navigations), so redirect mode talks to the provider `demo/serve.mjs` runs.
 */
export const signInModes = ['native', 'redirect'] as const;
export type SignInMode = (typeof signInModes)[number];

export function isSignInMode(value: unknown): value is SignInMode {
  return signInModes.includes(value as SignInMode);
}

/** The issuer of the provider `demo/serve.mjs` runs on loopback; `undefined` where the page is served without it. */
export function redirectIssuer(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="pwless-demo-redirect-issuer"]')?.content || undefined;
}

/**
 * Points the widget at `issuer`, in redirect mode or not, and answers the widget now on the page.
 * The element makes its client once, from the attributes it has when it first needs one; a widget
 * already defined is therefore replaced by a fresh one that keeps every other attribute (id,
 * language, theme).
 */
export function pointWidget(widget: HTMLElement, issuer: string, mode: SignInMode): HTMLElement {
  const target = widget.matches(':defined') ? document.createElement(widget.localName) : widget;
  if (target !== widget) {
    for (const { name, value } of widget.attributes) if (name !== 'mode' && name !== 'issuer') target.setAttribute(name, value);
  }
  target.setAttribute('issuer', issuer);
  if (mode === 'redirect') target.setAttribute('mode', 'redirect');
  else target.removeAttribute('mode');
  if (target !== widget) widget.replaceWith(target);
  return target;
}
