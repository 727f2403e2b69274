import { getResponse } from 'msw';
import { handlers, type MockOptions } from '@pwless/mock';

/**
 * A `fetch` answered by the mock provider's msw handlers, without a service worker:
 * each test gets its own server in memory.
 */
export function mockFetch(options: MockOptions = {}): typeof fetch {
  const requestHandlers = handlers(options);
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await getResponse(requestHandlers, request);
    if (!response) throw new TypeError(`no mock answers ${request.method} ${request.url}`);
    if (response.type === 'error') throw new TypeError('Failed to fetch');
    return response;
  };
}

/** The newest code the mock sent to `to`. */
export async function latestCode(fetchFunction: typeof fetch, to: string, issuer = 'https://id.pwless.test'): Promise<string> {
  const inbox = (await (await fetchFunction(`${issuer}/_mock/inbox`)).json()) as { to: string; code?: string }[];
  const message = inbox.filter((entry) => entry.to === to).at(-1);
  if (!message?.code) throw new Error(`no code was sent to ${to}`);
  return message.code;
}
