import { AnswerError } from '../../http.js';
import type { VariantAnswer } from '../variant.js';

/** The API version `@supabase/auth-js` asks for; from it on, errors carry their code as a string `code`. */
export const apiVersion = '2024-01-01';
export const apiVersionHeader = 'X-Supabase-Api-Version';

/**
 * GoTrue's error codes used by these routes (internal/api/errorcodes.go in supabase/auth), with
 * the status GoTrue answers them with.
 */
export type SupabaseErrorCode =
  | 'bad_json'
  | 'validation_failed'
  | 'email_address_invalid'
  | 'otp_expired'
  | 'otp_disabled'
  | 'signup_disabled'
  | 'over_email_send_rate_limit'
  | 'over_request_rate_limit'
  | 'flow_state_not_found'
  | 'flow_state_expired'
  | 'bad_code_verifier'
  | 'refresh_token_not_found'
  | 'refresh_token_already_used'
  | 'session_not_found'
  | 'no_authorization'
  | 'bad_jwt'
  | 'unexpected_failure';

/** A GoTrue error on its way out of an endpoint; the route writes it in the shape the request asked for. */
export class SupabaseFailure extends Error {
  constructor(readonly status: number, readonly errorCode: SupabaseErrorCode, readonly msg: string) {
    super(msg);
  }
}

export function fail(status: number, errorCode: SupabaseErrorCode, msg: string): never {
  throw new SupabaseFailure(status, errorCode, msg);
}

/**
 * GoTrue's error body: `{code: <status>, error_code, msg}`; a request that names API version
 * 2024-01-01 or later (`X-Supabase-Api-Version`, as auth-js sends) gets `{code: <error_code>, message}`
 * and the version header back.
 */
export function errorAnswer(request: Request, failure: SupabaseFailure): VariantAnswer {
  const asked = request.headers.get(apiVersionHeader);
  const versioned = asked !== null && /^\d{4}-\d{2}-\d{2}$/.test(asked) && asked >= apiVersion;
  if (versioned) return { status: failure.status, body: { code: failure.errorCode, message: failure.msg }, headers: { [apiVersionHeader]: apiVersion } };
  return { status: failure.status, body: { code: failure.status, error_code: failure.errorCode, msg: failure.msg } };
}

/** The API gateway's own answers (Kong, in front of GoTrue): a key missing or unknown. */
export function gatewayError(message: string, hint: string): never {
  throw new AnswerError({ status: 401, body: { message, hint } });
}
