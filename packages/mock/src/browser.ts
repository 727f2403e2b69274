import { setupWorker } from 'msw/browser';
import { handlers } from './handlers.js';
import { indexedDbStore } from './idb-store.js';
import { createProvider, startingConfig, type MockOptions } from './provider.js';
import { emptyState } from './state.js';

export interface BrowserMockOptions extends MockOptions {
  /** URL of msw's `mockServiceWorker.js`. Default `/mockServiceWorker.js`. */
  serviceWorkerUrl?: string;
}

/**
 * Starts the mock provider in this page through msw's service worker. State lives in IndexedDB,
 * so every tab and every reload sees the same server.
 */
export async function startMock(options: BrowserMockOptions = {}) {
  // Each vendor dialect keeps its own server state, so switching backends starts each from its defaults.
  const databaseName = options.dialect === undefined || options.dialect === 'pwless' ? 'pwless-mock' : `pwless-mock-${options.dialect}`;
  const provider = createProvider({
    ...options,
    store: options.store ?? indexedDbStore(() => emptyState(startingConfig(options)), databaseName),
  });
  const worker = setupWorker(...handlers(provider));
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  return { provider, worker, issuer: provider.issuer };
}

export { indexedDbStore };
