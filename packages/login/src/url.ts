/** Whether this page was opened from a magic link (`?pwless_link=`). */
export function isLinkLanding(url: string): boolean {
  return new URL(url).searchParams.has('pwless_link');
}

/** Whether this page is the provider sending the browser back in redirect mode. */
export function isRedirectReturn(url: string): boolean {
  const parameters = new URL(url).searchParams;
  return parameters.has('state') && (parameters.has('code') || parameters.has('error'));
}

/** Takes spent parameters out of the address bar, so a reload does not replay them. */
export function forgetParameters(names: string[]): void {
  const clean = new URL(location.href);
  for (const name of names) clean.searchParams.delete(name);
  history.replaceState(history.state, '', clean.href);
}
