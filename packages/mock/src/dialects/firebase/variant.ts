import type { Variant } from '../variant.js';
import { firebaseHandlers } from './handlers.js';

/**
 * Firebase Authentication's email link sign-in: the Identity Toolkit and secure token REST calls
 * of the `firebase/auth` SDK, laid out as the Auth emulator serves them: under the base URL,
 * `/identitytoolkit.googleapis.com/v1/accounts:*` and `/securetoken.googleapis.com/v1/token`.
 * The SDK's `issuer` is the base URL followed by `/identitytoolkit.googleapis.com`.
 */
export const firebase: Variant = {
  defaultBaseUrl: 'https://firebase.pwless.test',
  // Email sign-in links stay valid for six hours (the `codeLifetime` of this variant).
  config: { codeLifetime: 6 * 3600 },
  handlers: firebaseHandlers,
};
