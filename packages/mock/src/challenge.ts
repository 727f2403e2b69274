import { findClient } from './clients.js';
import type { Context } from './context.js';
import { constantTimeEqual, hashSecret, randomDigits, randomToken } from './crypto.js';
import { answer, fail, readForm, required, type Answer } from './http.js';
import { composeMessage, maskAddress, pickLocale, randomPhrase } from './messages.js';
import type { AuthSession, Channel, Delivery } from './state.js';

const emailPattern = /^[^\s@"<>()[\],;:\\]+@[^\s@"<>()[\],;:\\_]+\.[^\s@"<>()[\],;:\\_]{2,}$/u;
const phonePattern = /^\+[1-9]\d{6,14}$/;

function parseIdentifier(loginHint: string): { identifier: string; channel: Channel } {
  const hint = loginHint.trim();
  if (phonePattern.test(hint)) return { identifier: hint, channel: 'sms' };
  if (hint.length <= 254 && emailPattern.test(hint)) {
    const at = hint.lastIndexOf('@');
    return { identifier: `${hint.slice(0, at)}@${hint.slice(at + 1).toLowerCase()}`, channel: 'email' };
  }
  return fail(400, 'invalid_request', 'login_hint must be an email address or an E.164 phone number');
}

/** POST /challenge: the authorization challenge endpoint of the pwless profile. */
export async function challengeEndpoint(context: Context, request: Request): Promise<Answer> {
  const form = await readForm(request);
  const client = findClient(context.clients, form.get('client_id'));
  if (form.get('response_type') !== 'code') fail(400, 'invalid_request', 'response_type must be "code"');
  const sessionId = form.get('auth_session');
  if (sessionId === undefined) return start(context, form, client.clientId);
  const session = context.state.sessions[sessionId];
  if (!session || session.expiresAt <= context.now || session.clientId !== client.clientId) {
    if (session) delete context.state.sessions[sessionId];
    return fail(400, 'invalid_session', 'the sign-in expired; start again');
  }
  if (form.get('pwless_action') === 'resend') return resend(context, session);
  const otp = form.get('otp');
  if (otp !== undefined) return verify(context, session, otp);
  return fail(400, 'invalid_request', 'parameter "otp" is missing');
}

async function start(context: Context, form: Map<string, string>, clientId: string): Promise<Answer> {
  const { identifier, channel } = parseIdentifier(required(form, 'login_hint'));
  const codeChallenge = required(form, 'code_challenge');
  if (form.get('code_challenge_method') !== 'S256') fail(400, 'invalid_request', 'code_challenge_method must be S256');
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) fail(400, 'invalid_request', 'code_challenge is not a S256 challenge');
  const delivery = (form.get('pwless_delivery') ?? 'code') as Delivery;
  if (delivery !== 'code') fail(400, 'invalid_request', 'pwless_delivery must be "code"');
  const { config } = context.state;
  const known = Object.values(context.state.users).some((user) => user.email === identifier || user.phone === identifier);
  if (!known && !config.signupsOpen && !config.enumerationProtection) {
    fail(403, 'access_denied', 'sign-ups are closed', { pwless_reason: 'signup_disabled' });
  }
  const session: AuthSession = {
    id: randomToken(),
    clientId,
    identifier,
    channel,
    delivery,
    scope: form.get('scope') ?? 'openid',
    codeChallenge,
    nonce: form.get('nonce') ?? '',
    locale: pickLocale(form.get('ui_locales') ?? null),
    ...(config.securityPhrase ? { phrase: randomPhrase() } : {}),
    otpExpiresAt: 0,
    attemptsRemaining: config.maxAttempts,
    lastSentAt: 0,
    expiresAt: context.now + config.sessionLifetime * 1000,
  };
  context.state.sessions[session.id] = session;
  // With sign-ups closed and enumeration protection on, an unknown address gets the same answer
  // as a known one, but no message: nobody learns which addresses have accounts.
  await sendCode(context, session, known || config.signupsOpen);
  return challengeAnswer(context, session);
}

async function resend(context: Context, session: AuthSession): Promise<Answer> {
  const waitMs = session.lastSentAt + context.state.config.resendAfter * 1000 - context.now;
  if (waitMs > 0) {
    const retryAfter = Math.ceil(waitMs / 1000);
    return answer(429, { error: 'slow_down', retry_after: retryAfter }, { 'Retry-After': String(retryAfter) });
  }
  const known = Object.values(context.state.users).some((user) => user.email === session.identifier || user.phone === session.identifier);
  await sendCode(context, session, known || context.state.config.signupsOpen);
  return challengeAnswer(context, session);
}

