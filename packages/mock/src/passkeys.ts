import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { originAllowed } from './clients.js';
import type { MockClient } from './config.js';
import { seconds, type Context } from './context.js';
import { base64url, hashSecret, randomToken } from './crypto.js';
import { answer, fail, required, type Answer } from './http.js';
import { parseIdentifier } from './identifier.js';
import type { AuthSession, MockState, PasskeyRegistration, StoredPasskey, User } from './state.js';
import { userAgentParts } from './user-agent.js';
import { findUser } from './users.js';

/**
 * Passkeys (WebAuthn) of the pwless profile, on @simplewebauthn/server: sign-in on the challenge
 * endpoint (a passkey start answers request options whose challenge belongs to its `auth_session`;
 * the assertion answers an authorization code) and the `/passkeys` endpoints a signed-in user
 * manages them with. Used by the mock and by `@pwless/provider` alike; each supplies who is signed
 * in (its own access tokens) and where state lives. @simplewebauthn/server runs on WebCrypto, so
 * the same code runs in the browser mock (msw in the page) and in Node.
 */

/** Seconds a passkey `auth_session` and a `registration_session` live: the ceremony's timeout too. */
export const passkeyLifetime = 300;

/** `amr` of a passkey sign-in (RFC 8176): a key held by the authenticator, and a user check (UV required). */
export const passkeyAmr: readonly string[] = ['hwk', 'user'];

/** ES256, EdDSA and RS256: what platform authenticators and password managers make. */
const algorithms = [-7, -8, -257];

/** The longest name a passkey may be given. */
const maxNameLength = 64;

/**
 * Default names by the authenticator's AAGUID (the community list at
 * github.com/passkeydeveloper/passkey-authenticator-aaguids); unknown ones are named after the
 * browser and system that registered them.
 */
const authenticatorNames: Readonly<Record<string, string>> = {
  'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4': 'Google Password Manager',
  'fbfc3007-154e-4ecc-8c0b-6e020557d7bd': 'iCloud Keychain',
  'dd4ec289-e01d-41c9-bb89-70fa845d4bf2': 'iCloud Keychain',
  '08987058-cadc-4b81-b6e1-30de50dcbe96': 'Windows Hello',
  '9ddd1817-af5a-4672-a2b9-3e3dd95000a9': 'Windows Hello',
  '6028b017-b1d4-4c02-b4b3-afcdafc96bb2': 'Windows Hello',
  'adce0002-35bc-c60a-648b-0b25f1f05503': 'Chrome on Mac',
  '53414d53-554e-4700-0000-000000000000': 'Samsung Pass',
  'bada5566-a7aa-401f-bd96-45619a55120d': '1Password',
  'd548826e-79b4-db40-a3d8-11116f7e8349': 'Bitwarden',
  '531126d6-e717-415c-9320-3d9aa6981239': 'Dashlane',
};

/** "Chrome on Linux" from a User-Agent; "Passkey" when nothing is recognized. */
export function passkeyNameFromUserAgent(userAgent: string): string {
  const { browser, system } = userAgentParts(userAgent);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? 'Passkey';
}

function passkeysOf(state: MockState): Record<string, StoredPasskey> {
  return (state.passkeys ??= {});
}

function registrationsOf(state: MockState): Record<string, PasskeyRegistration> {
  return (state.passkeyRegistrations ??= {});
}

/**
 * The RP ID for a request from a page on `origin` (`null`: no browser). A configured `passkeyRpId`
 * wins; else the issuer's host name. Only the mock (`automatic`) falls back to the page's own host
 * when the page is not within the issuer's host: the browser mock's issuer is a made-up name no page
 * lives under, and browsers accept only an RP ID that is the page's host or a suffix of it.
 */
