import { jwtVerify, SignJWT } from 'jose';
import { isLoopbackOrigin } from '../../clients.js';
import type { Context } from '../../context.js';
import { constantTimeEqual, hashSecret, randomDigits, randomToken, sha256, verifyPkce } from '../../crypto.js';
import { parseIdentifier } from '../../identifier.js';
import { pickLocale } from '../../messages.js';
import type { User } from '../../state.js';
import { findUser } from '../../users.js';
import { sendSignInEmail, takeSend } from '../messages.js';
import { readBodyText, variantRouter, type VariantAnswer, type VariantEndpoint, type VariantOptions, type VariantRequest } from '../variant.js';
import { apiVersionHeader, errorAnswer, fail, gatewayError, SupabaseFailure } from './errors.js';
import { userModel } from './models.js';
import { jwtKey, supabaseState, type Otp, type SupabaseSession, type SupabaseState } from './state.js';

/** GoTrue's FlowStateExpiryDuration: a PKCE auth code is good for 5 minutes after the link is opened. */
const flowLifetime = 300_000;
/** GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL: a just-rotated token may still be presented this long. */
const reuseInterval = 10_000;
/** GOTRUE_RATE_LIMIT_VERIFY: 30 calls per 5 minutes (per IP at Supabase; per address here, the mock sees no IPs). */
const verifyLimit = { count: 30, window: 300_000 };
const prefix = '/auth/v1';

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** GoTrue's token hash of an email OTP: a hash of the address and the code (the link carries it). */
async function tokenHash(email: string, otp: string): Promise<string> {
  return hex(await sha256(`${email.toLowerCase()}${otp}`));
}

/** The `apikey` header (or `?apikey=`) must be the project's anon key: a registered client ID here. Kong answers otherwise. */
function requireApiKey(context: Context, request: Request): void {
  const key = request.headers.get('apikey') ?? new URL(request.url).searchParams.get('apikey');
  if (!key) gatewayError('No API key found in request', 'No `apikey` request header or url param was found.');
  if (!context.clients.some((client) => client.clientId === key)) gatewayError('Invalid API key', 'Double check your Supabase `anon` or `service_role` API key.');
}

