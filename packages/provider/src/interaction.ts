import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { AnswerError, answer, oauthError, pageLanguage } from '@pwless/mock/rules';
import { pageClientId } from './clients.js';
import { passkeysOn, type ProviderConfig } from './config.js';
import { readBody, sendHtml, sendJson } from './http.js';
import type { KeySet } from './keys.js';
import type { Logger } from './log.js';
import { csrfMatches, csrfToken, pagePolicy, signInPage } from './pages.js';
import type { Store } from './store.js';

export interface InteractionDependencies {
  config: ProviderConfig;
  oidc: Provider;
  store: Store;
  keys: KeySet;
  log: Logger;
}

/** The sign-in page of oidc-provider's interactions, and the end of a sign-in made on it. */
export function createInteractionRoutes({ config, oidc, store, keys, log }: InteractionDependencies) {
  const issuerUrl = new URL(config.issuer);
  const issuerPath = issuerUrl.pathname.replace(/\/$/, '');

  async function interactionPage(request: IncomingMessage, response: ServerResponse, uid: string): Promise<void> {
    const details = await oidc.interactionDetails(request, response);
    if (details.uid !== uid) throw new AnswerError(oauthError(400, 'invalid_request', 'interaction mismatch'));
    const params = details.params as Record<string, string | undefined>;
    const text = pageLanguage({ uiLocales: params['ui_locales'] ?? null, acceptLanguage: request.headers['accept-language'] ?? null });
    if (details.prompt.name !== 'login' && details.session?.accountId) {
      // Consent: every client is the administrator's own, so a signed-in person goes straight back.
      const grant = new oidc.Grant({ accountId: details.session.accountId, clientId: params['client_id']! });
      grant.addOIDCScope(params['scope'] ?? 'openid');
      const location = await oidc.interactionResult(request, response, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      response.writeHead(303, { Location: location, 'Cache-Control': 'no-store' }).end();
      return;
    }
    const client = await oidc.Client.find(params['client_id'] ?? '');
    sendHtml(
      response,
      200,
      signInPage({
        issuer: config.issuer,
        clientId: pageClientId,
        text,
        finishUrl: `${issuerPath}/interaction/${uid}/finish`,
        csrf: csrfToken(keys.cookies[0]!, uid),
        appName: client?.clientName ?? client?.clientId ?? issuerUrl.host,
        ...(params['login_hint'] ? { loginHint: params['login_hint'] } : {}),
        passkeys: passkeysOn(config),
      }),
      pagePolicy,
    );
  }

  /** The page's element signed in: its one-time access token proves who, and the app's sign-in goes on. */
  async function finishInteraction(request: IncomingMessage, response: ServerResponse, uid: string): Promise<void> {
    const retry = { location: `${config.issuer}/interaction/${uid}` };
    if (request.headers.origin !== issuerUrl.origin) return sendJson(response, answer(403, retry));
    const form = new URLSearchParams((await readBody(request, 8 * 1024)).toString('utf8'));
    if (!csrfMatches(keys.cookies[0]!, uid, form.get('csrf') ?? '')) return sendJson(response, answer(403, retry));
    const details = await oidc.interactionDetails(request, response);
    if (details.uid !== uid) return sendJson(response, answer(400, retry));
    const token = await oidc.AccessToken.find(form.get('access_token') ?? '');
    if (!token || token.isExpired || token.clientId !== pageClientId || !token.accountId) {
      log({ event: 'interaction_refused', reason: 'proof' });
      return sendJson(response, answer(400, retry));
    }
    const signIn = await store.transact((data) => {
      const found = data.signIns[token.grantId!];
      delete data.signIns[token.grantId!];
      return found;
    });
    await token.destroy();
    await (await oidc.Grant.find(token.grantId!))?.destroy();
    const location = await oidc.interactionResult(
      request,
      response,
      { login: { accountId: token.accountId, ...(signIn ? { amr: signIn.amr, ts: signIn.authTime } : {}) } },
      { mergeWithLastSubmission: false },
    );
    log({ event: 'signed_in', client: (details.params as Record<string, string>)['client_id'] });
    sendJson(response, answer(200, { location }));
  }

  return { interactionPage, finishInteraction };
}
