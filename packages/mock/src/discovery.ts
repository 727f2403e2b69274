import type { Context } from './context.js';
import { answer, type Answer } from './http.js';
import { dpopAlgorithms } from './dpop.js';
import { signingAlgorithm, signingKey } from './keys.js';
import { supportedLocales } from './messages.js';

/** GET /.well-known/openid-configuration (OIDC Discovery 1.0, RFC 8414) with the pwless profile additions. */
export function discoveryEndpoint(context: Context): Answer {
  const { issuer } = context;
  return answer(200, {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    authorization_challenge_endpoint: `${issuer}/challenge`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    userinfo_endpoint: `${issuer}/userinfo`,
    revocation_endpoint: `${issuer}/revoke`,
    end_session_endpoint: `${issuer}/logout`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [signingAlgorithm],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
    dpop_signing_alg_values_supported: dpopAlgorithms,
    scopes_supported: ['openid', 'email', 'phone', 'offline_access'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'amr', 'email', 'email_verified', 'phone_number', 'phone_number_verified'],
    ui_locales_supported: supportedLocales,
    authorization_response_iss_parameter_supported: true,
    pwless_deliveries_supported: context.state.config.deliveries,
    pwless_channels_supported: context.state.config.channels,
    ...(context.state.config.passkeys ? { pwless_passkeys_supported: true, pwless_passkeys_endpoint: `${issuer}/passkeys` } : {}),
  });
}

/** GET /jwks: the public half of the signing key. */
export async function jwksEndpoint(context: Context): Promise<Answer> {
  const key = await signingKey(context.state);
  return answer(200, { keys: [key.publicJwk] });
}
