import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import {
  AnswerError,
  dpopAlgorithms,
  dpopKeyThumbprint,
  oauthError,
  passkeyMethods,
  passkeysEndpoint,
  readPasskeyForm,
  type Answer,
  type Context,
  type MockClient,
} from '@pwless/mock/rules';
import type { ProviderConfig } from './config.js';
import { readBody, sendJson } from './http.js';
import { rulesConfig } from './challenge.js';
import type { Store } from './store.js';

export interface PasskeyDependencies {
  config: ProviderConfig;
  oidc: Provider;
  store: Store;
  clientsForRules: MockClient[];
  /** CORS headers for the request's origin (registered origins only), allowing these methods. */
  corsHeaders(request: IncomingMessage, methods: string): Record<string, string>;
}

/** RFC 6750 §3 / RFC 9449 §7.1: a 401 naming the problem in `WWW-Authenticate`, for the scheme the token needs. */
function unauthorized(scheme: 'Bearer' | 'DPoP', error: string, description: string): never {
  const algs = scheme === 'DPoP' ? `, algs="${dpopAlgorithms.join(' ')}"` : '';
  throw new AnswerError({
    ...oauthError(401, error, description),
    headers: { 'WWW-Authenticate': `${scheme} error="${error}", error_description="${description}"${algs}` },
  });
}

/**
 * `/passkeys` on the provider: oidc-provider's access tokens (a DPoP-bound one only with the DPoP
 * scheme and a proof of its key carrying `ath`), then the passkey rules the mock runs, on the
 * provider's store. The sign-in itself goes through the challenge endpoint.
 */
export function createPasskeysEndpoint({ config, oidc, store, clientsForRules, corsHeaders }: PasskeyDependencies) {
  const policies = rulesConfig(config);
  const passkeyClients = new Set(clientsForRules.filter((client) => client.origins.length > 0).map((client) => client.clientId));

  async function accessTokenOf(request: IncomingMessage) {
    const match = /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]+=*)$/i.exec(request.headers.authorization ?? '');
    if (!match) unauthorized('Bearer', 'invalid_token', 'send the access token in the Authorization header');
    const scheme = match[1]!.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    const value = match[2]!;
    const token = await oidc.AccessToken.find(value);
    if (!token || token.isExpired || !token.accountId) unauthorized(scheme, 'invalid_token', 'the access token is unknown, expired or revoked');
    // The grant is what revocation and sign-out end: a token whose grant is gone is gone too.
    const grant = token.grantId ? await oidc.Grant.find(token.grantId, { ignoreExpiration: true }) : undefined;
    if (!grant || grant.isExpired || grant.clientId !== token.clientId || grant.accountId !== token.accountId) {
      unauthorized(scheme, 'invalid_token', 'the access token is unknown, expired or revoked');
    }
    // Only the provider's page and first-party pages (clients with registered origins) manage
    // passkeys: a token an app keeps on its server cannot add a way into the account.
    if (!passkeyClients.has(token.clientId!)) unauthorized(scheme, 'invalid_token', 'access tokens of this client cannot manage passkeys');
    if (token.jkt) {
      // RFC 9449 §7.2: a DPoP-bound token sent as a bearer token is refused, never downgraded.
      if (scheme !== 'DPoP') unauthorized('DPoP', 'invalid_token', 'this access token is bound to a DPoP key');
    } else if (scheme === 'DPoP') {
      unauthorized('Bearer', 'invalid_token', 'this access token is a bearer token');
    }
    return { value, accountId: token.accountId, clientId: token.clientId!, jkt: token.jkt as string | undefined };
  }

  return async function passkeys(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const methods = passkeyMethods(path);
    const cors = corsHeaders(request, methods?.join(', ') ?? 'GET');
    const method = request.method ?? 'GET';
    if (!methods || policies.passkeys === false) return sendJson(response, oauthError(404, 'not_found', `no endpoint at ${path}`), cors);
    if (method === 'OPTIONS') return void response.writeHead(204, cors).end();
    if (!methods.includes(method)) return sendJson(response, { ...oauthError(405, 'invalid_request', `use ${methods.join(' or ')}`), headers: { Allow: methods.join(', ') } }, cors);
    let result: Answer;
    try {
      const token = await accessTokenOf(request);
      const headers = new Headers();
      for (const name of ['content-type', 'origin', 'dpop', 'user-agent', 'content-length']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers.set(name, value);
      }
      const body = method === 'POST' ? await readBody(request, 16 * 1024) : undefined;
      const webRequest = new Request(`${config.issuer}${path}`, { method, headers, ...(body ? { body: new Uint8Array(body) } : {}) });
      result = await store.transact(async (data) => {
        data.rules.config = policies;
        const context: Context = {
          state: data.rules,
          issuer: config.issuer,
          clients: clientsForRules,
          defaults: policies,
          now: Date.now(),
          notify: () => undefined,
          issueCode: () => Promise.reject(new Error('no sign-in ends at /passkeys')),
          deliver: () => Promise.reject(new Error('nothing is sent from /passkeys')),
        };
        try {
          if (token.jkt) {
            const jkt = await dpopKeyThumbprint(context, webRequest, { accessToken: token.value, resource: true });
            if (jkt !== token.jkt) unauthorized('DPoP', 'invalid_dpop_proof', 'the DPoP proof is missing or made with another key');
          }
          const form = await readPasskeyForm(webRequest);
          return await passkeysEndpoint(context, webRequest, path, { sub: token.accountId, clientId: token.clientId }, form);
        } catch (error) {
          // An error answer still commits what it spent (a registration_session, a DPoP proof id).
          if (error instanceof AnswerError) return error.answer;
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof AnswerError) result = error.answer;
      else throw error;
    }
    sendJson(response, result, cors);
  };
}
