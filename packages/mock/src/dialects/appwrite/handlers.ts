import { jwtVerify, SignJWT } from 'jose';
import type { Context } from '../../context.js';
import { constantTimeEqual, hashSecret, randomDigits, randomToken } from '../../crypto.js';
import { pickLocale, randomPhrase } from '../../messages.js';
import type { User } from '../../state.js';
import { findUser } from '../../users.js';
import { sendSignInEmail, takeSend } from '../messages.js';
import { variantRouter, type VariantAnswer, type VariantOptions, type VariantRequest } from '../variant.js';
import { appwriteCors, sendsFallbackCookies } from './cors.js';
import { appwriteError, fail } from './errors.js';
import { iso, sessionModel, tokenModel, userModel } from './models.js';
import { readEmail, readParams, readPhrase, readUserId, requiredString } from './params.js';
import { appwriteState, jwtKey, uniqueId, type AppwriteState, type Session } from './state.js';

const hour = 3600_000;
/** Auth::TOKEN_EXPIRATION_CONFIRM: a magic URL stays valid one hour. */
const magicUrlLifetime = 3600;
/** Auth::TOKEN_EXPIRATION_LOGIN_LONG: the default session length, one year. */
const sessionLifetime = 365 * 24 * 3600;
/** Abuse limits of the Account routes, per hour (their `abuse-limit` labels). */
const limits = { magicUrl: 60, session: 10, jwt: 100 };

/** The project named by `X-Appwrite-Project` (a registered client); every Account call needs one. */
function requireProject(context: Context, request: Request): string {
  const project = request.headers.get('x-appwrite-project') ?? new URL(request.url).searchParams.get('project');
  if (!project || !context.clients.some((client) => client.clientId === project)) fail('project_not_found');
  const origin = request.headers.get('origin');
  const client = context.clients.find((candidate) => candidate.clientId === project)!;
  if (origin !== null && request.method !== 'GET' && !appwriteCors.originAllowed(client, origin)) {
    const host = URL.canParse(origin) ? new URL(origin).host : origin;
    fail('general_unknown_origin', `Invalid Origin. Register your new client (${host}) as a new Web platform on your project console dashboard`);
  }
  return project;
}

/**
 * Appwrite's abuse limit: every request with the same key counts for an hour, failed ones too.
 * Past the limit: 429 `general_rate_limit_exceeded` with the `X-RateLimit-*` headers.
 */
function checkAbuse(context: Context, key: string, limit: number): void {
  const { abuse } = appwriteState(context);
  const recent = (abuse[key] ?? []).filter((time) => time > context.now - hour);
  const reset = String(Math.ceil(((recent[0] ?? context.now) + hour) / 1000));
  if (recent.length >= limit) {
    abuse[key] = recent;
    fail('general_rate_limit_exceeded', undefined, { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset });
  }
  abuse[key] = [...recent, context.now];
}

/** The account of an address, created with the given ID (or a fresh one for `unique()`) when new. */
function findOrCreateUser(context: Context, userId: string, email: string): User {
  const existing = findUser(context.state, { identifier: email, channel: 'email' });
  if (existing) return existing;
  if (!context.state.config.signupsOpen) fail('user_count_exceeded');
  const id = userId === 'unique()' ? uniqueId() : userId;
  if (Object.hasOwn(context.state.users, id)) fail('user_already_exists');
  const user: User = { sub: id, email, createdAt: context.now };
  context.state.users[id] = user;
  return user;
}

async function createToken(context: Context, user: User, type: 'email' | 'magic-url', secret: string, lifetime: number) {
  const state = appwriteState(context);
  for (const [id, token] of Object.entries(state.tokens)) if (token.expiresAt <= context.now) delete state.tokens[id];
  const id = uniqueId();
  const token = { id, userId: user.sub, type, secretHash: await hashSecret(secret, id), createdAt: context.now, expiresAt: context.now + lifetime * 1000 };
  state.tokens[id] = token;
  return token;
}

/** POST /account/tokens/email: a 6-digit (`codeLength`) OTP by email, optionally with a security phrase. */
async function createEmailToken(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  requireProject(context, request);
  const params = await readParams(request);
  const userId = readUserId(params);
  const email = readEmail(params);
  const phrase = readPhrase(params) ? randomPhrase() : undefined;
  const waitSeconds = takeSend(context, email);
  if (waitSeconds > 0) {
    const reset = String(Math.ceil(context.now / 1000) + waitSeconds);
    fail('general_rate_limit_exceeded', undefined, { 'X-RateLimit-Limit': String(context.state.config.sendsPerHour), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset });
  }
  const user = findOrCreateUser(context, userId, email);
  const { codeLength, codeLifetime } = context.state.config;
  const code = randomDigits(codeLength);
  const token = await createToken(context, user, 'email', code, codeLifetime);
  sendSignInEmail(context, { to: email, locale: pickLocale(request.headers.get('x-appwrite-locale')), code, lifetime: codeLifetime, ...(phrase ? { phrase } : {}) });
  return { status: 201, body: tokenModel(token, phrase) };
}

