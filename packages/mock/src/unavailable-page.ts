import { readParameters } from './authorize.js';
import { errorPage } from './html.js';
import type { Answer } from './http.js';
import { localeField, pageLanguage } from './page-language.js';

/**
 * The 503 of the `failureRate` policy at the provider's own pages (`/authorize`, `/logout`): a
 * person sees a page in their language rather than the JSON error an API client gets.
 */
export async function unavailablePage(request: Request, path: string): Promise<Answer> {
  const fields = (await readParameters(request)) ?? new URLSearchParams();
  const text = pageLanguage({ carried: fields.get(localeField), uiLocales: fields.get('ui_locales'), acceptLanguage: request.headers.get('accept-language') });
  return errorPage(503, text.serviceTrouble, path === '/logout' ? text.cannotSignOutHeading : text.cannotContinueHeading, text);
}