/** GoTrue reads every body as JSON, whatever its content type. */
async function readJson(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request);
  if (text === undefined) fail(400, 'bad_json', 'Could not read request body');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(400, 'bad_json', `Could not parse request body as JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail(400, 'bad_json', 'Could not parse request body as JSON: json: cannot unmarshal into Go value');
  return parsed as Record<string, unknown>;
}

function optionalString(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') fail(400, 'bad_json', `Could not parse request body as JSON: json: cannot unmarshal ${typeof value} into Go struct field .${name} of type string`);
  return value;
}

function readEmail(value: string): string {
  try {
    const address = parseIdentifier(value);
    if (address.channel === 'email') return address.identifier.toLowerCase();
  } catch {
    // Answered below in GoTrue's words.
  }
  return fail(400, 'validation_failed', 'Unable to validate email address: invalid format');
}

/** Where a link may send the browser: a page on a registered origin (the project's redirect allow list), else the Site URL. */
function redirectTarget(context: Context, redirectTo: string | null): string {
  const site = context.clients.flatMap((client) => client.origins)[0] ?? context.issuer;
  if (!redirectTo || !URL.canParse(redirectTo)) return site;
  const url = new URL(redirectTo);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return site;
  const allowed = context.clients.some((client) => client.origins.includes(url.origin) || (client.allowLoopback && isLoopbackOrigin(url.origin)));
  return allowed ? url.href : site;
}

function userById(context: Context, id: string): User | undefined {
  return Object.hasOwn(context.state.users, id) ? context.state.users[id] : undefined;
}

function sessionBody(state: SupabaseState, user: User, accessToken: string, refreshToken: string, lifetime: number, now: number) {
  return {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: lifetime,
    expires_at: Math.floor(now / 1000) + lifetime,
    refresh_token: refreshToken,
    user: userModel(user, state.confirmedAt[user.sub], state.lastSignInAt[user.sub]),
  };
}

/** A new refresh token of `session`, recorded hashed; the previous one, when given, is revoked. */
async function issueRefreshToken(context: Context, session: SupabaseSession, previous?: string): Promise<string> {
  const state = supabaseState(context);
  const token = randomToken(16);
  const hash = await hashSecret(token);
  state.refreshTokens[hash] = { hash, sessionId: session.id };
  state.refreshCounts.issued += 1;
  if (previous !== undefined) {
    state.refreshTokens[previous]!.revokedAt = context.now;
    state.refreshTokens[previous]!.child = hash;
    state.refreshCounts.rotated += 1;
  }
  return token;
}

/** The access token: an HS256 JWT with GoTrue's claims. */
async function accessToken(context: Context, user: User, session: SupabaseSession): Promise<string> {
  const state = supabaseState(context);
  const issuedAt = Math.floor(context.now / 1000);
  return new SignJWT({
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: { email: user.email ?? '', email_verified: state.confirmedAt[user.sub] !== undefined, phone_verified: false, sub: user.sub },
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'otp', timestamp: Math.floor(session.createdAt / 1000) }],
    session_id: session.id,
    is_anonymous: false,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(`${context.issuer}${prefix}`)
    .setSubject(user.sub)
    .setAudience('authenticated')
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + context.state.config.accessTokenLifetime)
    .sign(jwtKey(state));
}

/** Signs `user` in: a new session, its first refresh token, the session body GoTrue answers. */
async function signIn(context: Context, user: User) {
  const state = supabaseState(context);
  state.confirmedAt[user.sub] ??= context.now;
  state.lastSignInAt[user.sub] = context.now;
  const session: SupabaseSession = { id: crypto.randomUUID(), userId: user.sub, createdAt: context.now };
  state.sessions[session.id] = session;
  const refreshToken = await issueRefreshToken(context, session);
  return sessionBody(state, user, await accessToken(context, user, session), refreshToken, context.state.config.accessTokenLifetime, context.now);
}

/** The OTP a code or token hash proves, if it is live. */
async function findOtp(state: SupabaseState, now: number, match: (otp: Otp) => Promise<boolean>): Promise<Otp | undefined> {
  for (const [userId, otp] of Object.entries(state.otps)) {
    if (otp.expiresAt <= now) {
      delete state.otps[userId];
      continue;
    }
    if (await match(otp)) return otp;
  }
  return undefined;
}

/**
 * POST /otp: an email with a 6-digit code and a link (`{{ .Token }}` and `{{ .ConfirmationURL }}`
 * of the magic link template). `create_user: false` refuses unknown addresses; a `code_challenge`
 * makes the link a PKCE one, which comes back as `redirect_to?code=`.
 */
async function sendOtp(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  requireApiKey(context, request);
  const params = await readJson(request);
  const rawEmail = optionalString(params, 'email');
  const phone = optionalString(params, 'phone');
  if (rawEmail && phone) fail(400, 'validation_failed', 'Only an email address or phone number should be provided');
  if (!rawEmail) fail(400, 'validation_failed', phone ? 'Unsupported phone provider' : 'An email address or phone number is required');
  const email = readEmail(rawEmail);
  const createUser = params.create_user ?? true;
  if (typeof createUser !== 'boolean') fail(400, 'bad_json', 'Could not parse request body as JSON: json: cannot unmarshal into Go struct field .create_user of type bool');
  const challenge = optionalString(params, 'code_challenge');
  const method = optionalString(params, 'code_challenge_method')?.toLowerCase();
  if ((challenge === undefined) !== (method === undefined)) fail(400, 'validation_failed', 'PKCE flow requires code_challenge_method and code_challenge');
  if (method !== undefined && method !== 's256' && method !== 'plain') fail(400, 'validation_failed', `code challenge method not supported: ${method}`);
  if (challenge !== undefined && !/^[A-Za-z0-9\-._~]{43,128}$/.test(challenge)) fail(400, 'validation_failed', 'code challenge has to be between 43 and 128 characters');

  const state = supabaseState(context);
  const { config } = context.state;
  let user = findUser(context.state, { identifier: email, channel: 'email' });
  const created = !user;
  if (!user) {
    if (!createUser) fail(422, 'otp_disabled', 'Signups not allowed for otp');
    if (!config.signupsOpen) fail(422, 'signup_disabled', 'Signups not allowed for this instance');
  }
  // SMTP_MAX_FREQUENCY: one email per address per `resendAfter` seconds.
  const previous = user ? state.otps[user.sub] : undefined;
  if (previous && context.now - previous.sentAt < config.resendAfter * 1000) {
    const seconds = Math.ceil((previous.sentAt + config.resendAfter * 1000 - context.now) / 1000);
    fail(429, 'over_email_send_rate_limit', `For security purposes, you can only request this after ${seconds} seconds.`);
  }
  if (takeSend(context, email) > 0) fail(429, 'over_email_send_rate_limit', 'email rate limit exceeded');
  if (!user) {
    user = { sub: crypto.randomUUID(), email, createdAt: context.now };
    context.state.users[user.sub] = user;
  }

  const code = randomDigits(config.codeLength);
  const hash = await tokenHash(email, code);
  const otp: Otp = { userId: user.sub, email, type: created || state.confirmedAt[user.sub] === undefined ? 'signup' : 'magiclink', tokenHash: hash, sentAt: context.now, expiresAt: context.now + config.codeLifetime * 1000 };
  if (challenge !== undefined) {
    const flowId = crypto.randomUUID();
    state.flows[flowId] = { id: flowId, userId: user.sub, codeChallenge: challenge, method: method as 's256' | 'plain', createdAt: context.now };
    otp.flowId = flowId;
  }
  if (previous?.flowId) delete state.flows[previous.flowId];
  state.otps[user.sub] = otp;

  const link = new URL(`${context.issuer}${prefix}/verify`);
  link.searchParams.set('token', challenge === undefined ? hash : `pkce_${hash}`);
  link.searchParams.set('type', otp.type);
  link.searchParams.set('redirect_to', redirectTarget(context, new URL(request.url).searchParams.get('redirect_to')));
  sendSignInEmail(context, { to: email, locale: pickLocale(request.headers.get('accept-language')), code, link: link.href, lifetime: config.codeLifetime });
  return { status: 200, body: {} };
}

/** GOTRUE_RATE_LIMIT_VERIFY, counted per address. */
function checkVerifyLimit(context: Context, key: string): void {
  const state = supabaseState(context);
  const recent = (state.verifies[key] ?? []).filter((time) => time > context.now - verifyLimit.window);
  if (recent.length >= verifyLimit.count) {
    state.verifies[key] = recent;
    fail(429, 'over_request_rate_limit', 'Request rate limit reached');
  }
  state.verifies[key] = [...recent, context.now];
}

const emailTypes = new Set(['email', 'magiclink', 'signup', 'invite', 'recovery', 'email_change']);

/** POST /verify: a typed code (`{type: 'email', email, token}`) or a token hash, answered with a session. */
async function verifyPost(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  requireApiKey(context, request);
  const params = await readJson(request);
  const type = optionalString(params, 'type');
  const token = optionalString(params, 'token');
  const hashGiven = optionalString(params, 'token_hash');
  if (!type) fail(400, 'validation_failed', 'Verify requires a verification type');
  if (!token && !hashGiven) fail(400, 'validation_failed', 'Verify requires either a token or a token hash');
  if (type === 'sms' || type === 'phone_change') fail(400, 'validation_failed', 'Unsupported phone provider');
  if (!emailTypes.has(type)) fail(400, 'validation_failed', 'Verify requires a verification type');
  const state = supabaseState(context);
  let otp: Otp | undefined;
  if (hashGiven) {
    checkVerifyLimit(context, `hash:${hashGiven.slice(0, 16)}`);
    const wanted = hashGiven.replace(/^pkce_/, '');
    otp = await findOtp(state, context.now, async (candidate) => constantTimeEqual(candidate.tokenHash, wanted));
  } else {
    const rawEmail = optionalString(params, 'email');
    if (!rawEmail) fail(400, 'validation_failed', 'Only an email address or phone number should be provided on verify');
    const email = readEmail(rawEmail);
    checkVerifyLimit(context, email);
    const hash = await tokenHash(email, token!);
    otp = await findOtp(state, context.now, async (candidate) => candidate.email === email && constantTimeEqual(candidate.tokenHash, hash));
  }
  // Wrong, spent and expired codes get the same answer.
  if (!otp) fail(403, 'otp_expired', 'Token has expired or is invalid');
  delete state.otps[otp.userId];
  if (otp.flowId) delete state.flows[otp.flowId];
  const user = userById(context, otp.userId);
  if (!user) fail(403, 'otp_expired', 'Token has expired or is invalid');
  return { status: 200, body: await signIn(context, user) };
}

/**
 * GET /verify: the link of the email. A PKCE link (`pkce_` token) redirects to `redirect_to?code=`,
 * the code to trade with its verifier; otherwise the session goes in the fragment (implicit flow).
 * A spent or expired link redirects with `error_code=otp_expired`.
 */
async function verifyGet(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const query = new URL(request.url).searchParams;
  const token = query.get('token') ?? '';
  const pkce = token.startsWith('pkce_');
  const target = new URL(redirectTarget(context, query.get('redirect_to')));
  const state = supabaseState(context);
  const wanted = token.replace(/^pkce_/, '');
  const otp = wanted === '' ? undefined : await findOtp(state, context.now, async (candidate) => constantTimeEqual(candidate.tokenHash, wanted));
  const flow = otp?.flowId !== undefined && Object.hasOwn(state.flows, otp.flowId) ? state.flows[otp.flowId] : undefined;
  const user = otp ? userById(context, otp.userId) : undefined;
  if (!otp || !user || pkce !== (flow !== undefined)) {
    const error = new URLSearchParams({ error: 'access_denied', error_code: 'otp_expired', error_description: 'Email link is invalid or has expired' });
    if (pkce) for (const [name, value] of error) target.searchParams.set(name, value);
    else target.hash = error.toString();
    return { status: 303, body: null, headers: { Location: target.href } };
  }
  delete state.otps[otp.userId];
  if (flow) {
    const authCode = crypto.randomUUID();
    flow.authCodeHash = await hashSecret(authCode, flow.id);
    flow.authCodeIssuedAt = context.now;
    target.searchParams.set('code', authCode);
    return { status: 303, body: null, headers: { Location: target.href } };
  }
  const session = await signIn(context, user);
  target.hash = new URLSearchParams({
    access_token: session.access_token,
    expires_at: String(session.expires_at),
    expires_in: String(session.expires_in),
    refresh_token: session.refresh_token,
    token_type: 'bearer',
    type: otp.type,
  }).toString();
  return { status: 303, body: null, headers: { Location: target.href } };
}

/** POST /token?grant_type=pkce: the link's auth code and the verifier the browser kept. */
async function pkceGrant(context: Context, params: Record<string, unknown>) {
  const authCode = optionalString(params, 'auth_code');
  const verifier = optionalString(params, 'code_verifier');
  if (!authCode || !verifier) fail(400, 'validation_failed', 'invalid request: both auth code and code verifier should be non-empty');
  const state = supabaseState(context);
  let flow;
  for (const candidate of Object.values(state.flows)) {
    if (candidate.authCodeHash && constantTimeEqual(candidate.authCodeHash, await hashSecret(authCode, candidate.id))) flow = candidate;
  }
  if (!flow) fail(404, 'flow_state_not_found', 'invalid flow state, no valid flow state found');
  // The auth code is good once, right or wrong verifier (GoTrue deletes the flow state either way once expired or used).
  if (context.now - (flow.authCodeIssuedAt ?? flow.createdAt) > flowLifetime) {
    delete state.flows[flow.id];
    fail(422, 'flow_state_expired', 'invalid flow state, flow state has expired');
  }
  const matches = flow.method === 'plain' ? constantTimeEqual(verifier, flow.codeChallenge) : await verifyPkce(verifier, flow.codeChallenge);
  if (!matches) fail(400, 'bad_code_verifier', 'code challenge does not match previously saved code verifier');
  delete state.flows[flow.id];
  const user = userById(context, flow.userId);
  if (!user) fail(404, 'flow_state_not_found', 'invalid flow state, no valid flow state found');
  return signIn(context, user);
}

/**
 * POST /token?grant_type=refresh_token: rotates the refresh token. A revoked one presented again is
 * reuse: counted (`GET /_mock/refresh-tokens`); the parent of the session's active token, or one
 * revoked less than the reuse interval ago, still renews; any other revokes the whole session.
 */
async function refreshGrant(context: Context, params: Record<string, unknown>) {
  const token = optionalString(params, 'refresh_token');
  if (!token) fail(400, 'validation_failed', 'refresh_token required');
  const state = supabaseState(context);
  const hash = await hashSecret(token);
  const record = Object.hasOwn(state.refreshTokens, hash) ? state.refreshTokens[hash]! : undefined;
  const session = record && Object.hasOwn(state.sessions, record.sessionId) ? state.sessions[record.sessionId]! : undefined;
  if (!record || !session) fail(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
  let current = record;
  if (record.revokedAt !== undefined) {
    state.refreshCounts.reused += 1;
    const child = record.child !== undefined ? state.refreshTokens[record.child] : undefined;
    const parentOfActive = child !== undefined && child.revokedAt === undefined;
    if (!parentOfActive && context.now - record.revokedAt > reuseInterval) {
      for (const [key, other] of Object.entries(state.refreshTokens)) if (other.sessionId === session.id) delete state.refreshTokens[key];
      delete state.sessions[session.id];
      fail(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
    }
    // GoTrue answers the active token again; its value is only kept hashed here, so the active one is rotated instead.
    while (current.child !== undefined && state.refreshTokens[current.child]) current = state.refreshTokens[current.child]!;
  }
  const user = userById(context, session.userId);
  if (!user) fail(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
  const refreshToken = await issueRefreshToken(context, session, current.hash);
  state.lastSignInAt[user.sub] = context.now;
  return sessionBody(state, user, await accessToken(context, user, session), refreshToken, context.state.config.accessTokenLifetime, context.now);
}

async function token(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  requireApiKey(context, request);
  const grantType = new URL(request.url).searchParams.get('grant_type');
  const params = await readJson(request);
  if (grantType === 'pkce') return { status: 200, body: await pkceGrant(context, params) };
  if (grantType === 'refresh_token') return { status: 200, body: await refreshGrant(context, params) };
  return fail(400, 'validation_failed', `unsupported_grant_type`);
}

/** The session of `Authorization: Bearer <access token>`. */
async function requireBearer(context: Context, request: Request): Promise<{ session: SupabaseSession; user: User }> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer (\S+)$/i.exec(header);
  if (!match) fail(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  const state = supabaseState(context);
  let sessionId: unknown;
  try {
    const { payload } = await jwtVerify(match[1]!, jwtKey(state), { currentDate: new Date(context.now), audience: 'authenticated' });
    sessionId = payload['session_id'];
  } catch (error) {
    fail(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${(error as Error).message}`);
  }
  const session = typeof sessionId === 'string' && Object.hasOwn(state.sessions, sessionId) ? state.sessions[sessionId]! : undefined;
  if (!session) fail(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
  const user = userById(context, session.userId);
  if (!user) fail(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
  return { session, user };
}

async function getUser(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  requireApiKey(context, request);
  const { user } = await requireBearer(context, request);
  const state = supabaseState(context);
  return { status: 200, body: userModel(user, state.confirmedAt[user.sub], state.lastSignInAt[user.sub]) };
}

/** POST /logout?scope=global|local|others: ends sessions and their refresh tokens. */
async function logout(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  requireApiKey(context, request);
  const { session, user } = await requireBearer(context, request);
  const scope = new URL(request.url).searchParams.get('scope') ?? 'global';
  if (!['global', 'local', 'others'].includes(scope)) fail(400, 'validation_failed', `Unsupported logout scope "${scope}"`);
  const state = supabaseState(context);
  const ending = Object.values(state.sessions).filter((candidate) => candidate.userId === user.sub && (scope === 'global' || (scope === 'local') === (candidate.id === session.id)));
  for (const ended of ending) {
    delete state.sessions[ended.id];
    for (const [key, other] of Object.entries(state.refreshTokens)) if (other.sessionId === ended.id) delete state.refreshTokens[key];
  }
  return { status: 204, body: null };
}

/** Dev: how many refresh tokens were issued and rotated, and how often a revoked one came back. */
function refreshCounts(context: Context): VariantAnswer {
  return { status: 200, body: { ...supabaseState(context).refreshCounts } };
}

/** CORS as Supabase's gateway answers it: any origin, no cookies (the API keeps none). */
function cors(request: Request): Record<string, string> {
  if (!request.headers.get('origin')) return {};
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': request.headers.get('access-control-request-headers') ?? 'apikey, authorization, content-type, x-client-info, x-supabase-api-version',
    'Access-Control-Expose-Headers': `${apiVersionHeader}, Content-Length, Content-Range`,
    'Access-Control-Max-Age': '3600',
  };
}

/** Writes GoTrue's errors in the shape the request's API version asks for. */
function endpoint(work: VariantEndpoint): VariantEndpoint {
  return async (context, input) => {
    try {
      return await work(context, input);
    } catch (error) {
      if (error instanceof SupabaseFailure) return errorAnswer(input.request, error);
      throw error;
    }
  };
}

export function supabaseHandlers(options: VariantOptions) {
  const router = variantRouter(options, {
    cors,
    unavailable: () => ({ status: 500, body: { code: 500, error_code: 'unexpected_failure', msg: 'Unexpected failure, please check server logs for more information' } }),
    notFound: () => ({ status: 404, body: { message: 'no Route matched with those values' } }),
  });
  router.route('post', `${prefix}/otp`, endpoint(sendOtp));
  router.route('post', `${prefix}/verify`, endpoint(verifyPost));
  router.route('get', `${prefix}/verify`, endpoint(verifyGet));
  router.route('post', `${prefix}/token`, endpoint(token));
  router.route('get', `${prefix}/user`, endpoint(getUser));
  router.route('post', `${prefix}/logout`, endpoint(logout));
  router.route('get', '/_mock/refresh-tokens', refreshCounts);
  return router.finish();
}
