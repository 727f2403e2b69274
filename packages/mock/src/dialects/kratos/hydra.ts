import type { Context } from '../../context.js';
import { hashSecret, randomToken } from '../../crypto.js';
import type { VariantAnswer, VariantRequest } from '../variant.js';
import { wantsJson } from './negotiation.js';
import { kratosState, type KratosFlow, type KratosSession } from './state.js';

/** The Hydra login this session accepts: a one-time verifier on the simulated Hydra's `/oauth2/auth`. */
export async function acceptHydraLogin(context: Context, flow: KratosFlow, session: KratosSession): Promise<string> {
  const verifier = randomToken();
  kratosState(context).loginVerifiers[await hashSecret(verifier)] = {
    challenge: flow.oauth2LoginChallenge!,
    subject: session.identityId,
    sessionId: session.id,
    expiresAt: context.now + 600_000,
  };
  return `${context.issuer}/oauth2/auth?login_verifier=${verifier}`;
}

/**
 * GET /oauth2/auth?login_verifier=: the simulated Ory Hydra where a login with `login_challenge`
 * continues. Real Hydra would now ask for consent and return to the OAuth client with a code; the
 * mock shows which login it accepted (JSON for JSON clients), once per verifier.
 */
export async function hydraLoginVerifier(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const verifier = new URL(request.url).searchParams.get('login_verifier');
  const state = kratosState(context);
  const hash = verifier ? await hashSecret(verifier) : undefined;
  const accepted = hash !== undefined && Object.hasOwn(state.loginVerifiers, hash) ? state.loginVerifiers[hash] : undefined;
  if (!accepted || accepted.expiresAt <= context.now) {
    return { status: 403, body: { error: 'request_forbidden', error_description: 'The login verifier has already been used, has not been granted, or is invalid.' } };
  }
  delete state.loginVerifiers[hash!];
  const login = { login_challenge: accepted.challenge, subject: accepted.subject, session_id: accepted.sessionId, amr: ['code'] };
  if (wantsJson(request)) return { status: 200, body: login };
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Login accepted</title><main><h1>Login accepted</h1><p>Ory Hydra (simulated by pwless-mock) accepted the login of <code>${escape(accepted.subject)}</code> for the challenge <code>${escape(accepted.challenge)}</code>. A real Hydra would now ask for consent and return to the OAuth client.</p></main></html>`;
  return { status: 200, body: page, headers: { 'Content-Type': 'text/html; charset=utf-8' } };
}