export function passkeyRpId(context: Context, origin: string | null, automatic = false): string {
  const configured = context.state.config.passkeyRpId;
  if (configured) return configured;
  const issuerHost = new URL(context.issuer).hostname;
  if (!automatic || origin === null || !URL.canParse(origin)) return issuerHost;
  const pageHost = new URL(origin).hostname;
  return pageHost === issuerHost || pageHost.endsWith(`.${issuerHost}`) ? issuerHost : pageHost;
}

/**
 * The origin of the page that sent `request`: its `Origin` header, or, where that header never
 * reaches the mock (msw in a service worker hands the page's handlers a copy of the request without
 * it), the origin of its referrer. `null` without either.
 */
function pageOrigin(request: Request): string | null {
  const origin = request.headers.get('origin');
  if (origin) return origin;
  return URL.canParse(request.referrer) ? new URL(request.referrer).origin : null;
}

/** Where a ceremony for the client `clientId` may run: the issuer's origin (its own page) and the client's registered origins. */
function expectedOrigin(context: Context, clientId: string, clientDataJSON: unknown): string {
  const client = context.clients.find((candidate) => candidate.clientId === clientId);
  const issuerOrigin = new URL(context.issuer).origin;
  let origin: unknown;
  try {
    const text = new TextDecoder().decode(fromBase64url(String(clientDataJSON)));
    origin = (JSON.parse(text) as { origin?: unknown }).origin;
  } catch {
    origin = undefined;
  }
  if (typeof origin === 'string' && (origin === issuerOrigin || (client !== undefined && originAllowed(client, origin)))) return origin;
  return issuerOrigin;
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

const base64urlPattern = /^[A-Za-z0-9_-]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBase64url(value: unknown, allowEmpty = false): value is string {
  return typeof value === 'string' && (allowEmpty || value.length > 0) && base64urlPattern.test(value) && value.length % 4 !== 1;
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * What both WebAuthn response JSONs share: an object whose base64url `id` equals its `rawId`, of
 * type `public-key`, with a `response` object holding a base64url `clientDataJSON`.
 */
function readCredential(text: string): { id: string; response: Record<string, unknown> & { clientDataJSON: string }; value: Record<string, unknown> } | undefined {
  const value = readJson(text);
  if (!isObject(value)) return undefined;
  const { id, response } = value;
  const valid = isBase64url(id) && value['rawId'] === id && value['type'] === 'public-key' && isObject(response) && isBase64url(response['clientDataJSON']);
  return valid ? { id, response: response as Record<string, unknown> & { clientDataJSON: string }, value } : undefined;
}

/**
 * Reads `pwless_passkey` (an AuthenticationResponseJSON as a JSON string). Anything that is not
 * that shape answers `invalid_request`; whether it proves anything is for the verification.
 */
export function parseAuthenticationResponse(text: string): AuthenticationResponseJSON {
  const credential = readCredential(text);
  const response = credential?.response;
  const valid =
    credential !== undefined &&
    isBase64url(response?.['authenticatorData']) &&
    isBase64url(response?.['signature']) &&
    (response?.['userHandle'] === undefined || response['userHandle'] === null || isBase64url(response['userHandle'], true)) &&
    (credential.value['clientExtensionResults'] === undefined || isObject(credential.value['clientExtensionResults']));
  if (!valid) fail(400, 'invalid_request', 'pwless_passkey must be an AuthenticationResponseJSON');
  const { id } = credential!;
  const { userHandle } = response!;
  return {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: response!.clientDataJSON,
      authenticatorData: response!['authenticatorData'] as string,
      signature: response!['signature'] as string,
      ...(typeof userHandle === 'string' && userHandle !== '' ? { userHandle } : {}),
    },
    clientExtensionResults: {},
  };
}

/** Reads `credential` (a RegistrationResponseJSON as a JSON string), like parseAuthenticationResponse. */
export function parseRegistrationResponse(text: string): RegistrationResponseJSON {
  const credential = readCredential(text);
  const response = credential?.response;
  const transports = response?.['transports'];
  const valid =
    credential !== undefined &&
    isBase64url(response?.['attestationObject']) &&
    (transports === undefined || (Array.isArray(transports) && transports.length <= 8 && transports.every((item) => typeof item === 'string' && item.length <= 32)));
  if (!valid) fail(400, 'invalid_request', 'credential must be a RegistrationResponseJSON');
  const { id } = credential!;
  return {
    id,
    rawId: id,
    type: 'public-key',
    response: {
      clientDataJSON: response!.clientDataJSON,
      attestationObject: response!['attestationObject'] as string,
      ...(transports === undefined ? {} : { transports: transports as RegistrationResponseJSON['response']['transports'] }),
    },
    clientExtensionResults: {},
  };
}

function refused(reason: 'unknown_credential' | 'verification_failed', description: string): never {
  return fail(400, 'invalid_passkey', description, { pwless_reason: reason });
}

/** The `<Passkey>` of the wire format. */
export function passkeyJson(passkey: StoredPasskey): Record<string, unknown> {
  return {
    id: passkey.id,
    name: passkey.name,
    created_at: seconds(passkey.createdAt),
    last_used_at: passkey.lastUsedAt === null ? null : seconds(passkey.lastUsedAt),
    backed_up: passkey.backedUp,
  };
}

function credentialsOf(state: MockState, sub: string, rpId: string): { id: string; transports?: string[] }[] {
  return Object.values(passkeysOf(state))
    .filter((passkey) => passkey.sub === sub && passkey.rpId === rpId)
    .map((passkey) => ({ id: passkey.id, ...(passkey.transports ? { transports: passkey.transports } : {}) }));
}

/** Whether passkeys are on for this server. */
export function passkeysEnabled(context: Context): boolean {
  return context.state.config.passkeys !== false;
}

/**
 * A passkey start on the challenge endpoint (`pwless_action=passkey`): a new `auth_session` whose
 * request options carry a fresh challenge. Nothing is sent. A known `login_hint` lists that
 * account's passkeys; an unknown or malformed one answers exactly like none (discoverable
 * credentials), so the answer tells nobody which addresses have accounts.
 */
export async function passkeyStart(
  context: Context,
  request: Request,
  form: Map<string, string>,
  client: MockClient,
  jkt: string | undefined,
  automaticRpId = false,
): Promise<Answer> {
  if (!passkeysEnabled(context)) fail(400, 'invalid_request', 'passkeys are not enabled');
  const codeChallenge = required(form, 'code_challenge');
  if (form.get('code_challenge_method') !== 'S256') fail(400, 'invalid_request', 'code_challenge_method must be S256');
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) fail(400, 'invalid_request', 'code_challenge is not a S256 challenge');
  const { state } = context;
  for (const [id, session] of Object.entries(state.sessions)) if (session.expiresAt <= context.now) delete state.sessions[id];
  const rpId = passkeyRpId(context, pageOrigin(request), automaticRpId);
  let allowCredentials: { id: string; transports?: string[] }[] = [];
  const hint = form.get('login_hint');
  if (hint !== undefined) {
    let user: User | undefined;
    try {
      user = findUser(state, parseIdentifier(hint));
    } catch {
      user = undefined;
    }
    if (user) allowCredentials = credentialsOf(state, user.sub, rpId);
  }
  const options = await generateAuthenticationOptions({
    rpID: rpId,
    allowCredentials,
    userVerification: 'required',
    timeout: passkeyLifetime * 1000,
  });
  const authSession = randomToken();
  const session: AuthSession = {
    id: await hashSecret(authSession),
    clientId: client.clientId,
    identifier: '',
    channel: 'email',
    delivery: 'passkey',
    scope: form.get('scope') ?? 'openid',
    codeChallenge,
    nonce: form.get('nonce') ?? '',
    locale: 'en',
    otpExpiresAt: 0,
    attemptsRemaining: 1,
    lastSentAt: 0,
    expiresAt: context.now + passkeyLifetime * 1000,
    requestedAt: context.now,
    userAgent: '',
    pollInterval: state.config.pollInterval,
    passkey: { challenge: options.challenge, rpId },
    ...(jkt === undefined ? {} : { jkt }),
  };
  state.sessions[session.id] = session;
  return answer(403, {
    error: 'insufficient_authorization',
    auth_session: authSession,
    pwless: { delivery: 'passkey', expires_in: passkeyLifetime, passkey: options },
  });
}

