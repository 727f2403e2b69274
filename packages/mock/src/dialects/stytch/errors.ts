import { stop, type VariantAnswer } from '../variant.js';

/**
 * Stytch's error types used by the frontend SDK's endpoints, with their status and message
 * (Stytch API reference, "Errors": https://stytch.com/docs/api/errors/<status>).
 */
const errors = {
  invalid_email: [400, 'Email format is invalid.'],
  invalid_request: [400, 'The request body is malformed.'],
  pkce_mismatch: [400, 'The code_verifier does not match the code_challenge sent with the magic link.'],
  unauthorized_credentials: [401, 'Unauthorized credentials.'],
  unable_to_auth_otp_code: [401, 'Unable to authenticate the one-time passcode. It may have expired or been used already.'],
  unable_to_auth_magic_link: [401, 'The magic link could not be authenticated because it was either already used or expired. Send another magic link to this user.'],
  bad_domain_for_stytch_sdk: [403, 'This application is not authorized to use the Stytch SDK. Add its domain to the authorized applications of the project.'],
  no_signup_permission: [403, 'Sign-ups are not enabled for this project. This user does not exist.'],
  otp_code_not_found: [404, 'The one-time passcode is incorrect. Please check the code and try again.'],
  session_not_found: [404, 'Session could not be found.'],
  route_not_found: [404, 'The route does not exist.'],
  too_many_requests: [429, 'Too many requests have been made.'],
  internal_server_error: [500, 'Oops, something seems to have gone wrong, please reach out to support@stytch.com to let us know what went wrong.'],
} as const;

export type StytchErrorType = keyof typeof errors;

function requestId(): string {
  return `request-id-test-${crypto.randomUUID()}`;
}

/** An error answer in Stytch's shape: `{status_code, request_id, error_type, error_message, error_url}`. */
export function stytchError(type: StytchErrorType, headers?: Record<string, string>): VariantAnswer {
  const [status, message] = errors[type];
  return {
    status,
    body: { status_code: status, request_id: requestId(), error_type: type, error_message: message, error_url: `https://stytch.com/docs/api/errors/${status}#${type}` },
    ...(headers ? { headers } : {}),
  };
}

/** Stops an endpoint with a Stytch error. */
export function fail(type: StytchErrorType, headers?: Record<string, string>): never {
  return stop(stytchError(type, headers));
}

/**
 * A success in the frontend SDK's envelope: the SDK's network client reads `data` (the API's
 * response object, with its own `status_code` and `request_id`).
 */
export function success(fields: Record<string, unknown>): VariantAnswer {
  return { status: 200, body: { data: { status_code: 200, request_id: requestId(), ...fields } } };
}
