import type { Context } from '../../context.js';
import { hashSecret, randomToken } from '../../crypto.js';
import { AnswerError, type Answer } from '../../http.js';
import { createUser, findUser } from '../../users.js';
import { errorPage, readCodeChallenge, replyTarget, respond } from './authorize.js';
import { findClientOrNull } from './clients.js';
import { checkCode, connectionChannel, passwordlessSessionId } from './connection.js';
import { auth0Text } from './errors.js';

/**
 * GET /passwordless/verify_redirect: the magic link of `send: 'link'`. It carries the code and the
 * `authParams` of the start; a right code sends the browser to `redirect_uri` with `?code=&state=`
 * (authorization code with the start's PKCE challenge), a wrong one with `?error=access_denied`.
 * The code's rules are those of `/co/authenticate`: opening the link spends it.
 */
export async function verifyRedirectEndpoint(context: Context, request: Request): Promise<Answer> {
  const query = new URL(request.url).searchParams;
  const client = findClientOrNull(context, query.get('client_id') ?? undefined);
  if (!client) return errorPage('invalid_request: Unknown client: ' + (query.get('client_id') ?? '(none)'));
  const reply = replyTarget(client, query);
  if (typeof reply === 'string') return errorPage(reply);
  if (reply.mode !== 'query') return errorPage('A magic link answers by redirect only.');
  if (query.get('response_type') !== 'code') {
    return respond(reply, { error: 'unsupported_response_type', error_description: 'Only response_type=code (with PKCE) is served by this mock.' });
  }
  const codeChallenge = readCodeChallenge(query);
  if (!codeChallenge) return respond(reply, { error: 'invalid_request', error_description: 'A code_challenge with code_challenge_method=S256 is required.' });
  const connection = query.get('connection') ?? '';
  const channel = connectionChannel(connection);
  const identifier = channel === 'sms' ? query.get('phone_number') : query.get('email');
  const otp = query.get('verification_code');
  if (!channel || !identifier || !otp) return respond(reply, { error: 'access_denied', error_description: auth0Text.wrongEmailCode });
  const id = await passwordlessSessionId(client.clientId, connection, identifier);
  const session = Object.hasOwn(context.state.sessions, id) ? context.state.sessions[id] : undefined;
  try {
    await checkCode(context, session, channel, otp);
  } catch (error) {
    if (!(error instanceof AnswerError)) throw error;
    const body = error.answer.body as { error: string; error_description: string };
    return respond(reply, { error: body.error, error_description: body.error_description });
  }
  const address = { identifier, channel };
  const existing = findUser(context.state, address);
  if (!existing && !context.state.config.signupsOpen) return respond(reply, { error: 'access_denied', error_description: auth0Text.wrongEmailCode });
  const user = existing ?? createUser(context, address);
  const code = randomToken();
  const hash = await hashSecret(code);
  context.state.codes[hash] = {
    hash,
    clientId: client.clientId,
    sub: user.sub,
    nonce: query.get('nonce') ?? '',
    scope: query.get('scope') ?? 'openid',
    codeChallenge,
    authTime: context.now,
    // "link" keeps refresh tokens away from magic-link sign-ins, as at Auth0.
    amr: ['otp', 'link'],
    expiresAt: context.now + context.state.config.authorizationCodeLifetime * 1000,
    used: false,
    redirectUri: reply.redirectUri,
  };
  return respond(reply, { code });
}
