import type { Engine } from './engine.js';
import { errorFromResponse, PwlessError } from './errors.js';
import { linkToken, pollPause, toLinkInfo, type LinkInfo } from './link.js';
import { listTransactions, findTransaction, type Transaction } from './transactions.js';
import type { Session } from './types.js';

/** Seconds between polls for an approved link when the provider does not say. */
const defaultPollInterval = 5;

/** Names the lock a tab holds while it waits for the link of one sign-in. */
function waitingLock(transaction: Transaction): string {
  return `pwless-sign-in:${transaction.state}`;
}

/** Runs `work` under the lock `name` only when no other tab holds it; answers `undefined` otherwise. */
async function ifLockFree<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return work();
  return locks.request(name, { ifAvailable: true }, (lock) => (lock ? work() : undefined));
}

/**
 * Waits until the user approves the magic link, then finishes the sign-in with the PKCE verifier
 * that never left this browser. Holding the transaction's lock meanwhile tells a landing page in
 * this browser that a tab is waiting.
 */
export async function waitForApproval(engine: Engine, signal: AbortSignal | undefined): Promise<Session> {
  const pending = await engine.requirePending();
  if (pending.challenge?.delivery !== 'link') throw new PwlessError('no_pending_sign_in', 'no link sign-in is in progress');
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return poll(engine, pending, signal);
  return locks.request(waitingLock(pending), signal ? { signal } : {}, () => poll(engine, pending, signal));
}

/** Polls at the provider's `interval` (RFC 8628 §3.5 semantics), slower after `slow_down`. */
async function poll(engine: Engine, pending: Transaction, signal: AbortSignal | undefined): Promise<Session> {
  let interval = defaultPollInterval;
  for (;;) {
    // Another tab may have finished this sign-in while this one rested, or a resend renewed its auth_session.
    const latest = await findTransaction(pending.state);
    if (!latest) {
      const session = engine.holder.timed?.session;
      if (session) return session;
      throw new PwlessError('no_pending_sign_in', 'the sign-in ended in another tab');
    }
    pending.authSession = latest.authSession;
    let answer: { response: Response; body: unknown } | undefined;
    try {
      answer = await engine.challengePost({ auth_session: pending.authSession! }, signal, pending.dpopKeys);
    } catch (error) {
      if (!(error instanceof PwlessError && (error.code === 'network_error' || error.code === 'server_error'))) throw error;
    }
    const json = answer?.body as { error?: unknown; interval?: unknown } | null | undefined;
    // Offline, or the provider restarting or failing for a moment: the link in the email still works, so keep waiting.
    if (!answer || answer.response.status >= 500 || json?.error === 'authorization_pending' || json?.error === 'slow_down') {
      const told = typeof json?.interval === 'number' && json.interval > 0 ? json.interval : undefined;
      // Without a new interval, slow_down means five seconds more.
      interval = told ?? (json?.error === 'slow_down' ? interval + 5 : interval);
      await pollPause(interval * 1000, engine.wakers, signal);
      continue;
    }
    const result = await engine.settle(pending, answer.response, answer.body);
    if (result.kind === 'code') return engine.exchange(pending, result.authorizationCode, signal);
    throw new PwlessError('invalid_response', 'the provider sent a new challenge while waiting for the link');
  }
}

async function linkAction(engine: Engine, url: string | URL, action: 'inspect' | 'approve', signal: AbortSignal | undefined): Promise<unknown> {
  const { response, body } = await engine.challengePost({ pwless_link: linkToken(url), pwless_action: action }, signal);
  if (!response.ok || (body as { error?: unknown } | null)?.error !== undefined) throw errorFromResponse(response, body);
  return body;
}

export async function inspectLink(engine: Engine, url: string | URL, signal: AbortSignal | undefined): Promise<LinkInfo> {
  return toLinkInfo(await linkAction(engine, url, 'inspect', signal));
}

/**
 * Approves the sign-in (this spends the link) and wakes the tabs of this browser. When no tab is
 * waiting for a sign-in whose transaction is here, this page finishes it and answers the session.
 */
export async function approveLink(engine: Engine, url: string | URL, signal: AbortSignal | undefined): Promise<Session | undefined> {
  await linkAction(engine, url, 'approve', signal);
  engine.holder.post({ type: 'wake' });
  for (const transaction of await listTransactions(engine.options.issuer.href, engine.options.clientId, 'native')) {
    if (transaction.challenge?.delivery !== 'link') continue;
    const session = await ifLockFree(waitingLock(transaction), () => pollOnce(engine, transaction, signal));
    if (session) return session;
  }
  return undefined;
}

/** One poll from the landing page: finishes the sign-in when its link was approved, else leaves it. */
async function pollOnce(engine: Engine, transaction: Transaction, signal: AbortSignal | undefined): Promise<Session | undefined> {
  const { response, body } = await engine.challengePost({ auth_session: transaction.authSession! }, signal, transaction.dpopKeys);
  if (typeof (body as { authorization_code?: unknown } | null)?.authorization_code !== 'string') return undefined;
  const result = await engine.settle(transaction, response, body);
  return result.kind === 'code' ? engine.exchange(transaction, result.authorizationCode, signal) : undefined;
}
