import type { Variant } from '../variant.js';
import { kratosHandlers } from './handlers.js';

/** Ory Kratos' public API for browser flows with the `code` method (`passwordless_enabled: true`). */
export const kratos: Variant = {
  defaultBaseUrl: 'https://kratos.pwless.test',
  // Kratos' own defaults: codes live 15 minutes (`lifespan`), 5 submissions per code
  // (`max_submissions`), a login or registration flow one hour.
  config: { codeLifetime: 900, maxAttempts: 5, sessionLifetime: 3600 },
  handlers: kratosHandlers,
};
