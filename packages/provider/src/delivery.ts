import { createTransport, type Transporter } from 'nodemailer';
import type { Context, InboxMessage } from '@pwless/mock/rules';
import { maskAddress } from '@pwless/mock/rules';
import type { ProviderConfig } from './config.js';
import type { Logger } from './log.js';

/** A message that could not be sent: the sign-in fails with a clear error instead of waiting for nothing. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
}

/** Messages the dev mail catcher keeps. */
const catcherLimit = 50;

export type Deliver = (context: Context, message: InboxMessage) => Promise<void>;

/**
 * Sends sign-in messages: email over SMTP (nodemailer), text messages to the configured webhook, or,
 * with `--dev`, into the mail catcher page. Every failure throws, so the request that asked for the
 * message fails visibly and changes nothing.
 */
export function createDelivery(config: ProviderConfig, log: Logger): { deliver: Deliver; close(): void } {
  const transport: Transporter | undefined =
    config.smtp && !config.dev
      ? createTransport({
          host: config.smtp.host,
          port: config.smtp.port,
          secure: config.smtp.secure ?? false,
          requireTLS: config.smtp.requireTLS ?? false,
          ...(config.smtp.auth ? { auth: config.smtp.auth } : {}),
          // A few connections kept open and reused: no new TCP and TLS handshake and EHLO per message.
          pool: true,
          maxConnections: 5,
          maxMessages: 100,
          // A sign-in waits for its message: a mail server that does not answer must fail soon.
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
          // Loopback test servers have no certificate; everywhere else TLS is checked.
          tls: { rejectUnauthorized: !['127.0.0.1', 'localhost', '::1'].includes(config.smtp.host) },
        })
      : undefined;

  async function deliver(context: Context, message: InboxMessage): Promise<void> {
    const to = maskAddress(message.to);
    try {
      if (config.dev) {
        context.state.inbox.push(message);
        if (context.state.inbox.length > catcherLimit) context.state.inbox.splice(0, context.state.inbox.length - catcherLimit);
      } else if (message.channel === 'sms') {
        await sendSms(config, message);
      } else {
        if (!transport) throw new DeliveryError('no SMTP server is configured');
        await transport.sendMail({
          from: config.smtp!.from,
          ...(config.smtp!.replyTo ? { replyTo: config.smtp!.replyTo } : {}),
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        });
      }
      log({ event: 'message_sent', channel: message.channel, to, locale: message.locale });
    } catch (error) {
      log({ event: 'message_failed', channel: message.channel, to, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
      throw error instanceof DeliveryError ? error : new DeliveryError('the message could not be sent', { cause: error });
    }
  }

  return { deliver, close: () => transport?.close() };
}

async function sendSms(config: ProviderConfig, message: InboxMessage): Promise<void> {
  if (!config.sms) throw new DeliveryError('no SMS webhook is configured');
  const response = await fetch(config.sms.webhook, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...config.sms.headers },
    body: JSON.stringify({ to: message.to, text: message.text, locale: message.locale }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) throw new DeliveryError(`the SMS webhook answered ${response.status}`);
}
