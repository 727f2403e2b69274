import type { HttpHandler } from 'msw';
import { createProvider, type MockOptions, type MockProvider } from './provider.js';

/**
 * msw request handlers for a complete offline passwordless OpenID provider at `options.issuer`,
 * or, with `dialect`, for a mock of that vendor's API at its base URL.
 * The same handlers serve the browser (service worker), Node (`setupServer`) and `getResponse`.
 */
export function handlers(options: MockOptions | MockProvider = {}): HttpHandler[] {
  const provider = 'handle' in options ? options : createProvider(options);
  return [...provider.handlers];
}
