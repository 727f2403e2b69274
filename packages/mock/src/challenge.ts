import { findClient, originAllowed, uriRegistered } from './clients.js';
import type { MockClient } from './config.js';
import type { Context } from './context.js';
import { constantTimeEqual, hashSecret, randomToken } from './crypto.js';
import { checkDpopBinding, dpopKeyThumbprint } from './dpop.js';
import { answer, fail, readForm, required, type Answer } from './http.js';
import { parseIdentifier } from './identifier.js';
import { approveLink, inspectLink, pollLink } from './link.js';
import { maskAddress, pickLocale, randomPhrase } from './messages.js';
import { passkeyAssertion, passkeyStart } from './passkeys.js';
import { sendChallenge } from './send.js';
import type { AuthSession, Delivery } from './state.js';
import { describeUserAgent } from './user-agent.js';
import { findUser } from './users.js';

const deliveries: readonly string[] = ['code', 'link'];

/** POST /challenge: the authorization challenge endpoint of the pwless profile. */
export async function challengeEndpoint(context: Context, request: Request, options: { automaticRpId?: boolean } = {}): Promise<Answer> {
  const form = await readForm(request);
  const client = findClient(context.clients, required(form, 'client_id'));
  // A page on another origin cannot read the answer (CORS), but a form post would still send
  // a message: refuse browsers on origins the client did not register.
  const origin = request.headers.get('origin');
  if (origin !== null && !originAllowed(client, origin)) fail(400, 'unauthorized_client', 'this origin is not registered for the client');
  if (required(form, 'response_type') !== 'code') fail(400, 'invalid_request', 'response_type must be "code"');
  const jkt = await dpopKeyThumbprint(context, request);
  const action = form.get('pwless_action');
  if (action === 'inspect') return inspectLink(context, client, form);
  if (action === 'approve') return approveLink(context, client, form);
  if (action !== undefined && action !== 'resend' && action !== 'passkey') fail(400, 'invalid_request', `unknown pwless_action "${action}"`);
  const authSession = form.get('auth_session');
  if (authSession === undefined) {
    if (action === 'resend') fail(400, 'invalid_request', 'parameter "auth_session" is missing');
    if (action === 'passkey') return passkeyStart(context, request, form, client, jkt, options.automaticRpId);
    return start(context, request, form, client, jkt);
  }
  if (action === 'passkey') fail(400, 'invalid_request', 'a passkey start takes no auth_session');
  const sessionId = await hashSecret(authSession);
  const session = Object.hasOwn(context.state.sessions, sessionId) ? context.state.sessions[sessionId] : undefined;
  if (!session || session.expiresAt <= context.now || session.clientId !== client.clientId) {
    if (session?.clientId === client.clientId) delete context.state.sessions[sessionId];
    return fail(400, 'invalid_session', 'the sign-in expired or is unknown; start again');
  }
  checkDpopBinding(session.jkt, jkt, 'the auth_session');
  if (session.delivery === 'passkey') {
    if (action !== undefined || form.has('otp')) fail(400, 'invalid_request', 'a passkey sign-in takes pwless_passkey only');
    return passkeyAssertion(context, session, form);
  }
  if (form.has('pwless_passkey')) fail(400, 'invalid_request', 'this sign-in does not take a passkey; start a passkey sign-in');
  if (session.approvedAt !== undefined) return context.issueCode(context, session);
  if (action === 'resend') return resend(context, session, authSession);
  const otp = form.get('otp');
  if (otp !== undefined) return verify(context, session, otp);
  if (session.delivery === 'link') return pollLink(context, session);
  return fail(400, 'invalid_request', 'parameter "otp" is missing');
}

function readDelivery(context: Context, form: Map<string, string>): Delivery {
  const delivery = form.get('pwless_delivery') ?? 'code';
  if (!deliveries.includes(delivery)) fail(400, 'invalid_request', 'pwless_delivery must be "code" or "link"');
  if (!context.state.config.deliveries.includes(delivery as Delivery)) {
    fail(400, 'invalid_request', `pwless_delivery "${delivery}" is not enabled`);
  }
  return delivery as Delivery;
}

/** The landing page of a link sign-in: registered for the client, never an open redirect. */
function readLinkUri(client: MockClient, form: Map<string, string>): string {
  const linkUri = required(form, 'pwless_link_uri');
  let url: URL | undefined;
  try {
    url = new URL(linkUri);
  } catch {
    url = undefined;
  }
  const usable = url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '';
  if (!usable || !uriRegistered(client, linkUri, client.linkUris)) {
    fail(400, 'invalid_request', 'pwless_link_uri is not registered for this client');
  }
  return linkUri;
}

