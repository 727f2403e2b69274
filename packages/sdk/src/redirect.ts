import * as oauth from 'oauth4webapi';
import { createDpopKeys } from './dpop.js';
import type { Engine } from './engine.js';
import { assertOnline, PwlessError } from './errors.js';
import { secureUrl } from './secure-url.js';
import { deleteTransaction, findTransaction, saveTransaction, transactionLifetime } from './transactions.js';
import type { Session } from './types.js';

// Redirect mode, loaded by the engine on demand: pages that sign in natively never download it.

/** This page without its query and fragment: the default redirect URI and link landing page. */
export function currentPage(): string {
  if (typeof location === 'undefined') throw new TypeError('option "redirectUri" is needed outside a browser page');
  return `${location.origin}${location.pathname}`;
}

/** What the app knows of the person before the provider's page: sent as `login_hint` and `ui_locales`. */
export interface RedirectHints {
  loginHint?: string | undefined;
  /** BCP 47, so the provider's page and messages are in the person's language. */
  locale?: string | undefined;
}

/**
 * Builds the authorization request (RFC 6749 §4.1.1 with PKCE S256, `state` and `nonce`) and keeps
 * its secrets in a transaction named by `state`, so the callback can be handled in a reloaded page.
 */
export async function authorizationUrl(engine: Engine, { loginHint, locale }: RedirectHints, signal: AbortSignal | undefined): Promise<URL> {
  const { options } = engine;
  const metadata = await engine.discover(signal);
  if (!metadata.authorization_endpoint) throw new PwlessError('not_supported', 'the provider has no authorization_endpoint');
  // The page navigates there: a javascript: or data: endpoint would run script here, plain http would leak the request.
  const url = secureUrl(metadata.authorization_endpoint);
  if (!url) {
    throw new PwlessError('invalid_response', 'the authorization_endpoint is not an https URL');
  }
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const redirectUri = options.redirectUri ?? currentPage();
  const dpopKeys = options.dpop ? await createDpopKeys() : undefined;
  await saveTransaction({
    state,
    flow: 'redirect',
    issuer: options.issuer.href,
    clientId: options.clientId,
    codeVerifier,
    nonce,
    redirectUri,
    expiresAt: Date.now() + transactionLifetime,
    ...(dpopKeys ? { dpopKeys } : {}),
  });
  const parameters: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: redirectUri,
    scope: options.scope,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    login_hint: loginHint,
    ui_locales: locale,
    dpop_jkt: dpopKeys ? await engine.dpopHandle(dpopKeys).calculateThumbprint() : undefined,
  };
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/** Sends the page to the provider (`start` in redirect mode); the promise never settles, nothing is left to settle here. */
export async function redirectForever(engine: Engine, hints: RedirectHints, signal: AbortSignal | undefined): Promise<never> {
  assertOnline();
  location.assign(await authorizationUrl(engine, hints, signal));
  return new Promise<never>(() => undefined);
}

/**
 * Handles the authorization response, whatever its outcome, once: when it is this page's address,
 * its parameters leave the address bar, so a reload does not replay them.
 */
export async function handleRedirectCallback(engine: Engine, callbackUrl: URL, signal: AbortSignal | undefined): Promise<Session> {
  try {
    return await completeRedirect(engine, callbackUrl, signal);
  } finally {
    if (typeof location !== 'undefined' && callbackUrl.href === location.href) {
      for (const name of ['code', 'state', 'iss', 'error', 'error_description', 'error_uri', 'session_state']) callbackUrl.searchParams.delete(name);
      history.replaceState(history.state, '', callbackUrl);
    }
  }
}

/**
 * Finds the transaction by `state` (spending it), checks the response and its `iss` (RFC 9207),
 * then trades the code like a native sign-in does.
 */
async function completeRedirect(engine: Engine, callbackUrl: URL, signal: AbortSignal | undefined): Promise<Session> {
  const { options, client } = engine;
  const metadata = await engine.discover(signal);
  const state = callbackUrl.searchParams.get('state');
  const transaction = state ? await findTransaction(state) : undefined;
  const ours = transaction?.flow === 'redirect' && transaction.issuer === options.issuer.href && transaction.clientId === options.clientId;
  if (!state || !transaction || !ours) {
    throw new PwlessError('state_mismatch', 'no sign-in of this browser matches the callback');
  }
  // Spent before anything else: a callback is handled once, even when it fails.
  await deleteTransaction(state);
  const code = oauth.validateAuthResponse(metadata, client, callbackUrl, state).get('code');
  if (!code) throw new PwlessError('invalid_response', 'the callback carries no code');
  return engine.exchange(transaction, code, signal);
}