/** POST /account/tokens/magic-url: a link to `url` (a registered platform) with `userId` and `secret`. */
async function createMagicUrlToken(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const project = requireProject(context, request);
  const params = await readParams(request);
  const userId = readUserId(params);
  const email = readEmail(params);
  const phrase = readPhrase(params) ? randomPhrase() : undefined;
  const client = context.clients.find((candidate) => candidate.clientId === project)!;
  const url = typeof params.url === 'string' && params.url !== '' ? params.url : undefined;
  if (url !== undefined && !appwriteCors.urlAllowed(client, url)) {
    fail('general_argument_invalid', `Invalid \`url\` param: URL host must be one of: ${appwriteCors.platformHosts(client).join(', ')}`);
  }
  checkAbuse(context, `magic-url:email:${email}`, limits.magicUrl);
  const user = findOrCreateUser(context, userId, email);
  const secret = randomToken(48);
  const token = await createToken(context, user, 'magic-url', secret, magicUrlLifetime);
  const link = new URL(url ?? `${context.issuer}/auth/magic-url`);
  link.searchParams.set('userId', user.sub);
  link.searchParams.set('secret', secret);
  link.searchParams.set('expire', iso(token.expiresAt));
  link.searchParams.set('project', project);
  sendSignInEmail(context, { to: email, locale: pickLocale(request.headers.get('x-appwrite-locale')), code: '', link: link.href, lifetime: magicUrlLifetime, ...(phrase ? { phrase } : {}) });
  return { status: 201, body: tokenModel(token, phrase) };
}

function encodeSession(userId: string, secret: string): string {
  return btoa(JSON.stringify({ id: userId, secret }));
}

function cookieName(project: string): string {
  return `a_session_${project}`;
}

function sessionCookie(context: Context, project: string, value: string, expiresAt: number): string {
  const secure = new URL(context.issuer).protocol === 'https:';
  // SameSite=None lets the app's origin send it cross-site, as Appwrite's does (it must then be Secure).
  return `${cookieName(project)}=${value}; Expires=${new Date(expiresAt).toUTCString()}; Path=/; HttpOnly${secure ? '; Secure; SameSite=None' : '; SameSite=Lax'}`;
}

/** The session the request carries: the cookie, the SDK's `X-Fallback-Cookies`, `X-Appwrite-Session`, or an account JWT. */
async function currentSession(context: Context, request: Request, cookies: Record<string, string>, project: string): Promise<Session | undefined> {
  const state = appwriteState(context);
  const jwt = request.headers.get('x-appwrite-jwt');
  if (jwt) {
    try {
      const { payload } = await jwtVerify(jwt, jwtKey(state), { currentDate: new Date(context.now) });
      const session = typeof payload.sessionId === 'string' && Object.hasOwn(state.sessions, payload.sessionId) ? state.sessions[payload.sessionId] : undefined;
      return session && session.expiresAt > context.now ? session : undefined;
    } catch {
      return fail('user_jwt_invalid');
    }
  }
  let encoded: string | undefined = request.headers.get('x-appwrite-session') ?? cookies[cookieName(project)];
  const fallback = request.headers.get('x-fallback-cookies');
  if (!encoded && fallback) {
    try {
      const parsed: unknown = JSON.parse(fallback);
      if (typeof parsed === 'object' && parsed !== null) {
        const value = (parsed as Record<string, unknown>)[cookieName(project)];
        if (typeof value === 'string') encoded = value;
      }
    } catch {
      // An unreadable fallback is no session.
    }
  }
  if (!encoded) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(atob(decodeURIComponent(encoded)));
  } catch {
    return undefined;
  }
  const { id, secret } = (decoded ?? {}) as { id?: unknown; secret?: unknown };
  if (typeof id !== 'string' || typeof secret !== 'string') return undefined;
  for (const session of Object.values(state.sessions)) {
    if (session.userId !== id || session.expiresAt <= context.now) continue;
    if (constantTimeEqual(await hashSecret(secret, session.id), session.secretHash)) return session;
  }
  return undefined;
}

