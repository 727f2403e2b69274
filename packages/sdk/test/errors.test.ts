import { expect } from '@open-wc/testing';
import * as oauth from 'oauth4webapi';
import { errorFromResponse, networkFailures, PwlessError, toPwlessError, type PwlessErrorCode } from '../src/errors.js';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** Each server `error` and the code the SDK maps it to: one test per row. */
const serverRows: [status: number, error: string, code: PwlessErrorCode][] = [
  [400, 'invalid_otp', 'invalid_code'],
  [400, 'otp_expired', 'code_expired'],
  [400, 'otp_attempts_exceeded', 'too_many_attempts'],
  [429, 'slow_down', 'rate_limited'],
  [400, 'invalid_session', 'session_expired'],
  [400, 'expired_token', 'session_expired'],
  [400, 'invalid_grant', 'session_expired'],
  [403, 'insufficient_authorization', 'session_expired'],
  [400, 'invalid_link', 'link_invalid'],
  [400, 'redirect_to_web', 'not_supported'],
  [403, 'access_denied', 'access_denied'],
  [400, 'login_required', 'access_denied'],
  [400, 'interaction_required', 'access_denied'],
  [400, 'consent_required', 'access_denied'],
  [400, 'invalid_request', 'invalid_request'],
  [401, 'invalid_client', 'invalid_client'],
  [400, 'unauthorized_client', 'invalid_client'],
  [500, 'server_error', 'server_error'],
  [503, 'temporarily_unavailable', 'server_error'],
  [400, 'something_new', 'invalid_response'],
  [502, 'something_new', 'server_error'],
];

describe('error mapping', () => {
  for (const [status, error, code] of serverRows) {
    it(`maps ${status} "${error}" to ${code}`, () => {
      expect(errorFromResponse(answer(status, { error }), { error }).code).to.equal(code);
    });
  }

  for (const error of ['constructor', 'toString', '__proto__']) {
    it(`maps an "error" named like an Object member ("${error}") to invalid_response, not to that member`, () => {
      const body = { error };
      expect(String(errorFromResponse(answer(400, body), body).code)).to.equal('invalid_response');
    });
  }

  it('maps access_denied with pwless_reason signup_disabled to signup_disabled', () => {
    const body = { error: 'access_denied', pwless_reason: 'signup_disabled' };
    expect(errorFromResponse(answer(403, body), body).code).to.equal('signup_disabled');
  });

  it('maps any 429 to rate_limited and reads Retry-After', () => {
    const body = { error: 'too_many_requests' };
    const error = errorFromResponse(answer(429, body, { 'Retry-After': '17' }), body);
    expect(error).to.include({ code: 'rate_limited', retryAfter: 17 });
  });

  it('prefers retry_after in the body over the header', () => {
    const body = { error: 'slow_down', retry_after: 9 };
    expect(errorFromResponse(answer(429, body, { 'Retry-After': '30' }), body).retryAfter).to.equal(9);
  });

  it('carries attempts_remaining of a wrong code', () => {
    const body = { error: 'invalid_otp', attempts_remaining: 1 };
    expect(errorFromResponse(answer(400, body), body).attemptsRemaining).to.equal(1);
  });

  it('maps a 5xx without a JSON error to server_error', () => {
    expect(errorFromResponse(new Response('boom', { status: 502 }), undefined).code).to.equal('server_error');
  });

  it('maps a 4xx without a JSON error to invalid_response', () => {
    expect(errorFromResponse(new Response('?', { status: 404 }), undefined).code).to.equal('invalid_response');
  });

  it('maps a TypeError from fetch, where the SDK calls it, to network_error', async () => {
    const failed = networkFailures(Promise.reject(new TypeError('Failed to fetch')));
    expect(toPwlessError(await failed.catch((error: unknown) => error)).code).to.equal('network_error');
  });

  it('maps a lazy part of the SDK that cannot be downloaded to network_error', async () => {
    // A revoked object URL fails to download like a chunk on a dropped connection, without a request.
    const url = URL.createObjectURL(new Blob(['export {};'], { type: 'text/javascript' }));
    URL.revokeObjectURL(url);
    const missing = networkFailures(import(/* @vite-ignore */ url));
    expect(toPwlessError(await missing.catch((error: unknown) => error)).code).to.equal('network_error');
  });

  it('keeps a fetch that failed after the caller aborted an abort', async () => {
    const signal = AbortSignal.abort();
    const failed = networkFailures(Promise.reject(new TypeError('Failed to fetch')), signal);
    expect(toPwlessError(await failed.catch((error: unknown) => error), signal).code).to.equal('aborted');
  });

  it('maps a TypeError that did not come from fetch to invalid_response, not network_error', () => {
    expect(toPwlessError(new TypeError("Cannot read properties of undefined (reading 'issuer')")).code).to.equal('invalid_response');
  });

  it('maps an oauth4webapi argument error of the wrong type (ERR_INVALID_ARG_TYPE) to invalid_client', async () => {
    const error = await oauth.calculatePKCECodeChallenge(42 as unknown as string).catch((caught: unknown) => caught);
    expect(error).to.include({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
    expect(toPwlessError(error).code).to.equal('invalid_client');
  });

  it('maps an oauth4webapi argument error of a bad value (ERR_INVALID_ARG_VALUE) to invalid_client', async () => {
    const error = await oauth.calculatePKCECodeChallenge('').catch((caught: unknown) => caught);
    expect(error).to.include({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
    expect(toPwlessError(error).code).to.equal('invalid_client');
  });

  it('maps an AbortError and a TimeoutError to aborted', () => {
    expect(toPwlessError(new DOMException('stop', 'AbortError')).code).to.equal('aborted');
    expect(toPwlessError(new DOMException('late', 'TimeoutError')).code).to.equal('aborted');
  });

  it('maps any failure after the caller aborted to aborted', () => {
    const controller = new AbortController();
    controller.abort('user left');
    expect(toPwlessError('user left', controller.signal).code).to.equal('aborted');
  });

  it('maps an oauth4webapi ResponseBodyError by its error', async () => {
    const body = { error: 'invalid_grant', error_description: 'used' };
    const response = answer(400, body);
    const error = new oauth.ResponseBodyError('server responded with an error', { cause: body, response });
    expect(toPwlessError(error)).to.include({ code: 'session_expired', message: 'used' });
  });

  it('maps an authorization response error by its error', () => {
    const parameters = new URLSearchParams({ error: 'access_denied', error_description: 'the user said no' });
    const error = new oauth.AuthorizationResponseError('authorization response', { cause: parameters });
    expect(toPwlessError(error).code).to.equal('access_denied');
  });

  it('maps a failed oauth4webapi check to invalid_response', () => {
    const error = new oauth.OperationProcessingError('unexpected ID Token "nonce" claim value');
    expect(toPwlessError(error).code).to.equal('invalid_response');
  });

  it('keeps a PwlessError as it is', () => {
    const error = new PwlessError('state_mismatch', 'x');
    expect(toPwlessError(error)).to.equal(error);
  });

  it('maps anything else to invalid_response', () => {
    expect(toPwlessError(new Error('odd')).code).to.equal('invalid_response');
  });
});
