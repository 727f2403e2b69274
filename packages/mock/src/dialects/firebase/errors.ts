import { stop, type VariantAnswer } from '../variant.js';

/** The Google API status of each HTTP status Firebase's Auth REST API answers with. */
const statuses: Record<number, string> = { 400: 'INVALID_ARGUMENT', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

/**
 * An error in the shape of Google's APIs as the Identity Toolkit answers it:
 * `{error: {code, message, errors: [{message, domain, reason}]}}`, the `message` being Firebase's
 * error name (`INVALID_OOB_CODE`), sometimes followed by ` : ` and a detail.
 */
export function firebaseError(message: string, status = 400): VariantAnswer {
  return { status, body: { error: { code: status, message, errors: [{ message, domain: 'global', reason: 'invalid' }] } } };
}

/** Google's answer for a key that is no project's: `INVALID_ARGUMENT` with the reason in `details`. */
export function invalidApiKey(): VariantAnswer {
  const message = 'API key not valid. Please pass a valid API key.';
  return {
    status: 400,
    body: {
      error: {
        code: 400,
        message,
        errors: [{ message, domain: 'global', reason: 'badRequest' }],
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
      },
    },
  };
}

/** Google's own errors (unknown method, outage), with a `status` and no Firebase name. */
export function googleError(status: number, message: string): VariantAnswer {
  return { status, body: { error: { code: status, message, status: statuses[status] ?? 'UNKNOWN' } } };
}

/** Stops an endpoint with a Firebase error. */
export function fail(message: string, status = 400): never {
  return stop(firebaseError(message, status));
}
