import type { Variant } from '../variant.js';
import { stytchHandlers } from './handlers.js';

/** Stytch's frontend SDK API of a consumer project (email OTP, email magic links with PKCE, sessions). */
export const stytch: Variant = {
  defaultBaseUrl: 'https://stytch.pwless.test',
  // Stytch's own: email OTPs live 2 minutes unless the call asks for more.
  config: { codeLifetime: 120 },
  handlers: stytchHandlers,
};
