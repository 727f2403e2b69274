import type { Context } from '../../context.js';
import { hashSecret, randomToken } from '../../crypto.js';
import { mediaType } from '../../http.js';
import { parseIdentifier } from '../../identifier.js';
import { pickLocale } from '../../messages.js';
import type { User } from '../../state.js';
import { createUser, findUser } from '../../users.js';
import { sendSignInEmail, takeSend } from '../messages.js';
import { readBodyText, stop, variantRouter, type VariantAnswer, type VariantOptions, type VariantRequest } from '../variant.js';
import { fail, firebaseError, googleError, invalidApiKey } from './errors.js';
import { firebaseState, projectOf, signIdToken, verifyIdToken } from './state.js';

/** Where the Firebase SDK sends Identity Toolkit calls, below the base (`connectAuthEmulator` puts the host name in the path). */
export const identityToolkitPath = '/identitytoolkit.googleapis.com';
/** Where it sends the secure token service's (`getIdToken(true)`). */
export const secureTokenPath = '/securetoken.googleapis.com';

/** ID tokens live an hour (`expiresIn: "3600"`). */
const idTokenLifetime = 3600;

/** The API key of the request (`?key=`, or Google's `X-Goog-Api-Key`): a registered client's ID. */
function requireApiKey(context: Context, request: Request): string {
  const key = new URL(request.url).searchParams.get('key') ?? request.headers.get('x-goog-api-key');
  if (!key || !context.clients.some((client) => client.clientId === key)) stop(invalidApiKey());
  return key;
}

/** The JSON body the SDK sends; Google answers an unreadable one with `INVALID_ARGUMENT`. */
async function readJson(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request);
  if (text === undefined) stop(googleError(400, 'Request payload size exceeds the limit.'));
  if (text.trim() === '') return {};
  if (mediaType(request) === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Answered below.
  }
  return stop(googleError(400, 'Invalid JSON payload received.'));
}

function readEmail(params: Record<string, unknown>): string {
  const email = params.email;
  if (email === undefined || email === '') fail('MISSING_EMAIL');
  try {
    const address = typeof email === 'string' ? parseIdentifier(email) : undefined;
    if (address?.channel === 'email') return address.identifier.toLowerCase();
  } catch {
    // Answered below.
  }
  return fail('INVALID_EMAIL');
}

/** The domains a link may continue to: the project's authorized domains (its clients' hosts; `localhost` when loopback is allowed, as Firebase authorizes it). */
function authorizedDomain(context: Context, apiKey: string, continueUrl: string): boolean {
  const client = context.clients.find((candidate) => candidate.clientId === apiKey)!;
  const host = new URL(continueUrl).hostname;
  const hosts = client.origins.map((origin) => (URL.canParse(origin) ? new URL(origin).hostname : ''));
  return hosts.includes(host) || (client.allowLoopback && ['localhost', '127.0.0.1', '[::1]'].includes(host));
}

