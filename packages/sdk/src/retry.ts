import type { PwlessError } from './errors.js';

/** Delays before the second and third try; a little jitter keeps many tabs from retrying in step. */
const backoff = [300, 1200];

/**
 * The `fetch` of discovery: retried after network errors and 5xx answers. Discovery is a GET that
 * no caller can abort (callers stop only their own wait), so the retries need no method or signal checks.
 * Never wrap a POST in it: a POST may carry a code, and a code is never replayed.
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