/** Drops ended sign-ins and send times older than the hourly window, so the state stays small. */
function forgetExpired(context: Context): void {
  const { sessions, sends } = context.state;
  for (const [id, session] of Object.entries(sessions)) {
    if (session.expiresAt <= context.now) delete sessions[id];
  }
  for (const [identifier, times] of Object.entries(sends)) {
    const recent = times.filter((time) => time > context.now - 3600_000);
    if (recent.length === 0) delete sends[identifier];
    else sends[identifier] = recent;
  }
}

async function start(
  context: Context,
  request: Request,
  form: Map<string, string>,
  client: MockClient,
  jkt: string | undefined,
): Promise<Answer> {
  forgetExpired(context);
  // Checked against the client's registered origins already; absent for servers and curl.
  const origin = request.headers.get('origin');
  const address = parseIdentifier(required(form, 'login_hint'));
  const codeChallenge = required(form, 'code_challenge');
  if (form.get('code_challenge_method') !== 'S256') fail(400, 'invalid_request', 'code_challenge_method must be S256');
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) fail(400, 'invalid_request', 'code_challenge is not a S256 challenge');
  const delivery = readDelivery(context, form);
  const { config } = context.state;
  if (!config.channels.includes(address.channel)) {
    fail(400, 'invalid_request', `sign-in by ${address.channel === 'sms' ? 'phone' : 'email'} is not enabled`, {
      pwless_reason: 'invalid_identifier',
    });
  }
  const linkUri = delivery === 'link' ? readLinkUri(client, form) : undefined;
  const known = findUser(context.state, address) !== undefined;
  if (!known && !config.signupsOpen && !config.enumerationProtection) {
    fail(403, 'access_denied', 'sign-ups are closed', { pwless_reason: 'signup_disabled' });
  }
  const authSession = randomToken();
  const session: AuthSession = {
    id: await hashSecret(authSession),
    clientId: client.clientId,
    identifier: address.identifier,
    channel: address.channel,
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
    requestedAt: context.now,
    userAgent: describeUserAgent(request.headers.get('user-agent') ?? ''),
    ...(linkUri === undefined ? {} : { linkUri }),
    pollInterval: config.pollInterval,
    ...(origin !== null && URL.canParse(origin) ? { originHost: new URL(origin).hostname } : {}),
    ...(jkt === undefined ? {} : { jkt }),
  };
  // With sign-ups closed and enumeration protection on, an unknown address gets the same answer
  // as a known one, but no message: nobody learns which addresses have accounts.
  await sendChallenge(context, session, known || config.signupsOpen);
  context.state.sessions[session.id] = session;
  return challengeAnswer(context, session, authSession);
}

async function resend(context: Context, session: AuthSession, authSession: string): Promise<Answer> {
  const waitMs = session.lastSentAt + context.state.config.resendAfter * 1000 - context.now;
  if (waitMs > 0) {
    const retryAfter = Math.ceil(waitMs / 1000);
    fail(429, 'slow_down', 'a new code can be sent a little later', { retry_after: retryAfter }, { 'Retry-After': String(retryAfter) });
  }
  const { config } = context.state;
  const known = findUser(context.state, session) !== undefined;
  await sendChallenge(context, session, known || config.signupsOpen);
  return challengeAnswer(context, session, authSession);
}

async function verify(context: Context, session: AuthSession, otp: string): Promise<Answer> {
  const matches = session.otpHash !== undefined && constantTimeEqual(await hashSecret(otp.trim(), session.id), session.otpHash);
  if (matches && session.otpExpiresAt <= context.now) fail(400, 'otp_expired', 'the code expired; ask for a new one');
  if (matches) return context.issueCode(context, session);
  session.attemptsRemaining -= 1;
  if (session.attemptsRemaining <= 0) {
    delete context.state.sessions[session.id];
    fail(400, 'otp_attempts_exceeded', 'too many wrong codes; start again');
  }
  return fail(400, 'invalid_otp', 'the code is not right', { attempts_remaining: session.attemptsRemaining });
}

function challengeAnswer(context: Context, session: AuthSession, authSession: string): Answer {
  const { config } = context.state;
  return answer(403, {
    error: 'insufficient_authorization',
    auth_session: authSession,
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
      ...(session.delivery === 'link' ? { interval: session.pollInterval } : {}),
    },
  });
}