/**
 * The assertion for a passkey `auth_session`: the session takes exactly one, right or wrong (it is
 * spent before anything is checked), and a verified one ends the sign-in like a right code.
 */
export async function passkeyAssertion(context: Context, session: AuthSession, form: Map<string, string>): Promise<Answer> {
  const { state } = context;
  const text = required(form, 'pwless_passkey');
  delete state.sessions[session.id];
  const response = parseAuthenticationResponse(text);
  const challenge = session.passkey;
  if (!challenge) return fail(400, 'invalid_session', 'the sign-in expired or is unknown; start again');
  const passkeys = passkeysOf(state);
  const passkey = Object.hasOwn(passkeys, response.id) ? passkeys[response.id] : undefined;
  const user = passkey && Object.hasOwn(state.users, passkey.sub) ? state.users[passkey.sub] : undefined;
  if (!passkey || !user) return refused('unknown_credential', 'this passkey is not known here (deleted, or never registered)');
  const { userHandle } = response.response;
  if (userHandle !== undefined && userHandle !== user.passkeyUserId) return refused('verification_failed', 'the passkey belongs to another account');
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: expectedOrigin(context, session.clientId, response.response.clientDataJSON),
      expectedRPID: challenge.rpId,
      credential: { id: passkey.id, publicKey: fromBase64url(passkey.publicKey), counter: passkey.counter, ...(passkey.transports ? { transports: passkey.transports as never } : {}) },
      requireUserVerification: true,
    });
  } catch {
    verified = undefined;
  }
  if (!verified?.verified) return refused('verification_failed', 'the passkey could not be verified');
  passkey.counter = verified.authenticationInfo.newCounter;
  passkey.backedUp = verified.authenticationInfo.credentialBackedUp;
  passkey.lastUsedAt = context.now;
  return context.issueCode(context, { ...session, sub: user.sub, amr: [...passkeyAmr] });
}

