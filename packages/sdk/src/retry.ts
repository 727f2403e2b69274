/** Waits `milliseconds`, or rejects as soon as `signal` aborts. */
function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    function onAbort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Delays before the second and third try; a little jitter keeps many tabs from retrying in step. */
const backoff = [300, 1200];

/**
 * A `fetch` that retries GET requests (discovery, JWKS) after network errors and 5xx answers.
 * Only idempotent reads are retried: a POST may carry a code, and a code is never replayed.
 */
export function retryingFetch(fetchFunction: typeof fetch, delays: readonly number[] = backoff): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method !== 'GET') return fetchFunction(input, init);
    const signal = init?.signal ?? undefined;
    for (let attempt = 0; ; attempt += 1) {
      const last = attempt >= delays.length;
      try {
        const response = await fetchFunction(input, init);
        if (response.status < 500 || last) return response;
      } catch (error) {
        if (last || !(error instanceof TypeError)) throw error;
      }
      await sleep(delays[attempt]! * (1 + Math.random() * 0.25), signal);
    }
  };
}
