#!/usr/bin/env node
// The yardstick of bench/load.mjs: oidc-provider alone (the version @pwless/provider uses), with
// its in-memory adapter, one public client with PKCE and an interaction that signs a fixed
// account in and grants at once, with no page. What one authorization-code flow costs here is
// what a sign-in of pwless is compared to.
//   node bench/bare-oidc.mjs --port N        prints "bare-oidc: ready" once it listens
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

export const bareClient = { client_id: 'bare', redirect_uris: ['https://site.example/'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] };

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const port = Number(values.port);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const provider = new Provider(issuer, {
  clients: [bareClient],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'bare', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  responseTypes: ['code'],
  // As the provider does for the apps it registers: a refresh token with every code traded.
  issueRefreshToken: async () => true,
  scopes: ['openid', 'email', 'offline_access'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, email: `${sub}@load.example.com`, email_verified: true }) }),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.on('server_error', (_ctx, error) => console.error(error));
const callback = provider.callback();
const server = createServer(async (request, response) => {
  if (!request.url?.startsWith('/interaction/')) return callback(request, response);
  try {
    const details = await provider.interactionDetails(request, response);
    const accountId = `user-${randomBytes(6).toString('hex')}`;
    const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(request, response, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  } catch (error) {
    response.writeHead(500).end(String(error));
  }
});
server.listen(port, '127.0.0.1', () => console.log('bare-oidc: ready'));
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
