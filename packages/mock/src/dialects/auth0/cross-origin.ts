import { originAllowed } from '../../clients.js';
import type { Context } from '../../context.js';
import { hashSecret, randomToken } from '../../crypto.js';
import { answer, fail, type Answer } from '../../http.js';
import { createUser, findUser } from '../../users.js';
import { readBody, text } from './body.js';
import { findClientOrNull } from './clients.js';
import { checkCode, connectionChannel, passwordlessSessionId } from './connection.js';
import { auth0Text, otpGrantType } from './errors.js';
import { auth0State } from './state.js';

/** Seconds a login ticket may wait for its `/authorize`. */
const ticketLifetime = 60;

/**
 * POST /co/authenticate: Auth0's cross-origin authentication, the embedded sign-in a single-page
 * application may use (`webAuth.passwordlessLogin` of auth0-js). The code is checked; a right code
 * answers `{login_ticket, co_verifier, co_id}`, and the ticket is redeemed once at `/authorize`.
 *
 * Auth0 also sets a cookie here and checks it (or, without third-party cookies, the `co_verifier`
 * through the application's cross-origin verification page) when the ticket is redeemed. The mock
 * binds the ticket to the client and the calling origin instead; `co_verifier` is answered but not checked.
 */
export async function crossOriginAuthenticateEndpoint(context: Context, request: Request): Promise<Answer> {
  const body = await readBody(request);
  const client = findClientOrNull(context, text(body, 'client_id'));
  if (!client) return fail(401, 'unauthorized_client', auth0Text.crossOriginNotAllowed);
  const origin = request.headers.get('origin');
  // A browser on an origin the application does not allow gets Auth0's bare 403. Requests without
  // an Origin (servers, and msw's service worker, which never sees the header) pass.
  if (origin !== null && !originAllowed(client, origin)) return answer(403, `Origin ${origin} is not allowed.`, { 'Content-Type': 'text/plain; charset=utf-8' });
  const fields = ['client_id', 'credential_type', 'username', 'otp', 'realm'];
  if (fields.some((name) => text(body, name) === undefined) || Object.keys(body).some((name) => !fields.includes(name))) {
    return fail(400, 'invalid_request', auth0Text.crossOriginBody);
  }
  if (text(body, 'credential_type') !== otpGrantType) return fail(400, 'unsupported_credential_type', auth0Text.unknownCredentialType);
  const realm = text(body, 'realm')!;
  const channel = connectionChannel(realm);
  if (!channel || !context.state.config.channels.includes(channel)) return fail(400, 'invalid_request', `Unknown realm ${realm}.`);
  const username = text(body, 'username')!.trim();
  const otp = text(body, 'otp')!;
  // The address as /passwordless/start stored it: an email's domain is lower-cased there.
  const at = username.lastIndexOf('@');
  const identifier = channel === 'email' && at > 0 ? `${username.slice(0, at)}@${username.slice(at + 1).toLowerCase()}` : username;
  const id = await passwordlessSessionId(client.clientId, realm, identifier);
  const session = Object.hasOwn(context.state.sessions, id) ? context.state.sessions[id] : undefined;
  await checkCode(context, session, channel, otp);
  const address = { identifier, channel };
  let user = findUser(context.state, address);
  if (!user) {
    if (!context.state.config.signupsOpen) return fail(403, 'access_denied', channel === 'sms' ? auth0Text.wrongPhoneCode : auth0Text.wrongEmailCode);
    user = createUser(context, address);
  }
  const loginTicket = randomToken();
  const hash = await hashSecret(loginTicket);
  const tickets = auth0State(context.state).loginTickets;
  for (const [key, ticket] of Object.entries(tickets)) if (ticket.expiresAt <= context.now) delete tickets[key];
  tickets[hash] = {
    hash,
    clientId: client.clientId,
    sub: user.sub,
    ...(origin === null ? {} : { origin }),
    amr: channel === 'sms' ? ['otp', 'sms'] : ['otp'],
    authTime: context.now,
    expiresAt: context.now + ticketLifetime * 1000,
  };
  return answer(200, { login_ticket: loginTicket, co_verifier: randomToken(24), co_id: randomToken(9) });
}
