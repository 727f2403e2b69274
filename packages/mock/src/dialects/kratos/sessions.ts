import type { Context } from '../../context.js';
import { constantTimeEqual, hashSecret, randomToken } from '../../crypto.js';
import { signJwt } from '../../keys.js';
import type { User } from '../../state.js';
import { stop, type VariantAnswer, type VariantRequest } from '../variant.js';
import { cookie } from './csrf.js';
import { errors, kratosError } from './errors.js';
import { sessionModel } from './models.js';
import { wantsJson } from './negotiation.js';
import { kratosState, type KratosSession } from './state.js';
import { defaultReturnTo, readReturnTo } from './urls.js';

/** Kratos' default session lifespan (`session.lifespan`): 24 hours. */
export const sessionLifespan = 24 * 3600;
/** How long a tokenized session lives (a tokenizer template's `ttl`, default one minute). */
const tokenizedLifespan = 60;
export const sessionCookieName = 'ory_kratos_session';

/** The session of the request: the `ory_kratos_session` cookie, or `X-Session-Token`. */
export async function currentSession(context: Context, request: Request, cookies: Record<string, string>): Promise<KratosSession | undefined> {
  const token = request.headers.get('x-session-token') ?? cookies[sessionCookieName];
  if (!token) return undefined;
  const hash = await hashSecret(token);
  const session = Object.values(kratosState(context).sessions).find((candidate) => constantTimeEqual(candidate.tokenHash, hash));
  return session && session.expiresAt > context.now ? session : undefined;
}

/** A new session for the identity (its address counts as verified from now). */
export async function startSession(context: Context, user: User): Promise<{ session: KratosSession; token: string }> {
  const token = randomToken();
  const session: KratosSession = {
    id: crypto.randomUUID(),
    tokenHash: await hashSecret(token),
    identityId: user.sub,
    issuedAt: context.now,
    authenticatedAt: context.now,
    expiresAt: context.now + sessionLifespan * 1000,
  };
  kratosState(context).sessions[session.id] = session;
  kratosState(context).verifiedAt[user.sub] ??= context.now;
  return { session, token };
}

/** GET /sessions/whoami, with `tokenize_as` for a JWT of the session (signed with the mock's ES256 key). */
export async function whoami(context: Context, { request, cookies }: VariantRequest): Promise<VariantAnswer> {
  const session = await currentSession(context, request, cookies);
  if (!session) stop(kratosError(errors.noActiveSession()));
  const template = new URL(request.url).searchParams.get('tokenize_as');
  const body: Record<string, unknown> = sessionModel(context, session);
  if (template !== null) {
    if (!/^[\w-]{1,64}$/.test(template)) stop(kratosError(errors.badRequest(`Unable to find tokenizer template "${template}".`)));
    const now = Math.floor(context.now / 1000);
    const user = context.state.users[session.identityId];
    body.tokenized = await signJwt(context.state, {
      iss: context.issuer,
      sub: session.identityId,
      sid: session.id,
      iat: now,
      nbf: now,
      exp: now + tokenizedLifespan,
      jti: crypto.randomUUID(),
      session: { identity: { traits: { email: user?.email ?? '' } } },
    });
  }
  return { status: 200, body, headers: { 'X-Kratos-Authenticated-Identity-Id': session.identityId } };
}

/** GET /self-service/logout/browser: a logout URL and token for the session of this browser. */
export async function createLogoutFlow(context: Context, { request, cookies }: VariantRequest): Promise<VariantAnswer> {
  const session = await currentSession(context, request, cookies);
  if (!session) stop(kratosError(errors.noActiveSession()));
  const returnTo = readReturnTo(context, new URL(request.url));
  const token = randomToken();
  session.logoutTokenHash = await hashSecret(token);
  const url = new URL(`${context.issuer}/self-service/logout`);
  url.searchParams.set('token', token);
  if (returnTo) url.searchParams.set('return_to', returnTo);
  return { status: 200, body: { logout_url: url.href, logout_token: token } };
}

/** GET /self-service/logout?token=: ends the session; 204 for JSON clients, else a 303 to `return_to`. */
export async function logout(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const url = new URL(request.url);
  const token = url.searchParams.get('token');
  const hash = token ? await hashSecret(token) : undefined;
  const state = kratosState(context);
  const session = hash === undefined ? undefined : Object.values(state.sessions).find((candidate) => candidate.logoutTokenHash !== undefined && constantTimeEqual(candidate.logoutTokenHash, hash));
  if (!session) stop(kratosError({ code: 401, status: 'Unauthorized', reason: 'No active session was found for this logout token.', message: 'The request could not be authorized' }));
  delete state.sessions[session.id];
  const cookies = [cookie(context, sessionCookieName, '', 0)];
  if (wantsJson(request)) return { status: 204, body: null, cookies };
  return { status: 303, body: null, headers: { Location: readReturnTo(context, url) ?? defaultReturnTo(context) }, cookies };
}
