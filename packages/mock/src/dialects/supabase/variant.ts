import type { Variant } from '../variant.js';
import { supabaseHandlers } from './handlers.js';

/** Supabase Auth (GoTrue) under a project URL's `/auth/v1`: email OTP and magic links (PKCE), JWT sessions with rotating refresh tokens. */
export const supabase: Variant = {
  defaultBaseUrl: 'https://supabase.pwless.test',
  // GoTrue's own defaults: MAILER_OTP_EXP 3600 s, SMTP_MAX_FREQUENCY 60 s, JWT_EXP 3600 s.
  config: { codeLifetime: 3600, resendAfter: 60, accessTokenLifetime: 3600 },
  handlers: supabaseHandlers,
};