/** POST /account/sessions/token: trades `userId` + `secret` (OTP or magic URL secret) for a session cookie. */
async function createSession(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const project = requireProject(context, request);
  const params = await readParams(request);
  const userId = readUserId(params);
  const secret = requiredString(params, 'secret');
  // The abuse key is the IP and the user: every try counts, right or wrong.
  checkAbuse(context, `session:${userId}`, limits.session);
  const state = appwriteState(context);
  const user = Object.hasOwn(context.state.users, userId) ? context.state.users[userId] : undefined;
  if (!user) fail('user_invalid_token');
  let verified: AppwriteState['tokens'][string] | undefined;
  for (const token of Object.values(state.tokens)) {
    if (token.userId !== userId || token.expiresAt <= context.now) continue;
    if (constantTimeEqual(await hashSecret(secret.trim(), token.id), token.secretHash)) verified = token;
  }
  if (!verified) fail('user_invalid_token');
  // A token signs in once.
  delete state.tokens[verified.id];
  if (verified.type === 'magic-url') state.verified[userId] = true;
  const sessionSecret = randomToken(64);
  const id = uniqueId();
  const session: Session = { id, userId, provider: verified.type, secretHash: await hashSecret(sessionSecret, id), createdAt: context.now, expiresAt: context.now + sessionLifetime * 1000 };
  state.sessions[id] = session;
  const encoded = encodeSession(userId, sessionSecret);
  const headers: Record<string, string> = {};
  if (sendsFallbackCookies(context.issuer, request)) headers['X-Fallback-Cookies'] = JSON.stringify({ [cookieName(project)]: encoded });
  return { status: 201, body: sessionModel(session, true), headers, cookies: [sessionCookie(context, project, encoded, session.expiresAt)] };
}

async function requireSession(context: Context, input: VariantRequest): Promise<{ project: string; session: Session; user: User }> {
  const project = requireProject(context, input.request);
  const session = await currentSession(context, input.request, input.cookies, project);
  const user = session && Object.hasOwn(context.state.users, session.userId) ? context.state.users[session.userId] : undefined;
  if (!session || !user) fail('general_unauthorized_scope', 'User (role: guests) missing scopes (["account"])');
  return { project, session, user };
}

/** GET /account: the signed-in user. */
async function getAccount(context: Context, input: VariantRequest): Promise<VariantAnswer> {
  const { user } = await requireSession(context, input);
  return { status: 200, body: userModel(user, appwriteState(context).verified[user.sub] === true, context.now) };
}

/** POST /account/jwts: a short JWT (15 minutes, or `duration` seconds up to an hour) for the app's own server. */
async function createJwt(context: Context, input: VariantRequest): Promise<VariantAnswer> {
  const { session, user } = await requireSession(context, input);
  const params = await readParams(input.request);
  const duration = params.duration ?? 900;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 0 || duration > 3600) {
    fail('general_argument_invalid', 'Invalid `duration` param: Value must be a valid range between 0 and 3,600');
  }
  checkAbuse(context, `jwt:${user.sub}`, limits.jwt);
  const issuedAt = Math.floor(context.now / 1000);
  const jwt = await new SignJWT({ userId: user.sub, sessionId: session.id })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + duration)
    .sign(jwtKey(appwriteState(context)));
  return { status: 201, body: { jwt } };
}

/** GET /account/sessions/:sessionId (`current` for this one). */
async function getSession(context: Context, input: VariantRequest): Promise<VariantAnswer> {
  const { session, user } = await requireSession(context, input);
  const id = input.params.sessionId === 'current' ? session.id : input.params.sessionId;
  const state = appwriteState(context);
  const found = id !== undefined && Object.hasOwn(state.sessions, id) ? state.sessions[id] : undefined;
  if (!found || found.userId !== user.sub) fail('user_session_not_found');
  return { status: 200, body: sessionModel(found, found.id === session.id) };
}

/** DELETE /account/sessions/:sessionId (`current` for this one): signs out; the cookie is cleared. */
async function deleteSession(context: Context, input: VariantRequest): Promise<VariantAnswer> {
  const { project, session, user } = await requireSession(context, input);
  const id = input.params.sessionId === 'current' ? session.id : input.params.sessionId;
  const state = appwriteState(context);
  const found = id !== undefined && Object.hasOwn(state.sessions, id) ? state.sessions[id] : undefined;
  if (!found || found.userId !== user.sub) fail('user_session_not_found');
  delete state.sessions[found.id];
  const headers: Record<string, string> = {};
  if (found.id === session.id && sendsFallbackCookies(context.issuer, input.request)) headers['X-Fallback-Cookies'] = '[]';
  const cookies = found.id === session.id ? [sessionCookie(context, project, '', 0)] : [];
  return { status: 204, body: null, headers, cookies };
}

export function appwriteHandlers(options: VariantOptions) {
  const router = variantRouter(options, {
    cors: (request) => appwriteCors.headers(options.clients, request),
    unavailable: () => appwriteError('general_server_error', 'Server Error'),
    notFound: () => appwriteError('general_route_not_found'),
  });
  router.route('post', '/account/tokens/email', createEmailToken);
  router.route('post', '/account/tokens/magic-url', createMagicUrlToken);
  router.route('post', '/account/sessions/token', createSession);
  // The older name of the same call (the SDK's deprecated updateMagicURLSession).
  router.route('put', '/account/sessions/magic-url', createSession);
  router.route('get', '/account', getAccount);
  router.route('post', '/account/jwts', createJwt);
  router.route('get', '/account/sessions/:sessionId', getSession);
  router.route('delete', '/account/sessions/:sessionId', deleteSession);
  return router.finish();
}
