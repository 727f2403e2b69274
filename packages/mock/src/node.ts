import { setupServer } from 'msw/node';
import { handlers } from './handlers.js';
import { createProvider, type MockOptions } from './provider.js';

/** Starts the mock provider inside this Node process: `fetch` to the issuer is answered by it. */
export function startMockServer(options: MockOptions = {}) {
  const provider = createProvider(options);
  const server = setupServer(...handlers(provider));
  server.listen({ onUnhandledRequest: 'bypass' });
  return { provider, server, issuer: provider.issuer, close: () => server.close() };
}

export { startHttpServer, type HttpServer, type HttpServerOptions } from './server.js';
