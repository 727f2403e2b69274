import { handleRequest } from 'msw';
import { handlers, type MockOptions } from '@pwless/mock';

const quietEmitter = { emit: () => false } as unknown as Parameters<typeof handleRequest>[4];

/**
 * A `fetch` answered by a vendor variant's msw handlers, the way msw's service worker answers a
 * page: cookies the variant sets (Kratos' anti-CSRF and session cookies) are kept in msw's cookie
 * store and sent with later requests to the same base URL, as a browser would. That store is shared
 * by the whole page: give each test its own `issuer` to start without cookies.
 */
export function vendorFetch(options: MockOptions): typeof fetch {
  const requestHandlers = handlers(options);
  return async (input, init) => {
    const request = new Request(input, { credentials: 'include', ...init });
    const response = await handleRequest(request, crypto.randomUUID(), requestHandlers, { onUnhandledRequest: 'error' }, quietEmitter);
    if (!response) throw new TypeError(`no mock answers ${request.method} ${request.url}`);
    if (response.type === 'error') throw new TypeError('Failed to fetch');
    return response;
  };
}
