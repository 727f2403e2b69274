import type { Variant } from '../variant.js';
import { auth0Handlers } from './handlers.js';

/**
 * Auth0's Authentication API for a single-page application with the passwordless connections:
 * codes and magic links by email or SMS, completed through cross-origin authentication.
 * Auth0's defaults are the mock's: 6-digit codes valid 180 seconds, 3 tries.
 */
export const auth0: Variant = {
  defaultBaseUrl: 'https://auth0.pwless.test',
  handlers: auth0Handlers,
};
