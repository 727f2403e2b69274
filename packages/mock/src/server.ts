import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackOrigin } from './clients.js';
import { variantOf } from './dialects/index.js';
import { createProvider, type MockOptions, type MockProvider } from './provider.js';

export interface HttpServerOptions extends Omit<MockOptions, 'issuer'> {
  /** TCP port on 127.0.0.1; `0` picks a free one. Default 8787. */
  port?: number;
}

export interface HttpServer {
  /**
   * `http://127.0.0.1:<port>`: the issuer, and the only origin the server answers for. For a vendor
   * dialect, its base URL on that origin (Appwrite's ends in `/v1`).
   */
  readonly issuer: string;
  readonly port: number;
  readonly provider: MockProvider;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const maxBodyBytes = 64 * 1024;

/** The request body, or `undefined` when it is larger than the limit (the rest is read and dropped, so a 413 can still be sent). */
function readBody(incoming: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    incoming.on('end', () => resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}

/**
 * Turns a Node request into a fetch `Request` for the issuer. The URL is built from the issuer,
 * not from the `Host` header, so a request is answered as the issuer whatever loopback name reached it.
 */
async function toRequest(issuer: string, incoming: IncomingMessage): Promise<Request | undefined> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = incoming.method ?? 'GET';
  const url = new URL(incoming.url ?? '/', issuer).href;
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  const body = await readBody(incoming);
  return body === undefined ? undefined : new Request(url, { method, headers, body: new Uint8Array(body) });
}

function sendJson(outgoing: ServerResponse, status: number, body: unknown): void {
  outgoing.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  outgoing.end(JSON.stringify(body));
}

/**
 * Whether the request was addressed to a loopback name. A page on another name that its DNS later
 * points at 127.0.0.1 (DNS rebinding) is same-origin with itself and would read the inbox's codes;
 * its requests still carry that name. Clients that send no `Host` are no browser.
 */
function addressedToLoopback(incoming: IncomingMessage): boolean {
  const host = incoming.headers.host;
  return host === undefined || isLoopbackOrigin(`http://${host}`);
}

async function answer(provider: MockProvider, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  if (!addressedToLoopback(incoming)) return sendJson(outgoing, 403, { error: 'invalid_request', error_description: 'this server answers only for 127.0.0.1 and localhost' });
  const request = await toRequest(provider.issuer, incoming);
  if (!request) return sendJson(outgoing, 413, { error: 'invalid_request', error_description: 'the body is too large' });
  const response = await provider.handle(request);
  if (!response) return sendJson(outgoing, 404, { error: 'not_found' });
  // The offline switch: the connection drops as a network failure would.
  if (response.type === 'error') {
    incoming.socket.destroy();
    return;
  }
  // Each cookie keeps its own Set-Cookie line (a Headers object would join them with commas).
  const headers: Record<string, string | string[]> = Object.fromEntries(response.headers);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  outgoing.writeHead(response.status, headers);
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Serves the mock provider over real HTTP on 127.0.0.1, for curl and for apps that cannot use a
 * service worker. Same provider, same answers as the msw handlers.
 */
export function startHttpServer(options: HttpServerOptions = {}): Promise<HttpServer> {
  const { port = 8787, ...mockOptions } = options;
  let provider: MockProvider | undefined;
  const server = createServer((incoming, outgoing) => {
    if (!provider) return sendJson(outgoing, 503, { error: 'temporarily_unavailable' });
    answer(provider, incoming, outgoing).catch(() => {
      if (!outgoing.headersSent) sendJson(outgoing, 500, { error: 'server_error' });
      else outgoing.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actualPort = (server.address() as AddressInfo).port;
      let issuer = `http://127.0.0.1:${actualPort}`;
      try {
        const variant = variantOf(mockOptions.dialect ?? 'pwless');
        if (variant) issuer += new URL(variant.defaultBaseUrl).pathname.replace(/\/$/, '');
        provider = createProvider({ ...mockOptions, issuer });
      } catch (error) {
        server.close();
        reject(error);
        return;
      }
      const ready = provider;
      resolve({
        issuer,
        port: actualPort,
        provider: ready,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
