import { fail } from '../../http.js';

/**
 * Auth0's own error answers, word for word, so that code written against Auth0 meets them here.
 *
 * `/passwordless/start`: Auth0 Authentication API reference, "Errors > POST /passwordless/start"
 * (auth0/docs, articles/api/authentication/reference/_errors.md).
 * Grant types an application has not switched on: "Application Grant Types", section "Errors"
 * (auth0/docs, articles/applications/concepts/application-grant-types.md): "Grant type `grant_type`
 * not allowed for the client.", answered as 403 `unauthorized_client`.
 * Rate limit of `/passwordless/start`, 50 an hour per IP address: "Rate Limits for Authentication API
 * Endpoints" (auth0/docs, articles/policies/rate-limits-auth-api.md); the 429 body's words come from
 * "Rate Limit Policy For Auth0 APIs" (articles/policies/rate-limits.md).
 * `/co/authenticate`: "Error Codes and Descriptions" of cross-origin authentication (auth0/docs,
 * articles/_includes/_co_authenticate_errors.md): 400 `invalid_request` for a body without exactly
 * its five fields, 401 `unauthorized_client` "Cross origin login not allowed.", 400
 * `unsupported_credential_type`, 400 `invalid_request` "Unknown realm …", 403 `access_denied` for
 * wrong credentials, and a bare 403 "Origin … is not allowed." for an origin the application does not allow.
 * Code checks: the wrong-code descriptions are the ones Auth0's own SDKs recognise as invalid
 * credentials (Auth0.swift, Auth0/AuthenticationError.swift `isInvalidCredentials`; Auth0.Android,
 * AuthenticationException `isInvalidCredentials`). Auth0's reference names no string for an
 * expired code or for the last try; these two are the descriptions its servers answer, as
 * applications written against Auth0 match them.
 */
export const auth0Text = {
  wrongEmailCode: 'Wrong email or verification code.',
  wrongPhoneCode: 'Wrong phone number or verification code.',
  codeExpired: 'The verification code has expired. Please try to login again.',
  tooManyAttempts: "You've reached the maximum number of attempts. Please try to login again.",
  tooManyRequests: 'Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.',
  invalidCode: 'Invalid authorization code',
  codeVerifier: 'Failed to verify code verifier',
  refreshToken: 'Unknown or invalid refresh token.',
  unauthorized: 'Unauthorized',
  crossOriginBody: 'Invalid request body. All and only of client_id, credential_type, username, otp, realm are required.',
  crossOriginNotAllowed: 'Cross origin login not allowed.',
  unknownCredentialType: 'Unknown credential type parameter.',
} as const;

/** The passwordless OTP grant, refused for single-page applications. */
export const otpGrantType = 'http://auth0.com/oauth/grant-type/passwordless/otp';

/** Grant types Auth0 knows but a single-page application cannot have switched on. */
const grantsOffForSpas = new Set([
  otpGrantType,
  'password',
  'http://auth0.com/oauth/grant-type/password-realm',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code',
  'http://auth0.com/oauth/grant-type/mfa-otp',
  'http://auth0.com/oauth/grant-type/mfa-oob',
  'http://auth0.com/oauth/grant-type/mfa-recovery-code',
]);

/** 403 `unauthorized_client` for a grant the application may not use, or 400 for one Auth0 does not know. */
export function refuseGrant(grantType: string): never {
  if (grantsOffForSpas.has(grantType)) fail(403, 'unauthorized_client', `Grant type '${grantType}' not allowed for the client.`);
  return fail(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
}

/** A `/passwordless/start` error: 400 with Auth0's dotted error code. */
export function badStart(error: string, description: string): never {
  return fail(400, error, description);
}
