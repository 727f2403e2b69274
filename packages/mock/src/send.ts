import type { Context } from './context.js';
import { hashSecret, randomDigits, randomToken } from './crypto.js';
import { fail } from './http.js';
import { newLink } from './link.js';
import { composeMessage } from './messages.js';
import type { AuthSession, InboxMessage } from './state.js';

const hour = 3600_000;
/** Messages the inbox keeps; every request copies the whole state, so an endless inbox would slow each one down. */
const inboxLimit = 100;

/** Answers 429 `slow_down` when the address already got its hourly share of messages. */
function checkHourlyCap(context: Context, identifier: string): number[] {
  const recent = (context.state.sends[identifier] ?? []).filter((time) => time > context.now - hour);
  if (recent.length >= context.state.config.sendsPerHour) {
    const retryAfter = Math.max(1, Math.ceil((recent[0]! + hour - context.now) / 1000));
    fail(429, 'slow_down', 'too many messages sent to this address; try again later', { retry_after: retryAfter }, {
      'Retry-After': String(retryAfter),
    });
  }
  return recent;
}

/**
 * Makes a new code (and a new link, for link delivery) for the session, which forgets every older
 * one, and puts the message in the inbox. `vendorLink` writes a vendor's own link for the new code. `deliver` is false for unknown addresses while sign-ups
 * are closed: the answer looks the same, but nothing is sent.
 */
export async function sendChallenge(
  context: Context,
  session: AuthSession,
  deliver: boolean,
  vendorLink?: (code: string) => string,
): Promise<void> {
  const { config } = context.state;
  const recent = checkHourlyCap(context, session.identifier);
  context.state.sends[session.identifier] = [...recent, context.now];
  const code = randomDigits(config.codeLength);
  // Salting with the session id keeps equal codes of different sessions from sharing a hash.
  session.otpHash = await hashSecret(code, session.id);
  session.otpExpiresAt = context.now + config.codeLifetime * 1000;
  session.lastSentAt = context.now;
  session.attemptsRemaining = config.maxAttempts;
  // A vendor's link carries the code itself (Auth0's `verify_redirect`); ours is a landing page to approve on.
  const link = vendorLink ? vendorLink(code) : session.linkUri === undefined ? undefined : await newLink(context, session);
  if (!deliver) return;
  const phrase = session.phrase === undefined ? {} : { phrase: session.phrase };
  const message = composeMessage(session.locale, session.channel, {
    code,
    minutes: Math.max(1, Math.ceil(config.codeLifetime / 60)),
    ...(link === undefined ? {} : { link }),
    ...(session.originHost === undefined ? {} : { originHost: session.originHost }),
    ...phrase,
  });
  await context.deliver(context, {
    id: randomToken(9),
    to: session.identifier,
    channel: session.channel,
    locale: session.locale,
    ...message,
    code,
    ...(link === undefined ? {} : { link }),
    ...phrase,
    sentAt: context.now,
  });
}

/** The mock's delivery: the message goes to the dev inbox, and open inbox panels hear of it. */
export async function deliverToInbox(context: Context, message: InboxMessage): Promise<void> {
  addToInbox(context, message);
}

/** Puts a sent message in the dev inbox (which keeps the newest ones) and tells the dev panels. */
export function addToInbox(context: Context, message: Omit<InboxMessage, 'id' | 'sentAt'> & Partial<Pick<InboxMessage, 'id' | 'sentAt'>>): void {
  context.state.inbox.push({ id: randomToken(9), sentAt: context.now, ...message });
  if (context.state.inbox.length > inboxLimit) context.state.inbox.splice(0, context.state.inbox.length - inboxLimit);
  context.notify({ type: 'inbox' });
}
