import { IncomingMessage, type ServerResponse } from 'node:http';
import { AnswerError, oauthError, type Answer } from '@pwless/mock/rules';
import { noScriptPolicy } from './oidc.js';

/** The largest body any endpoint reads: oidc-provider's own limit (56 kB); ours are smaller. */
export const maxBodyBytes = 56 * 1024;

export async function readBody(request: IncomingMessage, limit = maxBodyBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AnswerError(oauthError(413, 'invalid_request', 'the body is too large'));
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The same request with a new body, for oidc-provider, which reads the body itself. */
export function replayRequest(original: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(original.socket);
  copy.method = original.method!;
  copy.url = original.url!;
  copy.httpVersion = original.httpVersion;
  copy.httpVersionMajor = original.httpVersionMajor;
  copy.httpVersionMinor = original.httpVersionMinor;
  copy.headers = { ...original.headers, 'content-length': String(body.length) };
  delete copy.headers['transfer-encoding'];
  // The body is all here: reading must not go back to the socket, which has nothing more for it.
  copy._read = () => undefined;
  // Marked complete, or ending the copy would destroy the socket the answer goes out on.
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

/**
 * The address a request came from. Behind a proxy (`proxy: true`) it is the last `X-Forwarded-For`
 * entry, the one the proxy itself appended: entries before it come from the client and prove nothing.
 */
export function clientAddress(request: IncomingMessage, behindProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  const last = typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() : undefined;
  return (behindProxy && last) || request.socket.remoteAddress || 'unknown';
}

export function sendJson(response: ServerResponse, result: Answer, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(result.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...extraHeaders, ...result.headers });
  response.end(result.body === null ? undefined : JSON.stringify(result.body));
}

export function sendHtml(response: ServerResponse, status: number, html: string, policy = noScriptPolicy): void {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': policy,
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  });
  response.end(html);
}
