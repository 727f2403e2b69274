// A tiny same-origin test server for the element: the CDN bundle and its chunks, the mock provider
// under /idp (so even `default-src 'self'` allows the calls), and pages or scripts given per test.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createProvider } from '@pwless/mock';

const dist = new URL('../packages/login/dist/', import.meta.url);

/**
 * `files` maps a path to `{ body, type, headers }` (`*` gives headers for the bundle files); it is
 * read on each request, so pages that need the origin can be added once the server runs.
 * `issuerPath` is where the mock answers.
 */
export async function startElementServer(files = {}, issuerPath = '/idp') {
  let provider;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, `http://${request.headers.host}`);
    if (url.pathname.startsWith(`${issuerPath}/`)) {
      const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await new Promise((resolve) => {
        const chunks = [];
        request.on('data', (chunk) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks)));
      });
      const answer = await provider.handle(new Request(url, { method: request.method, headers: request.headers, body }));
      if (!answer || answer.type === 'error') return response.writeHead(answer ? 502 : 404).end();
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      return response.end(Buffer.from(await answer.arrayBuffer()));
    }
    const file = files[url.pathname];
    if (file) {
      response.writeHead(200, { 'Content-Type': file.type ?? 'text/html; charset=utf-8', ...file.headers });
      return response.end(file.body);
    }
    if (/^\/pwless-login(-[\w-]+)?\.min\.js$/.test(url.pathname)) {
      try {
        const body = await readFile(new URL(url.pathname.slice(1), dist));
        return response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', ...files['*']?.headers }).end(body);
      } catch {
        // falls through to 404
      }
    }
    response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${server.address().port}`;
  provider = createProvider({ issuer: `${origin}${issuerPath}` });
  return {
    files,
    origin,
    issuer: provider.issuer,
    provider,
    /** The newest code the mock sent to `to`. */
    async latestCode(to) {
      const inbox = await (await provider.handle(new Request(`${provider.issuer}/_mock/inbox`))).json();
      return inbox.filter((message) => message.to === to).at(-1)?.code;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
