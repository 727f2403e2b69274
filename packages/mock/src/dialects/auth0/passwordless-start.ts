import { findClientOrNull } from './clients.js';
import type { Context } from '../../context.js';
import { randomToken } from '../../crypto.js';
import { AnswerError, answer, fail, type Answer } from '../../http.js';
import { parseIdentifier, type Identifier } from '../../identifier.js';
import { matchLocale } from '../../messages.js';
import { acceptedLanguages } from '../../page-language.js';
import { sendChallenge } from '../../send.js';
import type { AuthSession, Delivery } from '../../state.js';
import { describeUserAgent } from '../../user-agent.js';
import { findUser } from '../../users.js';
import { readBody, text } from './body.js';
import { connectionChannel, passwordlessSessionId } from './connection.js';
import { auth0Text, badStart } from './errors.js';
import { countRequest } from './rate-limit.js';

/** Auth0 limits `/passwordless/start` to 50 requests an hour per IP address. */
export const startsPerHour = 50;

const allowedProperties = new Set(['client_id', 'client_secret', 'connection', 'email', 'phone_number', 'send', 'authParams', 'captcha']);
/** Auth0's pattern for `phone_number`, as its error answer quotes it. */
const auth0PhonePattern = /^\+[0-9]{1,15}$/;

/** The template language: `x-request-language` first (auth0-js sends it when asked), then the browser's `Accept-Language`. */
function requestLocale(request: Request): string {
  return (
    matchLocale(request.headers.get('x-request-language')) ??
    matchLocale(acceptedLanguages(request.headers.get('accept-language')).join(' ')) ??
    'en'
  );
}

function readAddress(body: Record<string, unknown>, connection: 'email' | 'sms'): Identifier {
  if (connection === 'email') {
    const email = text(body, 'email');
    if (email === undefined) badStart('bad.email', 'Missing required property: email');
    try {
      const address = parseIdentifier(email);
      if (address.channel === 'email') return address;
    } catch (error) {
      if (!(error instanceof AnswerError)) throw error;
    }
    return badStart('bad.email', `error in email - email format validation failed: ${email}`);
  }
  const phone = text(body, 'phone_number');
  if (phone === undefined) badStart('bad.phone_number', 'Missing required property: phone_number');
  const invalid = () => badStart('bad.phone_number', 'String does not match pattern: ^\\+[0-9]{1,15}$');
  if (!auth0PhonePattern.test(phone)) invalid();
  try {
    const address = parseIdentifier(phone);
    if (address.channel === 'sms') return address;
  } catch (error) {
    if (!(error instanceof AnswerError)) throw error;
  }
  return invalid();
}

/** `authParams` as the string parameters a magic link carries to `/passwordless/verify_redirect`. */
function readAuthParams(body: Record<string, unknown>): Record<string, string> {
  const authParams = body.authParams;
  if (authParams === undefined || authParams === null) return {};
  if (typeof authParams !== 'object' || Array.isArray(authParams)) {
    badStart('bad.authParams', `error in authParams - invalid type: ${Array.isArray(authParams) ? 'array' : typeof authParams} (expected object)`);
  }
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(authParams as Record<string, unknown>)) {
    if (typeof value === 'string' && value !== '') strings[name] = value;
  }
  return strings;
}

/**
 * POST /passwordless/start (Auth0 Authentication API, "Passwordless > Get Code or Link"): sends a
 * code, or a link to `/passwordless/verify_redirect` that carries the code, in the language of
 * `x-request-language`. Answers `{_id, email, email_verified}` or `{_id, phone_number, phone_verified}`.
 */
