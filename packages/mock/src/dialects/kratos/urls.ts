import type { Context } from '../../context.js';
import { stop } from '../variant.js';
import { returnToAllowed } from './cors.js';
import { errors, kratosError } from './errors.js';
import type { FlowKind } from './state.js';

/** `?return_to=`, refused unless it is Kratos itself or an allowed origin (`selfservice.allowed_return_urls`). */
export function readReturnTo(context: Context, url: URL): string | undefined {
  const returnTo = url.searchParams.get('return_to') ?? undefined;
  if (returnTo !== undefined && !returnToAllowed(context.clients, context.issuer, returnTo)) {
    stop(kratosError(errors.badRequest(`Requested return_to URL "${returnTo}" is not allowed.`)));
  }
  return returnTo;
}

/** Where Kratos would send a browser for its UI (`selfservice.flows.*.ui_url`); the mock has no UI of its own. */
export function uiUrl(context: Context, kind: FlowKind): string {
  return `${context.issuer}/ui/${kind}`;
}

/** `selfservice.default_browser_return_url`. */
export function defaultReturnTo(context: Context): string {
  return `${context.issuer}/`;
}