/** Who a `/passkeys` request is for: the access token's user and client (each server checks its own tokens). */
export interface PasskeyOwner {
  sub: string;
  clientId: string;
}

/**
 * The `/passkeys` endpoints after the access token was checked: `POST /passkeys/options`,
 * `POST /passkeys`, `GET /passkeys`, `DELETE /passkeys/<id>`. `path` is the part after the issuer.
 */
export async function passkeysEndpoint(context: Context, request: Request, path: string, owner: PasskeyOwner, form: Map<string, string> | undefined, automaticRpId = false): Promise<Answer> {
  if (!passkeysEnabled(context)) fail(404, 'not_found', 'passkeys are not enabled');
  const { state } = context;
  const user = Object.hasOwn(state.users, owner.sub) ? state.users[owner.sub] : undefined;
  if (!user) return fail(401, 'invalid_token', 'the user no longer exists');
  const registrations = registrationsOf(state);
  for (const [id, registration] of Object.entries(registrations)) if (registration.expiresAt <= context.now) delete registrations[id];
  if (path === '/passkeys/options' && request.method === 'POST') return registrationOptions(context, request, user, owner, automaticRpId);
  if (path === '/passkeys' && request.method === 'POST') return register(context, request, user, owner, form ?? new Map());
  if (path === '/passkeys' && request.method === 'GET') {
    const list = Object.values(passkeysOf(state))
      .filter((passkey) => passkey.sub === user.sub)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map(passkeyJson);
    return answer(200, { passkeys: list });
  }
  const match = /^\/passkeys\/([A-Za-z0-9_-]{1,1366})$/.exec(path);
  if (match && match[1] !== 'options' && request.method === 'DELETE') {
    const passkeys = passkeysOf(state);
    const passkey = Object.hasOwn(passkeys, match[1]!) ? passkeys[match[1]!] : undefined;
    if (!passkey || passkey.sub !== user.sub) return fail(404, 'not_found', 'no such passkey');
    delete passkeys[passkey.id];
    return answer(204, null);
  }
  return fail(404, 'not_found', `no endpoint at ${path}`);
}

