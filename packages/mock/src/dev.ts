import { mergeConfig } from './config.js';
import type { Context } from './context.js';
import { answer, fail, mediaType, readText, type Answer } from './http.js';
import { parseIdentifier } from './identifier.js';
import { emptyState } from './state.js';
import { passkeyJson } from './passkeys.js';
import { createUser, findUser } from './users.js';

async function readJson(request: Request): Promise<unknown> {
  if (mediaType(request) !== 'application/json') fail(400, 'invalid_request', 'the body must be application/json');
  const text = await readText(request);
  try {
    return JSON.parse(text);
  } catch {
    return fail(400, 'invalid_request', 'the body must be JSON');
  }
}

/** GET|DELETE /_mock/inbox: what the provider sent, newest last. */
export function inboxEndpoint(context: Context, request: Request): Answer {
  if (request.method === 'DELETE') {
    context.state.inbox = [];
    context.notify({ type: 'inbox' });
    return answer(204, null);
  }
  return answer(200, context.state.inbox);
}

/** GET|PUT /_mock/config: the policies in force. */
export async function configEndpoint(context: Context, request: Request): Promise<Answer> {
  if (request.method === 'PUT') {
    try {
      context.state.config = mergeConfig(context.state.config, await readJson(request));
    } catch (error) {
      if (error instanceof TypeError) fail(400, 'invalid_request', error.message);
      throw error;
    }
  }
  return answer(200, context.state.config);
}

/** Reads `{"email"}` or `{"phone"}` (or `{"login_hint"}`) from a users request. */
function readAddress(body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail(400, 'invalid_request', 'the body must be a JSON object');
  const { email, phone, login_hint: loginHint } = body as Record<string, unknown>;
  const given = [email, phone, loginHint].filter((value) => value !== undefined);
  if (given.length !== 1 || typeof given[0] !== 'string') {
    fail(400, 'invalid_request', 'give exactly one of "email", "phone" or "login_hint" as a string');
  }
  const address = parseIdentifier(given[0]);
  if ((email !== undefined && address.channel !== 'email') || (phone !== undefined && address.channel !== 'sms')) {
    fail(400, 'invalid_request', email !== undefined ? 'email is not an email address' : 'phone is not an E.164 number');
  }
  return address;
}

/**
 * GET|POST|DELETE /_mock/users: the accounts. POST `{"email"}` or `{"phone"}` adds one;
 * DELETE removes one (`?sub=`, `?email=`, `?phone=`) or, without a query, all of them.
 */
export async function usersEndpoint(context: Context, request: Request): Promise<Answer> {
  const { users } = context.state;
  if (request.method === 'POST') {
    const address = readAddress(await readJson(request));
    if (findUser(context.state, address)) fail(409, 'invalid_request', 'a user with this address exists');
    return answer(201, createUser(context, address));
  }
  if (request.method === 'DELETE') {
    const query = new URL(request.url).searchParams;
    const sub = query.get('sub');
    const hint = query.get('email') ?? query.get('phone');
    if (sub === null && hint === null) {
      context.state.users = {};
      context.state.passkeys = {};
      return answer(204, null);
    }
    const user = sub !== null ? (Object.hasOwn(users, sub) ? users[sub] : undefined) : findUser(context.state, parseIdentifier(hint!));
    if (!user) fail(404, 'invalid_request', 'no such user');
    delete users[user.sub];
    for (const passkey of Object.values(context.state.passkeys ?? {})) if (passkey.sub === user.sub) delete context.state.passkeys![passkey.id];
    return answer(204, null);
  }
  return answer(200, Object.values(users));
}

/**
 * POST /_mock/reset: back to a fresh provider with the configured policies and the demo users.
 * The signing key stays, so ID tokens and cached key sets of running apps keep verifying.
 */
export function resetEndpoint(context: Context): Answer {
  const { signingKey } = context.state;
  const fresh = emptyState(structuredClone(context.defaults));
  for (const key of Object.keys(context.state)) delete (context.state as unknown as Record<string, unknown>)[key];
  Object.assign(context.state, fresh, signingKey ? { signingKey } : {});
  context.notify({ type: 'inbox' });
  return answer(204, null);
}

/**
 * GET|DELETE /_mock/passkeys: every registered passkey (`<Passkey>` plus `sub` and `rp_id`);
 * DELETE removes one (`?id=`) or all, as if deleted on another device: the next sign-in with it
 * answers `unknown_credential`.
 */
export function passkeysDevEndpoint(context: Context, request: Request): Answer {
  const passkeys = (context.state.passkeys ??= {});
  if (request.method === 'DELETE') {
    const id = new URL(request.url).searchParams.get('id');
    if (id === null) {
      context.state.passkeys = {};
      return answer(204, null);
    }
    if (!Object.hasOwn(passkeys, id)) fail(404, 'not_found', 'no such passkey');
    delete passkeys[id];
    return answer(204, null);
  }
  return answer(200, Object.values(passkeys).map((passkey) => ({ ...passkeyJson(passkey), sub: passkey.sub, rp_id: passkey.rpId })));
}