async function verify(context: Context, session: AuthSession, otp: string): Promise<Answer> {
  if (session.attemptsRemaining <= 0) {
    delete context.state.sessions[session.id];
    fail(400, 'otp_attempts_exceeded', 'too many wrong codes; start again');
  }
  const matches = session.otpHash !== undefined && constantTimeEqual(await hashSecret(otp.trim(), session.id), session.otpHash);
  if (matches && session.otpExpiresAt <= context.now) fail(400, 'otp_expired', 'the code expired; ask for a new one');
  if (!matches) {
    session.attemptsRemaining -= 1;
    if (session.attemptsRemaining <= 0) {
      delete context.state.sessions[session.id];
      fail(400, 'otp_attempts_exceeded', 'too many wrong codes; start again');
    }
    fail(400, 'invalid_otp', 'the code is not right', { attempts_remaining: session.attemptsRemaining });
  }
  const user = findOrCreateUser(context, session);
  delete context.state.sessions[session.id];
  const authorizationCode = randomToken();
  const hash = await hashSecret(authorizationCode);
  context.state.codes[hash] = {
    hash,
    clientId: session.clientId,
    sub: user.sub,
    nonce: session.nonce,
    scope: session.scope,
    codeChallenge: session.codeChallenge,
    authTime: context.now,
    amr: ['otp'],
    expiresAt: context.now + context.state.config.authorizationCodeLifetime * 1000,
    used: false,
  };
  return answer(200, { authorization_code: authorizationCode });
}

function findOrCreateUser(context: Context, session: AuthSession) {
  const field = session.channel === 'sms' ? 'phone' : 'email';
  const existing = Object.values(context.state.users).find((user) => user[field] === session.identifier);
  if (existing) return existing;
  if (!context.state.config.signupsOpen) fail(403, 'access_denied', 'sign-ups are closed', { pwless_reason: 'signup_disabled' });
  const user = { sub: randomToken(12), [field]: session.identifier, createdAt: context.now };
  context.state.users[user.sub] = user;
  return user;
}

async function sendCode(context: Context, session: AuthSession, deliver: boolean): Promise<void> {
  const { config } = context.state;
  const hourAgo = context.now - 3600_000;
  const recent = (context.state.sends[session.identifier] ?? []).filter((time) => time > hourAgo);
  if (recent.length >= config.sendsPerHour) {
    const retryAfter = Math.ceil((recent[0]! + 3600_000 - context.now) / 1000);
    fail(429, 'slow_down', 'too many codes sent to this address', { retry_after: retryAfter });
  }
  context.state.sends[session.identifier] = [...recent, context.now];
  const code = randomDigits(config.codeLength);
  // Salting with the session id keeps equal codes of different sessions from sharing a hash.
  session.otpHash = await hashSecret(code, session.id);
  session.otpExpiresAt = context.now + config.codeLifetime * 1000;
  session.lastSentAt = context.now;
  session.attemptsRemaining = config.maxAttempts;
  if (!deliver) return;
  const message = composeMessage(session.locale, session.channel, {
    code,
    minutes: Math.round(config.codeLifetime / 60),
    ...(session.phrase ? { phrase: session.phrase } : {}),
  });
  context.state.inbox.push({
    id: randomToken(9),
    to: session.identifier,
    channel: session.channel,
    locale: session.locale,
    ...message,
    code,
    ...(session.phrase ? { phrase: session.phrase } : {}),
    sentAt: context.now,
  });
  context.notify({ type: 'inbox' });
}

function challengeAnswer(context: Context, session: AuthSession): Answer {
  const { config } = context.state;
  return answer(403, {
    error: 'insufficient_authorization',
    auth_session: session.id,
    otp_required: true,
    pwless: {
      channel: session.channel,
      delivery: session.delivery,
      to: maskAddress(session.identifier),
      code_length: config.codeLength,
      expires_in: Math.max(0, Math.round((session.otpExpiresAt - context.now) / 1000)),
      resend_after: Math.max(0, Math.round((session.lastSentAt + config.resendAfter * 1000 - context.now) / 1000)),
      attempts_remaining: session.attemptsRemaining,
      ...(session.phrase ? { phrase: session.phrase } : {}),
    },
  });
}