export async function passwordlessStartEndpoint(context: Context, request: Request): Promise<Answer> {
  const body = await readBody(request);
  const rateLimit = countRequest(context, request, 'passwordless/start', startsPerHour);
  const unknown = Object.keys(body).filter((name) => !allowedProperties.has(name));
  if (unknown.length > 0) badStart('bad.request', `the following properties are not allowed: ${unknown.join(', ')}`);
  const clientId = text(body, 'client_id');
  if (clientId === undefined) badStart('bad.client_id', 'Missing required property: client_id');
  const client = findClientOrNull(context, clientId);
  if (!client) badStart('bad.client_id', `Unknown client: ${clientId}`);
  const connectionName = text(body, 'connection');
  if (connectionName === undefined) badStart('bad.connection', 'Missing required property: connection');
  const channel = connectionChannel(connectionName);
  if (!channel) badStart('bad.connection', 'Connection does not exist');
  if (!context.state.config.channels.includes(channel)) badStart('bad.connection', 'Connection is disabled');
  const send = body.send ?? 'link';
  if (send !== 'link' && send !== 'code') badStart('bad.send', 'error in send - must be one of "link", "code"');
  const delivery: Delivery = send;
  // Auth0's reference offers links by email only, and auth0-js says so for SMS; the wording is the mock's.
  if (delivery === 'link' && channel === 'sms') badStart('bad.send', 'Magic links are sent by email only; use send "code" with the sms connection.');
  if (!context.state.config.deliveries.includes(delivery)) badStart('bad.send', `error in send - "${delivery}" is not enabled`);
  const address = readAddress(body, connectionName as 'email' | 'sms');
  const authParams = readAuthParams(body);
  const { config } = context.state;
  const id = await passwordlessSessionId(client.clientId, connectionName, address.identifier);
  const origin = request.headers.get('origin');
  const session: AuthSession = {
    id,
    clientId: client.clientId,
    identifier: address.identifier,
    channel,
    delivery,
    scope: authParams.scope ?? 'openid',
    codeChallenge: authParams.code_challenge ?? '',
    nonce: authParams.nonce ?? '',
    locale: requestLocale(request),
    otpExpiresAt: 0,
    attemptsRemaining: config.maxAttempts,
    lastSentAt: 0,
    // Outlives its code, so that a late code is told "expired" rather than "wrong".
    expiresAt: context.now + Math.max(config.sessionLifetime, config.codeLifetime) * 1000,
    requestedAt: context.now,
    userAgent: describeUserAgent(request.headers.get('user-agent') ?? ''),
    pollInterval: config.pollInterval,
    ...(origin !== null && URL.canParse(origin) ? { originHost: new URL(origin).hostname } : {}),
  };
  const linkFor = (code: string) => {
    const link = new URL(`${context.issuer}/passwordless/verify_redirect`);
    for (const [name, value] of Object.entries(authParams)) link.searchParams.set(name, value);
    link.searchParams.set('verification_code', code);
    link.searchParams.set('connection', connectionName);
    link.searchParams.set('client_id', client.clientId);
    link.searchParams.set(channel === 'sms' ? 'phone_number' : 'email', address.identifier);
    return link.href;
  };
  const known = findUser(context.state, address) !== undefined;
  try {
    // With sign-ups closed, an unknown address gets the same answer but no message.
    await sendChallenge(context, session, known || config.signupsOpen, delivery === 'link' ? linkFor : undefined);
  } catch (error) {
    // The mock's per-address cap answers in Auth0's words, as its per-IP limit does.
    if (error instanceof AnswerError && error.answer.status === 429) {
      const retryAfter = Number(error.answer.headers?.['Retry-After'] ?? '60');
      fail(429, 'too_many_requests', auth0Text.tooManyRequests, undefined, {
        'X-RateLimit-Limit': String(config.sendsPerHour),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(Math.ceil(context.now / 1000) + retryAfter),
      });
    }
    throw error;
  }
  context.state.sessions[id] = session;
  const userId = randomToken(12);
  const result =
    channel === 'sms'
      ? { _id: userId, phone_number: address.identifier, phone_verified: false, request_language: null }
      : { _id: userId, email: address.identifier, email_verified: false };
  return answer(200, result, { ...rateLimit });
}
