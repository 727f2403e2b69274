import type { PwlessError } from './errors.js';

/** Delays before the second and third try; a little jitter keeps many tabs from retrying in step. */
const backoff = [300, 1200];

/**
 * The `fetch` of discovery and of the token request: retried after network errors and 5xx answers.
 * Discovery is a GET that no caller can abort (callers stop only their own wait); an aborted token
 * request rejects with an AbortError, which is not retried. The token request carries an
 * authorization code bound to this page's PKCE verifier: once the one-time code is spent, a 503 or
 * a lost connection would otherwise end the sign-in, and a provider that did take the code refuses
 * it the second time (invalid_grant). Never wrap a challenge POST in it: a one-time code is never
 * sent twice.
 */
export function retryingFetch(fetchFunction: typeof fetch, delays: readonly number[] = backoff): typeof fetch {
  return async (input, init) => {
    for (let attempt = 0; ; attempt += 1) {
      const last = attempt >= delays.length;
      try {
        const response = await fetchFunction(input, init);
        if (response.status < 500 || last) return response;
      } catch (error) {
        if (last || (error as PwlessError | undefined)?.code !== 'network_error') throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]! * (1 + Math.random() / 4)));
    }
  };
}
