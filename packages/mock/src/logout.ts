import { decodeJwt, importJWK, jwtVerify } from 'jose';
import { findClient, uriRegistered } from './clients.js';
import type { MockClient } from './config.js';
import type { Context } from './context.js';
import { errorPage, escapeHtml, htmlPage, redirect } from './html.js';
import { AnswerError, type Answer } from './http.js';
import { signingAlgorithm, signingKey } from './keys.js';
import { pageLanguage } from './page-language.js';
import { revokeFamily } from './tokens.js';

async function parameters(request: Request): Promise<URLSearchParams> {
  if (request.method === 'GET') return new URL(request.url).searchParams;
  const type = request.headers.get('content-type') ?? '';
  return type.toLowerCase().startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(await request.text()) : new URLSearchParams();
}

/**
 * The subject and audience of an ID token this provider signed. Expired tokens are accepted:
 * a hint is still a hint after its token expired (OIDC RP-Initiated Logout §2).
 */
async function hintClaims(context: Context, idTokenHint: string): Promise<{ sub: string; aud: string } | undefined> {
  const key = await signingKey(context.state);
  try {
    const publicKey = await importJWK(key.publicJwk as Parameters<typeof importJWK>[0], signingAlgorithm);
    await jwtVerify(idTokenHint, publicKey, { issuer: context.issuer, algorithms: [signingAlgorithm], currentDate: new Date(0) });
    const { sub, aud } = decodeJwt(idTokenHint);
    return typeof sub === 'string' && typeof aud === 'string' ? { sub, aud } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GET|POST /logout: OpenID Connect RP-Initiated Logout 1.0. The mock keeps no browser session at
 * the provider, so signing out means revoking every token family of the hinted user at that client.
 * `post_logout_redirect_uri` is followed only when it is registered for the client.
 */
export async function logoutEndpoint(context: Context, request: Request): Promise<Answer> {
  const query = await parameters(request);
  // RP-Initiated Logout §2: `ui_locales` is the language of the provider's pages, as at /authorize.
  const text = pageLanguage({ uiLocales: query.get('ui_locales'), acceptLanguage: request.headers.get('accept-language') });
  const refuse = (message: string) => errorPage(400, message, text.cannotSignOutHeading, text);
  const idTokenHint = query.get('id_token_hint');
  const claims = idTokenHint ? await hintClaims(context, idTokenHint) : undefined;
  if (idTokenHint && !claims) return refuse(text.foreignSignOutHint);
  const clientId = query.get('client_id') ?? claims?.aud;
  if (claims && clientId !== claims.aud) return refuse(text.signOutClientMismatch);
  let client: MockClient | undefined;
  if (clientId !== undefined) {
    try {
      client = findClient(context.clients, clientId);
    } catch (error) {
      if (error instanceof AnswerError) return refuse(text.unknownClient);
      throw error;
    }
  }
  const postLogoutUri = query.get('post_logout_redirect_uri');
  if (postLogoutUri !== null && (!client || !uriRegistered(client, postLogoutUri, client.postLogoutRedirectUris ?? []))) {
    return refuse(text.unknownPostLogoutUri);
  }
  if (claims && client) {
    for (const family of Object.values(context.state.families)) {
      if (family.sub === claims.sub && family.clientId === client.clientId) revokeFamily(context, family.id);
    }
  }
  if (postLogoutUri !== null) return redirect(postLogoutUri, { state: query.get('state') ?? undefined });
  return htmlPage(200, text.signedOutHeading, `<p>${escapeHtml(text.closePage)}</p>`, text);
}
