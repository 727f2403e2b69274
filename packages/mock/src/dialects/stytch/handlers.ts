import { SignJWT } from 'jose';
import { isLoopbackOrigin, originAllowed, uriRegistered } from '../../clients.js';
import type { MockClient } from '../../config.js';
import type { Context } from '../../context.js';
import { constantTimeEqual, hashSecret, randomDigits, randomToken, verifyPkce } from '../../crypto.js';
import { pickLocale } from '../../messages.js';
import type { User } from '../../state.js';
import { findUser } from '../../users.js';
import { sendSignInEmail, takeSend } from '../messages.js';
import { readBodyText, variantRouter, type VariantAnswer, type VariantOptions, type VariantRequest } from '../variant.js';
import { fail, stytchError, success } from './errors.js';
import { jwtKey, stytchState, testId, type StytchSecret, type StytchSession } from './state.js';

/** A session JWT lives five minutes; `sessions.authenticate` gives a fresh one. */
const jwtLifetime = 300;
/** The frontend SDK's default session length (`DEFAULT_SESSION_DURATION_MINUTES`). */
const defaultSessionMinutes = 30;
/** Magic links: 60 minutes unless `login_expiration_minutes` says otherwise (5 to 10080). */
const linkMinutes = { default: 60, min: 5, max: 10_080 };
/** Email OTPs: `expiration_minutes` from 1 to 10; without it the project's lifetime (`codeLifetime`, Stytch's 2 minutes). */
const otpMinutes = { min: 1, max: 10 };
/** Authenticate calls per public token and address or method per minute. */
const authenticatePerMinute = 20;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Request headers the frontend SDK sends. */
const allowHeaders = 'Authorization, Content-Type, X-SDK-Client, X-SDK-Parent-Host';

function cors(clients: readonly MockClient[], request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  if (!origin || !clients.some((client) => originAllowed(client, origin))) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
    'Access-Control-Allow-Headers': allowHeaders,
    Vary: 'Origin',
  };
}

interface Credentials {
  client: MockClient;
  /** The session token, when the password half of Basic auth is one (not the public token again). */
  sessionToken?: string;
}

/**
 * The frontend SDK's Basic auth: `public_token:session_token`, or `public_token:public_token` when
 * nobody is signed in. The page's origin must be an authorized application of the project.
 */
function credentials(context: Context, request: Request): Credentials {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  let decoded = '';
  try {
    decoded = match ? atob(match[1]!) : '';
  } catch {
    decoded = '';
  }
  const colon = decoded.indexOf(':');
  const publicToken = colon > 0 ? decoded.slice(0, colon) : '';
  const secret = colon > 0 ? decoded.slice(colon + 1) : '';
  const client = context.clients.find((candidate) => candidate.clientId === publicToken);
  if (!client) fail('unauthorized_credentials');
  const origin = request.headers.get('origin');
  if (origin !== null && !originAllowed(client, origin)) fail('bad_domain_for_stytch_sdk');
  return { client, ...(secret && secret !== publicToken ? { sessionToken: secret } : {}) };
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request);
  if (text === undefined) fail('invalid_request');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail('invalid_request');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail('invalid_request');
  return parsed as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') fail('invalid_request');
  return value;
}

function minutes(body: Record<string, unknown>, name: string, range: { default: number; min: number; max: number }): number {
  const value = body[name];
  if (value === undefined || value === null) return range.default;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) fail('invalid_request');
  return value;
}

function readEmail(body: Record<string, unknown>): string {
  const email = optionalString(body, 'email');
  if (!email || !emailPattern.test(email)) fail('invalid_email');
  return email;
}

/** Stytch's per-minute limit of a key: past it, 429 `too_many_requests`. */
function limit(context: Context, key: string, perMinute: number): void {
  const { requests } = stytchState(context);
  const recent = (requests[key] ?? []).filter((time) => time > context.now - 60_000);
  requests[key] = [...recent, context.now];
  if (recent.length >= perMinute) fail('too_many_requests', { 'Retry-After': String(Math.max(1, Math.ceil((recent[0]! + 60_000 - context.now) / 1000))) });
}

/** The hourly send limit of an address, shared with the pwless provider (`sendsPerHour`). */
function limitSends(context: Context, email: string): void {
  const wait = takeSend(context, email.toLowerCase());
  if (wait > 0) fail('too_many_requests', { 'Retry-After': String(wait) });
}

