import type { Context } from '../../context.js';
import { answer, type Answer } from '../../http.js';
import { auth0SigningAlgorithm, auth0SigningKey } from './keys.js';

/** GET /.well-known/openid-configuration, shaped like a tenant's (its `issuer` ends in `/`). */
export function discoveryEndpoint(context: Context): Answer {
  const base = context.issuer;
  return answer(200, {
    issuer: `${base}/`,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/oauth/token`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    revocation_endpoint: `${base}/oauth/revoke`,
    end_session_endpoint: `${base}/oidc/logout`,
    scopes_supported: ['openid', 'profile', 'offline_access', 'name', 'given_name', 'family_name', 'nickname', 'email', 'email_verified', 'picture', 'created_at', 'identities', 'phone', 'address'],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    response_modes_supported: ['query', 'web_message'],
    subject_types_supported: ['public'],
    token_endpoint_auth_methods_supported: ['none'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    claims_supported: ['aud', 'auth_time', 'created_at', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'identities', 'iss', 'name', 'nickname', 'phone_number', 'picture', 'sub'],
    request_uri_parameter_supported: false,
    request_parameter_supported: false,
    id_token_signing_alg_values_supported: [auth0SigningAlgorithm],
  });
}

/** GET /.well-known/jwks.json: the tenant's public RS256 key. */
export async function jwksEndpoint(context: Context): Promise<Answer> {
  const key = await auth0SigningKey(context.state);
  return answer(200, { keys: [key.publicJwk] });
}
