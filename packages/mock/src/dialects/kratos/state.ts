import type { Context } from '../../context.js';
import { variantState } from '../variant.js';
import type { UiText } from './ui.js';

export type FlowKind = 'login' | 'registration';

/** A browser login or registration flow of the `code` method. */
export interface KratosFlow {
  id: string;
  kind: FlowKind;
  issuedAt: number;
  expiresAt: number;
  requestUrl: string;
  returnTo?: string;
  /** Set from `login_challenge`: the flow signs in for Ory Hydra. */
  oauth2LoginChallenge?: string;
  /** A re-authentication (`refresh=true`, or a login challenge Hydra does not skip): allowed with a session, for its identity only. */
  refresh: boolean;
  state: 'choose_method' | 'sent_email' | 'passed_challenge';
  /** SHA-256 of the anti-CSRF cookie's token the flow was made for. */
  csrfHash: string;
  /** The address the code went to, as the flow keeps it. */
  address?: string;
  /** SHA-256 (salted with the flow id) of the latest code; a resend forgets older ones. */
  codeHash?: string;
  codeExpiresAt?: number;
  /** Code submissions of this flow, right or wrong (Kratos' `max_submissions`). */
  submitCount: number;
  /** Messages of the flow (`ui.messages`) and of single fields, by field name. */
  messages: UiText[];
  fieldMessages: Record<string, UiText[]>;
  /** The language of the messages this flow sends (the `Accept-Language` it was made with). */
  locale: string;
}

export interface KratosSession {
  id: string;
  /** SHA-256 of the token in the `ory_kratos_session` cookie (or `X-Session-Token`). */
  tokenHash: string;
  identityId: string;
  issuedAt: number;
  authenticatedAt: number;
  expiresAt: number;
  /** SHA-256 of the logout token handed out by `/self-service/logout/browser`. */
  logoutTokenHash?: string;
}

/** What the Kratos variant remembers besides the shared users and inbox. */
export interface KratosState {
  flows: Record<string, KratosFlow>;
  sessions: Record<string, KratosSession>;
  /** When each identity's email address was verified (by a code sign-in), by identity id. */
  verifiedAt: Record<string, number>;
  /** The simulated Ory Hydra's login verifiers, by SHA-256: the login it accepted. */
  loginVerifiers: Record<string, { challenge: string; subject: string; sessionId: string; expiresAt: number }>;
}

export function kratosState(context: Context): KratosState {
  return variantState(context.state, 'kratos', () => ({ flows: {}, sessions: {}, verifiedAt: {}, loginVerifiers: {} }));
}

/** Drops flows, sessions and verifiers that ended, so the state stays small. */
export function forgetEnded(context: Context): void {
  const state = kratosState(context);
  // Expired flows are kept an hour longer: their 410 names a replacement flow.
  for (const [id, flow] of Object.entries(state.flows)) if (flow.expiresAt + 3600_000 <= context.now) delete state.flows[id];
  for (const [id, session] of Object.entries(state.sessions)) if (session.expiresAt <= context.now) delete state.sessions[id];
  for (const [id, verifier] of Object.entries(state.loginVerifiers)) if (verifier.expiresAt <= context.now) delete state.loginVerifiers[id];
}