/** The user of an address (`login_or_create`: made when new, unless sign-ups are closed) and the address's `email_id`. */
function loginOrCreate(context: Context, email: string): { user: User; emailId: string; created: boolean } {
  const state = stytchState(context);
  let user = findUser(context.state, { identifier: email, channel: 'email' });
  let created = false;
  if (!user) {
    if (!context.state.config.signupsOpen) fail('no_signup_permission');
    user = { sub: testId('user'), email, createdAt: context.now };
    context.state.users[user.sub] = user;
    created = true;
  }
  state.emailIds[user.sub] ??= testId('email');
  return { user, emailId: state.emailIds[user.sub]!, created };
}

function iso(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function userModel(context: Context, user: User, verified: boolean) {
  const state = stytchState(context);
  return {
    user_id: user.sub,
    created_at: iso(user.createdAt),
    status: 'active',
    name: { first_name: '', middle_name: '', last_name: '' },
    emails: user.email ? [{ email: user.email, email_id: state.emailIds[user.sub] ?? testId('email'), verified }] : [],
    phone_numbers: user.phone ? [{ phone_number: user.phone, phone_id: testId('phone-number'), verified: true }] : [],
    providers: [],
    webauthn_registrations: [],
    biometric_registrations: [],
    totps: [],
    crypto_wallets: [],
    password: null,
    trusted_metadata: {},
    untrusted_metadata: {},
    roles: ['stytch_user'],
  };
}

function sessionModel(request: Request, session: StytchSession, user: User) {
  return {
    session_id: session.id,
    user_id: session.userId,
    started_at: iso(session.startedAt),
    last_accessed_at: iso(session.lastAccessedAt),
    expires_at: iso(session.expiresAt),
    attributes: { ip_address: '127.0.0.1', user_agent: request.headers.get('user-agent') ?? '' },
    authentication_factors: [
      {
        type: session.factor,
        delivery_method: 'email',
        last_authenticated_at: iso(session.startedAt),
        email_factor: { email_id: session.methodId, email_address: user.email ?? '' },
      },
    ],
    custom_claims: {},
    roles: ['stytch_user'],
  };
}

/** The project ID a public token belongs to, as the JWT's `aud` and `iss` name it. */
function projectId(client: MockClient): string {
  return `project-test-${client.clientId}`;
}

async function sessionJwt(context: Context, client: MockClient, request: Request, session: StytchSession, user: User): Promise<string> {
  const project = projectId(client);
  const now = Math.floor(context.now / 1000);
  return new SignJWT({ 'https://stytch.com/session': { id: session.id, ...sessionModel(request, session, user) } })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.sub)
    .setAudience([project])
    .setIssuer(`stytch.com/${project}`)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(Math.min(now + jwtLifetime, Math.floor(session.expiresAt / 1000)))
    .sign(jwtKey(stytchState(context)));
}

/** The answer of every authenticate call: the user, the session and its two tokens. */
async function authenticated(context: Context, client: MockClient, request: Request, session: StytchSession, sessionToken: string, extra: Record<string, unknown> = {}): Promise<VariantAnswer> {
  const user = context.state.users[session.userId]!;
  return success({
    user_id: user.sub,
    user: userModel(context, user, true),
    session: sessionModel(request, session, user),
    session_token: sessionToken,
    session_jwt: await sessionJwt(context, client, request, session, user),
    ...extra,
  });
}

/** A new session for a verified sign-in, or the caller's session extended when it sent one that is live. */
async function signIn(context: Context, input: Credentials, body: Record<string, unknown>, userId: string, factor: StytchSession['factor'], methodId: string): Promise<{ session: StytchSession; token: string }> {
  const duration = minutes(body, 'session_duration_minutes', { default: defaultSessionMinutes, min: 5, max: 527_040 });
  const state = stytchState(context);
  const current = input.sessionToken ? await findSession(context, input.sessionToken) : undefined;
  if (current && current.userId === userId) {
    current.lastAccessedAt = context.now;
    current.expiresAt = context.now + duration * 60_000;
    current.factor = factor;
    current.methodId = methodId;
    return { session: current, token: input.sessionToken! };
  }
  const token = randomToken(33);
  const id = testId('session');
  const session: StytchSession = { id, userId, tokenHash: await hashSecret(token), startedAt: context.now, lastAccessedAt: context.now, expiresAt: context.now + duration * 60_000, factor, methodId };
  state.sessions[id] = session;
  return { session, token };
}

async function findSession(context: Context, token: string): Promise<StytchSession | undefined> {
  const state = stytchState(context);
  const hash = await hashSecret(token);
  for (const [id, session] of Object.entries(state.sessions)) {
    if (session.expiresAt <= context.now) {
      delete state.sessions[id];
      continue;
    }
    if (constantTimeEqual(hash, session.tokenHash)) return session;
  }
  return undefined;
}