/** `accounts:sendOobCode` with `requestType: "EMAIL_SIGNIN"`: emails a sign-in link to `continueUrl`. */
async function sendOobCode(context: Context, request: Request, apiKey: string): Promise<VariantAnswer> {
  const params = await readJson(request);
  if (params.requestType !== 'EMAIL_SIGNIN') fail(params.requestType === undefined ? 'MISSING_REQ_TYPE' : 'INVALID_REQ_TYPE : Only EMAIL_SIGNIN is served by this mock');
  const email = readEmail(params);
  const continueUrl = params.continueUrl;
  if (continueUrl === undefined || continueUrl === '') fail('MISSING_CONTINUE_URI');
  if (typeof continueUrl !== 'string' || !URL.canParse(continueUrl) || !/^https?:$/.test(new URL(continueUrl).protocol)) fail('INVALID_CONTINUE_URI');
  if (!authorizedDomain(context, apiKey, continueUrl)) fail('UNAUTHORIZED_DOMAIN : Domain not allowlisted by project');
  // An email sign-in link is opened by the app itself.
  if (params.canHandleCodeInApp !== true) fail('INVALID_CONTINUE_URI : canHandleCodeInApp must be true for EMAIL_SIGNIN');
  if (takeSend(context, email) > 0) fail('TOO_MANY_ATTEMPTS_TRY_LATER');
  const state = firebaseState(context);
  for (const [hash, oob] of Object.entries(state.oobCodes)) if (oob.expiresAt <= context.now) delete state.oobCodes[hash];
  const oobCode = randomToken(32);
  const lifetime = context.state.config.codeLifetime;
  state.oobCodes[await hashSecret(oobCode)] = { email, apiKey, createdAt: context.now, expiresAt: context.now + lifetime * 1000 };
  const locale = pickLocale(request.headers.get('x-firebase-locale'));
  // The link as the app receives it (after Firebase's hosted action page): continueUrl with the action's parameters added.
  const link = new URL(continueUrl);
  link.searchParams.set('apiKey', apiKey);
  link.searchParams.set('oobCode', oobCode);
  link.searchParams.set('mode', 'signIn');
  link.searchParams.set('lang', locale);
  link.searchParams.set('continueUrl', continueUrl);
  sendSignInEmail(context, { to: email, locale, code: '', link: link.href, lifetime });
  return { status: 200, body: { kind: 'identitytoolkit#GetOobConfirmationCodeResponse', email } };
}

/** Issues the tokens of a sign-in: an ID token and a (long-lived, not rotating) refresh token. */
async function issueTokens(context: Context, apiKey: string, user: User): Promise<{ idToken: string; refreshToken: string }> {
  const refreshToken = randomToken(48);
  firebaseState(context).refreshTokens[await hashSecret(refreshToken)] = { uid: user.sub, apiKey, createdAt: context.now };
  return { idToken: await signIdToken(context, apiKey, user, idTokenLifetime), refreshToken };
}

/** `accounts:signInWithEmailLink`: spends the link's `oobCode` for the address it was sent to. */
async function signInWithEmailLink(context: Context, request: Request, apiKey: string): Promise<VariantAnswer> {
  const params = await readJson(request);
  const oobCode = params.oobCode;
  if (oobCode === undefined || oobCode === '') fail('MISSING_OOB_CODE');
  const state = firebaseState(context);
  const hash = typeof oobCode === 'string' ? await hashSecret(oobCode) : '';
  const oob = Object.hasOwn(state.oobCodes, hash) ? state.oobCodes[hash]! : undefined;
  if (!oob || oob.apiKey !== apiKey) fail('INVALID_OOB_CODE');
  if (oob.expiresAt <= context.now) {
    delete state.oobCodes[hash];
    fail('EXPIRED_OOB_CODE');
  }
  const email = readEmail(params);
  // A wrong address leaves the link usable: the person may type the right one.
  if (email !== oob.email) fail('INVALID_EMAIL : The email provided does not match the sign-in email address.');
  const existing = findUser(context.state, { identifier: email, channel: 'email' });
  if (!existing && !context.state.config.signupsOpen) fail('ADMIN_ONLY_OPERATION');
  delete state.oobCodes[hash];
  const user = existing ?? createUser(context, { identifier: email, channel: 'email' });
  state.signedIn[user.sub] = context.now;
  const { idToken, refreshToken } = await issueTokens(context, apiKey, user);
  return {
    status: 200,
    body: { kind: 'identitytoolkit#EmailLinkSigninResponse', idToken, email, refreshToken, expiresIn: String(idTokenLifetime), localId: user.sub, isNewUser: !existing },
  };
}

