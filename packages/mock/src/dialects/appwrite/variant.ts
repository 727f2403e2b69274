import type { Variant } from '../variant.js';
import { appwriteHandlers } from './handlers.js';

/** Appwrite's Account API (email OTP with security phrase, magic URL, cookie sessions, account JWT). */
export const appwrite: Variant = {
  defaultBaseUrl: 'https://appwrite.pwless.test/v1',
  // Appwrite's own: email OTP tokens live 15 minutes, magic URL tokens an hour (Auth::TOKEN_EXPIRATION_*).
  config: { codeLifetime: 900 },
  handlers: appwriteHandlers,
};
