import type { Context } from '../context.js';
import { composeMessage } from '../messages.js';
import { addToInbox } from '../send.js';

const hour = 3600_000;

/**
 * Counts a message to `identifier` against the hourly send limit (`sendsPerHour`), shared with the
 * pwless provider. Answers 0 when it may be sent (and records it), else the seconds to wait.
 */
export function takeSend(context: Context, identifier: string): number {
  const recent = (context.state.sends[identifier] ?? []).filter((time) => time > context.now - hour);
  if (recent.length >= context.state.config.sendsPerHour) return Math.max(1, Math.ceil((recent[0]! + hour - context.now) / 1000));
  context.state.sends[identifier] = [...recent, context.now];
  return 0;
}

export interface SignInMessage {
  to: string;
  locale: string;
  /** The code to type; empty for a link that carries none. */
  code: string;
  link?: string;
  phrase?: string;
  /** Seconds the code or link stays valid, as the message says it. */
  lifetime: number;
}

/** Writes a sign-in email with the mock's templates (12 languages) and puts it in the dev inbox. */
export function sendSignInEmail(context: Context, message: SignInMessage): void {
  const { to, locale, code, link, phrase, lifetime } = message;
  const composed = composeMessage(locale, 'email', {
    code,
    minutes: Math.max(1, Math.ceil(lifetime / 60)),
    ...(link === undefined ? {} : { link }),
    ...(phrase === undefined ? {} : { phrase }),
  });
  addToInbox(context, {
    to,
    channel: 'email',
    locale,
    ...composed,
    ...(code === '' ? {} : { code }),
    ...(link === undefined ? {} : { link }),
    ...(phrase === undefined ? {} : { phrase }),
  });
}