/** GET /sdk/v1/projects/bootstrap/:public_token: what the SDK must know of the project before it starts. */
function bootstrap(context: Context, { request, params }: VariantRequest): VariantAnswer {
  const client = context.clients.find((candidate) => candidate.clientId === params.publicToken);
  if (!client) fail('unauthorized_credentials');
  const origin = request.headers.get('origin');
  if (origin !== null && !originAllowed(client, origin)) fail('bad_domain_for_stytch_sdk');
  return success({
    project_name: 'pwless mock',
    disable_sdk_watermark: true,
    cname_domain: null,
    email_domains: ['stytch.com'],
    captcha_settings: { enabled: false },
    pkce_required_for_email_magic_links: true,
    pkce_required_for_password_resets: false,
    pkce_required_for_oauth: false,
    pkce_required_for_sso: false,
    slug_pattern: null,
    create_organization_enabled: false,
    password_config: null,
    dfp_protected_auth_enabled: false,
    dfp_protected_auth_mode: null,
    rbac_policy: null,
    siwe_required_for_crypto_wallets: false,
    vertical: 'CONSUMER',
  });
}

/** POST /sdk/v1/events: the SDK's telemetry; taken and dropped. */
function events(context: Context, { request }: VariantRequest): VariantAnswer {
  // The batch names its public token in the body, not in Basic auth: only the origin is checked.
  const origin = request.headers.get('origin');
  if (origin !== null && !context.clients.some((client) => originAllowed(client, origin))) fail('bad_domain_for_stytch_sdk');
  return success({});
}

/** POST /sdk/v1/otps/email/login_or_create: a 6-digit code by email; only the newest code of an address counts. */
async function otpLoginOrCreate(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  credentials(context, request);
  const body = await readJson(request);
  const email = readEmail(body);
  const lifetime = body.expiration_minutes === undefined || body.expiration_minutes === null ? context.state.config.codeLifetime : minutes(body, 'expiration_minutes', { ...otpMinutes, default: 2 }) * 60;
  limitSends(context, email);
  const { user, emailId, created } = loginOrCreate(context, email);
  const code = randomDigits(6);
  const id = testId('otp');
  const state = stytchState(context);
  state.otps[emailId] = { id, userId: user.sub, methodId: emailId, secretHash: await hashSecret(code, id), expiresAt: context.now + lifetime * 1000, failures: 0 };
  sendSignInEmail(context, { to: email, locale: pickLocale(optionalString(body, 'locale') ?? null), code, lifetime });
  return success({ method_id: emailId, user_id: user.sub, email_id: emailId, user_created: created });
}

/**
 * POST /sdk/v1/otps/authenticate: `token` (the code) and `method_id`. A wrong code is 404
 * `otp_code_not_found`; after `maxAttempts` wrong codes, or once expired or used, the code is gone:
 * 401 `unable_to_auth_otp_code`.
 */
async function otpAuthenticate(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const input = credentials(context, request);
  const body = await readJson(request);
  const code = optionalString(body, 'token');
  const methodId = optionalString(body, 'method_id');
  if (!code || !methodId) fail('invalid_request');
  limit(context, `otp:${input.client.clientId}:${methodId}`, authenticatePerMinute);
  const state = stytchState(context);
  const otp = Object.hasOwn(state.otps, methodId) ? state.otps[methodId] : undefined;
  if (!otp || otp.expiresAt <= context.now || otp.failures >= context.state.config.maxAttempts) fail('unable_to_auth_otp_code');
  if (!constantTimeEqual(await hashSecret(code.trim(), otp.id), otp.secretHash)) {
    otp.failures += 1;
    fail('otp_code_not_found');
  }
  delete state.otps[methodId];
  const { session, token } = await signIn(context, input, body, otp.userId, 'otp', methodId);
  return authenticated(context, input.client, request, session, token, { method_id: methodId, reset_sessions: false });
}

/** Whether a magic link may lead to `url`: a link page registered for the client (or any loopback page when it allows loopback). */
function linkUrlAllowed(client: MockClient, url: string): boolean {
  return uriRegistered(client, url, client.linkUris) || (client.allowLoopback && URL.canParse(url) && isLoopbackOrigin(new URL(url).origin)) || client.origins.some((origin) => URL.canParse(url) && new URL(url).origin === origin);
}

/**
 * POST /sdk/v1/magic_links/email/login_or_create: an email whose link opens
 * `login_magic_link_url` (or `signup_magic_link_url` for a new user) with
 * `?stytch_token_type=magic_links&token=…`; with `code_challenge` (PKCE, which this project
 * requires), only the browser holding the verifier can authenticate it.
 */
