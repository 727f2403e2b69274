import type { MockClient } from './config.js';
import { seconds, type Context } from './context.js';
import { constantTimeEqual, hashSecret, randomToken } from './crypto.js';
import { answer, fail, required, type Answer } from './http.js';
import { maskAddress } from './messages.js';
import type { AuthSession } from './state.js';

/** How much a `slow_down` adds to the polling interval (RFC 8628 §3.5). */
const slowDownStep = 5;
/** Milliseconds a poll may come early without `slow_down`: a client that waits exactly `interval` still meets timer and network jitter. */
const pollGrace = 250;

/**
 * Makes the session's new magic link, forgetting the older one. The token has two halves: a
 * selector to find the session and a verifier stored only as a salted hash.
 */
export async function newLink(context: Context, session: AuthSession): Promise<string> {
  const selector = randomToken(16);
  const verifier = randomToken(32);
  session.link = {
    selector,
    verifierHash: await hashSecret(verifier, selector),
    expiresAt: context.now + context.state.config.codeLifetime * 1000,
  };
  const url = new URL(session.linkUri!);
  url.searchParams.set('pwless_link', `${selector}.${verifier}`);
  return url.href;
}

/** The session a link token belongs to, or 400 `invalid_link` when it is unknown, spent or expired. */
async function sessionOfLink(context: Context, client: MockClient, token: string): Promise<AuthSession> {
  const [selector = '', verifier = '', ...rest] = token.split('.');
  const session = Object.values(context.state.sessions).find((candidate) => candidate.link?.selector === selector);
  const link = session?.link;
  const valid =
    session !== undefined &&
    link !== undefined &&
    rest.length === 0 &&
    session.clientId === client.clientId &&
    session.expiresAt > context.now &&
    link.expiresAt > context.now &&
    constantTimeEqual(await hashSecret(verifier, selector), link.verifierHash);
  if (!valid) fail(400, 'invalid_link', 'the link is unknown, expired or already used');
  return session;
}

/** `pwless_action=inspect`: what the landing page shows before the user approves. Spends nothing. */
export async function inspectLink(context: Context, client: MockClient, form: Map<string, string>): Promise<Answer> {
  const session = await sessionOfLink(context, client, required(form, 'pwless_link'));
  return answer(200, {
    to: maskAddress(session.identifier),
    ...(session.phrase === undefined ? {} : { phrase: session.phrase }),
    requested_at: seconds(session.requestedAt),
    user_agent: session.userAgent,
  });
}

/** `pwless_action=approve`: the one click that spends the link and lets the waiting client finish. */
export async function approveLink(context: Context, client: MockClient, form: Map<string, string>): Promise<Answer> {
  const session = await sessionOfLink(context, client, required(form, 'pwless_link'));
  delete session.link;
  // The code was the fallback for the same sign-in; once the link is approved it is spent too.
  delete session.otpHash;
  session.approvedAt = context.now;
  context.notify({ type: 'approved' });
  return answer(200, { approved: true });
}

/**
 * A poll of the waiting client (RFC 8628 §3.5 semantics): `authorization_pending` until the link is
 * approved, `slow_down` with a longer interval when polled too fast.
 */
export function pollLink(context: Context, session: AuthSession): Answer {
  const tooSoon = session.lastPolledAt !== undefined && context.now - session.lastPolledAt < session.pollInterval * 1000 - pollGrace;
  session.lastPolledAt = context.now;
  if (tooSoon) {
    session.pollInterval += slowDownStep;
    fail(400, 'slow_down', 'polled faster than the interval', { interval: session.pollInterval });
  }
  return fail(400, 'authorization_pending', 'waiting for the link to be opened', { interval: session.pollInterval });
}
