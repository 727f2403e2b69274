// Serves the built demo on http://localhost:8000 (PORT overrides). No network needed.
// Beside it runs the mock provider over real HTTP on 127.0.0.1 (PROVIDER_PORT, default 8787), for
// redirect mode: a page navigating to the provider's hosted page never reaches the service worker.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpServer } from '@pwless/mock/node';

const root = fileURLToPath(new URL('./public/', import.meta.url));
const playground = join(root, 'index.html');
// The element's CDN bundle and the chunks it loads on demand (locales, SDK parts), served as a CDN would.
const cdnDirectory = fileURLToPath(new URL('../packages/login/dist/', import.meta.url));
const cdnFile = /^\/(pwless-login(?:-[\w-]+)?\.min\.js)$/;
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** A port someone else holds (another `pwless-mock`, say) is no reason to refuse to start: any free one will do. */
async function startRedirectProvider(port) {
  try {
    return await startHttpServer({ port });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE' || port === 0) throw error;
    return startHttpServer({ port: 0 });
  }
}

/**
 * The playground names the redirect provider in a meta tag, read before the widget is defined. A copy
 * served elsewhere (static hosting) has no such tag, and its settings say redirect mode is not available.
 */
async function playgroundPage(issuer, auth0Issuer) {
  const page = await readFile(playground, 'utf8');
  return page.replace('</head>', `  <meta name="pwless-demo-redirect-issuer" content="${issuer}">\n  <meta name="pwless-demo-auth0-issuer" content="${auth0Issuer}">\n</head>`);
}

/** PROVIDER_PORT, else a free port for a demo on a free port (tests run several at once), else 8787. */
function defaultProviderPort(port) {
  if (process.env.PROVIDER_PORT !== undefined) return Number(process.env.PROVIDER_PORT);
  return port === 0 ? 0 : 8787;
}

/**
 * Starts the demo server and its redirect provider; closing the answered server closes both. The
 * provider listens on 127.0.0.1 only; `providerPort` 0 picks a free port.
 */
export async function startServer(port = Number(process.env.PORT ?? 8000), host = 'localhost', { providerPort = defaultProviderPort(port) } = {}) {
  const provider = await startRedirectProvider(providerPort);
  // The Backend switch's Auth0: a real server, since Auth0's sign-in ends in an iframe on the tenant's origin.
  const auth0 = await startHttpServer({ port: 0, dialect: 'auth0' });
  const server = createServer((request, response) => {
    // A request the handler cannot take (say a malformed %-escape) gets an answer, never a crash of the whole demo.
    answer(request, response).catch(() => (response.headersSent ? response.destroy() : response.writeHead(400).end()));
  });
  const answer = async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const cdnMatch = cdnFile.exec(path);
    let file = cdnMatch ? join(cdnDirectory, cdnMatch[1]) : normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!cdnMatch && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      await stat(file);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    if (file === playground) response.end(await playgroundPage(provider.issuer, auth0.issuer));
    else createReadStream(file).pipe(response);
  };
  server.redirectIssuer = provider.issuer;
  server.auth0Issuer = auth0.issuer;
  server.once('close', () => void Promise.all([provider.close(), auth0.close()]));
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
  } catch (error) {
    await Promise.all([provider.close(), auth0.close()]);
    throw error;
  }
  return server;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startServer();
  const { port } = server.address();
  console.log(`pwless demo: http://localhost:${port}/ (offline mock provider inside; Ctrl+C stops)`);
  console.log(`redirect mode: mock provider at ${server.redirectIssuer} (inbox ${server.redirectIssuer}/_mock/inbox)`);
  console.log(`Backend "Auth0": pwless-mock --dialect auth0 at ${server.auth0Issuer}`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