/** Which methods each `/passkeys` path takes, for 405 answers. */
export function passkeyMethods(path: string): string[] | undefined {
  if (path === '/passkeys') return ['GET', 'POST'];
  if (path === '/passkeys/options') return ['POST'];
  if (/^\/passkeys\/[^/]+$/.test(path)) return ['DELETE'];
  return undefined;
}

async function registrationOptions(context: Context, request: Request, user: User, owner: PasskeyOwner, automaticRpId: boolean): Promise<Answer> {
  const { state } = context;
  const rpId = passkeyRpId(context, pageOrigin(request), automaticRpId);
  user.passkeyUserId ??= randomToken(32);
  const options = await generateRegistrationOptions({
    rpName: new URL(context.issuer).host,
    rpID: rpId,
    userName: user.email ?? user.phone ?? user.sub,
    userID: fromBase64url(user.passkeyUserId),
    userDisplayName: user.email ?? user.phone ?? '',
    timeout: passkeyLifetime * 1000,
    attestationType: 'none',
    excludeCredentials: credentialsOf(state, user.sub, rpId),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    supportedAlgorithmIDs: algorithms,
  });
  const registrationSession = randomToken();
  const id = await hashSecret(registrationSession);
  registrationsOf(state)[id] = { id, sub: user.sub, clientId: owner.clientId, challenge: options.challenge, rpId, expiresAt: context.now + passkeyLifetime * 1000 };
  return answer(200, { registration_session: registrationSession, options });
}

async function register(context: Context, request: Request, user: User, owner: PasskeyOwner, form: Map<string, string>): Promise<Answer> {
  const { state } = context;
  const registrations = registrationsOf(state);
  const id = await hashSecret(required(form, 'registration_session'));
  const registration = Object.hasOwn(registrations, id) ? registrations[id] : undefined;
  if (!registration || registration.sub !== user.sub || registration.clientId !== owner.clientId) {
    return fail(400, 'invalid_session', 'the registration expired or is unknown; start again');
  }
  // Single use, right or wrong.
  delete registrations[id];
  const response = parseRegistrationResponse(required(form, 'credential'));
  const name = form.get('name')?.trim().slice(0, maxNameLength);
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: registration.challenge,
      expectedOrigin: expectedOrigin(context, owner.clientId, response.response.clientDataJSON),
      expectedRPID: registration.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: algorithms,
    });
  } catch {
    verified = undefined;
  }
  if (!verified?.verified) return refused('verification_failed', 'the new passkey could not be verified');
  const info = verified.registrationInfo;
  const passkeys = passkeysOf(state);
  if (Object.hasOwn(passkeys, info.credential.id)) return refused('verification_failed', 'this passkey is registered already');
  const passkey: StoredPasskey = {
    id: info.credential.id,
    sub: user.sub,
    rpId: registration.rpId,
    publicKey: base64url(info.credential.publicKey),
    counter: info.credential.counter,
    ...(response.response.transports ? { transports: response.response.transports } : {}),
    name: name || authenticatorNames[info.aaguid] || passkeyNameFromUserAgent(request.headers.get('user-agent') ?? ''),
    aaguid: info.aaguid,
    backedUp: info.credentialBackedUp,
    createdAt: context.now,
    lastUsedAt: null,
  };
  passkeys[passkey.id] = passkey;
  return answer(201, passkeyJson(passkey));
}
