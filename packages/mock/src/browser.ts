import { setupWorker } from 'msw/browser';
import { defaultConfig } from './config.js';
import { handlers } from './handlers.js';
import { indexedDbStore } from './idb-store.js';
import { createProvider, type MockOptions } from './provider.js';
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
  const provider = createProvider({
    ...options,
    store: options.store ?? indexedDbStore(() => emptyState({ ...defaultConfig, ...options.config })),
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