/** `accounts:lookup` with `idToken`: the signed-in user's account. */
async function lookup(context: Context, request: Request): Promise<VariantAnswer> {
  const params = await readJson(request);
  if (typeof params.idToken !== 'string' || params.idToken === '') fail('MISSING_ID_TOKEN');
  const claims = await verifyIdToken(context, params.idToken);
  if (!claims) fail('INVALID_ID_TOKEN');
  const uid = String(claims.user_id);
  const user = Object.hasOwn(context.state.users, uid) ? context.state.users[uid]! : undefined;
  if (!user) fail('USER_NOT_FOUND');
  const state = firebaseState(context);
  const millis = (time: number) => String(time);
  return {
    status: 200,
    body: {
      kind: 'identitytoolkit#GetAccountInfoResponse',
      users: [
        {
          localId: user.sub,
          ...(user.email ? { email: user.email, emailVerified: true, providerUserInfo: [{ providerId: 'password', federatedId: user.email, email: user.email, rawId: user.email }] } : { providerUserInfo: [] }),
          emailLinkSignin: true,
          validSince: String(Math.floor(user.createdAt / 1000)),
          lastLoginAt: millis(state.signedIn[user.sub] ?? context.now),
          createdAt: millis(user.createdAt),
          lastRefreshAt: new Date(state.signedIn[user.sub] ?? context.now).toISOString(),
        },
      ],
    },
  };
}

/** `POST /v1/accounts:<method>?key=`: the Identity Toolkit calls of an email link sign-in. */
async function accounts(context: Context, { request, params }: VariantRequest): Promise<VariantAnswer> {
  const apiKey = requireApiKey(context, request);
  switch (params.method) {
    case 'accounts:sendOobCode':
      return sendOobCode(context, request, apiKey);
    case 'accounts:signInWithEmailLink':
      return signInWithEmailLink(context, request, apiKey);
    case 'accounts:lookup':
      return lookup(context, request);
    default:
      return googleError(404, 'Method not found.');
  }
}

/** The secure token service: `grant_type=refresh_token` for a new ID token (`getIdToken(true)`). */
async function token(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const apiKey = requireApiKey(context, request);
  const params = await readJson(request);
  if (params.grant_type === undefined || params.grant_type === '') fail('MISSING_GRANT_TYPE');
  if (params.grant_type !== 'refresh_token') fail('INVALID_GRANT_TYPE');
  if (typeof params.refresh_token !== 'string' || params.refresh_token === '') fail('MISSING_REFRESH_TOKEN');
  const state = firebaseState(context);
  const hash = await hashSecret(params.refresh_token);
  const record = Object.hasOwn(state.refreshTokens, hash) ? state.refreshTokens[hash]! : undefined;
  if (!record || record.apiKey !== apiKey) fail('INVALID_REFRESH_TOKEN');
  const user = Object.hasOwn(context.state.users, record.uid) ? context.state.users[record.uid]! : undefined;
  if (!user) {
    // A deleted account ends its sessions.
    delete state.refreshTokens[hash];
    fail('USER_NOT_FOUND');
  }
  const idToken = await signIdToken(context, apiKey, user, idTokenLifetime);
  return {
    status: 200,
    body: {
      access_token: idToken,
      expires_in: String(idTokenLifetime),
      token_type: 'Bearer',
      refresh_token: params.refresh_token,
      id_token: idToken,
      user_id: user.sub,
      project_id: projectOf(apiKey),
    },
  };
}

/**
 * Google's APIs answer CORS for any origin (the API key and the authorized domains are the
 * project's limits), allowing the headers the request asks for (the SDK sends `X-Client-Version`,
 * `X-Firebase-Locale`, `X-Firebase-gmpid`, ...). No cookies are involved.
 */
function cors(request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  if (!origin) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': request.headers.get('access-control-request-headers') ?? 'Content-Type',
    'Access-Control-Max-Age': '3600',
    Vary: 'Origin',
  };
}

export function firebaseHandlers(options: VariantOptions) {
  const router = variantRouter(options, {
    cors,
    unavailable: () => googleError(503, 'The service is currently unavailable.'),
    notFound: () => firebaseError('NOT_FOUND', 404),
  });
  router.route('post', `${identityToolkitPath}/v1/:method`, accounts);
  router.route('post', `${secureTokenPath}/v1/token`, token);
  return router.finish();
}
