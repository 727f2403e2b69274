/** Every reason a pwless call can fail. User interfaces key their messages by these. */
export const pwlessErrorCodes = [
  'invalid_identifier',
  'invalid_code',
  'code_expired',
  'too_many_attempts',
  'rate_limited',
  'signup_disabled',
  'access_denied',
  'session_expired',
  'link_invalid',
  'no_pending_sign_in',
  'not_supported',
  'state_mismatch',
  'invalid_request',
  'invalid_client',
  'invalid_response',
  'network_error',
  'server_error',
  'aborted',
  // Passkeys: the person or the browser cancelled the ceremony; the server does not know the passkey
  // (deleted there); the server refused it; this device already holds a passkey for the account.
  'passkey_cancelled',
  'passkey_unknown',
  'passkey_failed',
  'passkey_exists',
] as const;

export type PwlessErrorCode = (typeof pwlessErrorCodes)[number];

export interface PwlessErrorDetails {
  /** Seconds to wait before trying again (`rate_limited`). */
  retryAfter?: number;
  /** Wrong codes the server still accepts (`invalid_code`). */
  attemptsRemaining?: number;
  cause?: unknown;
}

/** The one error type the SDK rejects with. Its `message` is for developers; show users text keyed by `code`. */
export class PwlessError extends Error {
  override readonly name = 'PwlessError';
  readonly code: PwlessErrorCode;
  readonly retryAfter?: number;
  readonly attemptsRemaining?: number;

  constructor(code: PwlessErrorCode, message: string, { cause, ...counts }: PwlessErrorDetails = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    // Callers pass only the counts that apply, so an error has no `retryAfter` key it does not use.
    Object.assign(this, counts);
  }
}

/** An OAuth error body: RFC 6749 §5.2 plus the pwless profile's fields. */
export interface OAuthErrorBody {
  error: string;
  error_description?: string;
  attempts_remaining?: number;
  retry_after?: number;
  pwless_reason?: string;
}

const serverErrorCodes: Record<string, PwlessErrorCode> = {
  invalid_otp: 'invalid_code',
  otp_expired: 'code_expired',
  otp_attempts_exceeded: 'too_many_attempts',
  slow_down: 'rate_limited',
  invalid_session: 'session_expired',
  expired_token: 'session_expired',
  invalid_grant: 'session_expired',
  insufficient_authorization: 'session_expired',
  invalid_link: 'link_invalid',
  // Only seen in native mode; `auto` mode follows it to the provider's page instead.
  redirect_to_web: 'not_supported',
  access_denied: 'access_denied',
  login_required: 'access_denied',
  interaction_required: 'access_denied',
  consent_required: 'access_denied',
  invalid_request: 'invalid_request',
  invalid_client: 'invalid_client',
  unauthorized_client: 'invalid_client',
  server_error: 'server_error',
  temporarily_unavailable: 'server_error',
  invalid_passkey: 'passkey_failed',
  // The passkey endpoint, about the access token: the session is over.
  invalid_token: 'session_expired',
};

function fromErrorBody(body: OAuthErrorBody, status: number, retryAfterHeader: string | null, cause: unknown): PwlessError {
  // Own keys only: an `error` of "constructor" or "__proto__" must not pick an Object member.
  const known = Object.hasOwn(serverErrorCodes, body.error) ? serverErrorCodes[body.error] : undefined;
  let code: PwlessErrorCode = known ?? (status >= 500 ? 'server_error' : 'invalid_response');
  if (status === 429) code = 'rate_limited';
  if (code === 'access_denied' && body.pwless_reason === 'signup_disabled') code = 'signup_disabled';
  if (code === 'passkey_failed' && body.pwless_reason === 'unknown_credential') code = 'passkey_unknown';
  const retryAfter = body.retry_after ?? (retryAfterHeader ? Number.parseInt(retryAfterHeader, 10) : undefined);
  // A server may send any JSON: only a string description becomes the developer's message.
  return new PwlessError(code, typeof body.error_description === 'string' ? body.error_description : body.error, {
    cause,
    ...(code === 'rate_limited' && retryAfter !== undefined && Number.isFinite(retryAfter) ? { retryAfter } : {}),
    ...(typeof body.attempts_remaining === 'number' ? { attemptsRemaining: body.attempts_remaining } : {}),
  });
}