async function magicLinkLoginOrCreate(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const input = credentials(context, request);
  const body = await readJson(request);
  const email = readEmail(body);
  const codeChallenge = optionalString(body, 'code_challenge');
  if (!codeChallenge) fail('pkce_mismatch');
  const loginUrl = optionalString(body, 'login_magic_link_url');
  const signupUrl = optionalString(body, 'signup_magic_link_url') ?? loginUrl;
  for (const url of [loginUrl, signupUrl]) if (url !== undefined && !linkUrlAllowed(input.client, url)) fail('invalid_request');
  limitSends(context, email);
  const { user, created } = loginOrCreate(context, email);
  const target = created ? signupUrl : loginUrl;
  if (!target) fail('invalid_request');
  const expiration = minutes(body, created ? 'signup_expiration_minutes' : 'login_expiration_minutes', linkMinutes);
  const token = randomToken(32);
  const state = stytchState(context);
  const tokenHash = await hashSecret(token);
  const emailId = state.emailIds[user.sub]!;
  const secret: StytchSecret = { id: tokenHash, userId: user.sub, methodId: emailId, secretHash: tokenHash, expiresAt: context.now + expiration * 60_000, failures: 0, codeChallenge };
  state.links[tokenHash] = secret;
  const link = new URL(target);
  link.searchParams.set('stytch_token_type', 'magic_links');
  link.searchParams.set('token', token);
  sendSignInEmail(context, { to: email, locale: pickLocale(optionalString(body, 'locale') ?? null), code: '', link: link.href, lifetime: expiration * 60 });
  return success({ user_id: user.sub, email_id: emailId, user_created: created });
}

/** POST /sdk/v1/magic_links/authenticate: `token` and the PKCE `code_verifier`; a link signs in once. */
async function magicLinkAuthenticate(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const input = credentials(context, request);
  const body = await readJson(request);
  const token = optionalString(body, 'token');
  if (!token) fail('invalid_request');
  limit(context, `magic-link:${input.client.clientId}`, authenticatePerMinute * 5);
  const state = stytchState(context);
  const hash = await hashSecret(token);
  const link = Object.values(state.links).find((candidate) => constantTimeEqual(candidate.secretHash, hash));
  if (!link || link.expiresAt <= context.now) fail('unable_to_auth_magic_link');
  const verifier = optionalString(body, 'code_verifier');
  if (link.codeChallenge && !(verifier && (await verifyPkce(verifier, link.codeChallenge)))) fail('pkce_mismatch');
  delete state.links[link.id];
  const { session, token: sessionToken } = await signIn(context, input, body, link.userId, 'magic_link', link.methodId);
  return authenticated(context, input.client, request, session, sessionToken, { method_id: link.methodId, reset_sessions: false });
}

/** The live session the Basic auth names; 404 `session_not_found` otherwise. */
async function requireSession(context: Context, input: Credentials): Promise<StytchSession> {
  const session = input.sessionToken ? await findSession(context, input.sessionToken) : undefined;
  if (!session || !Object.hasOwn(context.state.users, session.userId)) fail('session_not_found');
  return session;
}

/** POST /sdk/v1/sessions/authenticate: checks the session and answers a fresh JWT; `session_duration_minutes` extends it. */
async function sessionAuthenticate(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const input = credentials(context, request);
  const body = await readJson(request);
  const session = await requireSession(context, input);
  session.lastAccessedAt = context.now;
  if (body.session_duration_minutes !== undefined && body.session_duration_minutes !== null) {
    session.expiresAt = context.now + minutes(body, 'session_duration_minutes', { default: defaultSessionMinutes, min: 5, max: 527_040 }) * 60_000;
  }
  return authenticated(context, input.client, request, session, input.sessionToken!);
}

/** POST /sdk/v1/sessions/revoke: ends the session the Basic auth names. */
async function sessionRevoke(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const input = credentials(context, request);
  const session = await requireSession(context, input);
  delete stytchState(context).sessions[session.id];
  return success({});
}

export function stytchHandlers(options: VariantOptions) {
  const router = variantRouter(options, {
    cors: (request) => cors(options.clients, request),
    unavailable: () => stytchError('internal_server_error'),
    notFound: () => stytchError('route_not_found'),
  });
  router.route('get', '/sdk/v1/projects/bootstrap/:publicToken', bootstrap);
  router.route('post', '/sdk/v1/events', events);
  router.route('post', '/sdk/v1/otps/email/login_or_create', otpLoginOrCreate);
  router.route('post', '/sdk/v1/otps/authenticate', otpAuthenticate);
  router.route('post', '/sdk/v1/magic_links/email/login_or_create', magicLinkLoginOrCreate);
  router.route('post', '/sdk/v1/magic_links/authenticate', magicLinkAuthenticate);
  router.route('post', '/sdk/v1/sessions/authenticate', sessionAuthenticate);
  router.route('post', '/sdk/v1/sessions/revoke', sessionRevoke);
  return router.finish();
}