/** Reads an error answer of the challenge or token endpoint. */
export function errorFromResponse(response: Response, body: unknown): PwlessError {
  if (typeof body === 'object' && body !== null && typeof (body as OAuthErrorBody).error === 'string') {
    return fromErrorBody(body as OAuthErrorBody, response.status, response.headers.get('retry-after'), undefined);
  }
  const { status } = response;
  return new PwlessError(status === 429 ? 'rate_limited' : status >= 500 ? 'server_error' : 'invalid_response', `the server answered ${status}`);
}

/** The fields of oauth4webapi's errors that the mapping reads; duck-typed, so the entry needs no oauth4webapi. */
interface OAuthLibraryError {
  code?: unknown;
  error?: unknown;
  error_description?: unknown;
  status?: unknown;
  response?: Response;
  cause?: unknown;
  message: string;
}

/**
 * oauth4webapi keeps the whole answer (`cause.body`) on the error about an answer it refuses. A
 * refused token answer still holds live access and refresh tokens, which must not ride along on
 * the `PwlessError` into events, logs and error trackers; the message says what was wrong.
 */
function dropAnswerBody(error: OAuthLibraryError): void {
  const details = error.cause;
  if (typeof details === 'object' && details !== null && 'body' in details) delete (details as { body?: unknown }).body;
}

/** The one place where transport and oauth4webapi failures become a `PwlessError`. */
export function toPwlessError(error: unknown, signal?: AbortSignal): PwlessError {
  if (error instanceof PwlessError) return error;
  if (signal?.aborted || (error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError'))) {
    return new PwlessError('aborted', 'the operation was aborted', { cause: error });
  }
  const library = (error instanceof Error ? error : { message: String(error) }) as OAuthLibraryError;
  // oauth4webapi's ResponseBodyError: an OAuth error answer (RFC 6749 §5.2).
  if (library.code === 'OAUTH_RESPONSE_BODY_ERROR' && library.response) {
    return fromErrorBody(library.cause as OAuthErrorBody, Number(library.status), library.response.headers.get('retry-after'), error);
  }
  // oauth4webapi's AuthorizationResponseError: an error in the redirect back (RFC 6749 §4.1.2.1).
  // Its `error` and `error_description` are the parameters of the redirect, shaped like an error body.
  if (library.code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR' && typeof library.error === 'string') {
    return fromErrorBody(library as OAuthLibraryError & OAuthErrorBody, 400, null, error);
  }
  dropAnswerBody(library);
  // oauth4webapi's argument errors (TypeErrors): the client is set up wrong; only the site owner can fix that.
  if (library.code === 'ERR_INVALID_ARG_TYPE' || library.code === 'ERR_INVALID_ARG_VALUE') {
    return new PwlessError('invalid_client', library.message, { cause: error });
  }
  const status = (library.cause as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number' && status >= 500) return new PwlessError('server_error', library.message, { cause: error });
  return new PwlessError('invalid_response', library.message, { cause: error });
}

/**
 * `fetch` and `import()` reject with a `TypeError` when the network is down or the request was
 * blocked. They are recognised where the SDK calls them, because any other `TypeError` is a bug or
 * bad setup, not something a user fixes by going online. An abort stays an abort.
 */
export function networkFailures<T>(request: Promise<T>, signal?: AbortSignal | null): Promise<T> {
  return request.catch((error: unknown) => {
    throw error instanceof TypeError && !signal?.aborted ? new PwlessError('network_error', error.message, { cause: error }) : error;
  });
}

/**
 * Before the page leaves for the provider: a browser that knows it is offline would show its own
 * error page instead, and the person would lose the app's page. (`onLine` true can be wrong; false is not.)
 */
export function assertOnline(): void {
  if (globalThis.navigator?.onLine === false) throw new PwlessError('network_error', 'the browser is offline');
}
