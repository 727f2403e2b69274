// Serves the built demo on http://localhost:8000 (PORT overrides). No network needed.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./public/', import.meta.url));
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

export function startServer(port = Number(process.env.PORT ?? 8000), host = 'localhost') {
  const server = createServer(async (request, response) => {
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
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startServer();
  const { port } = server.address();
  console.log(`pwless demo: http://localhost:${port}/ (offline mock provider inside; Ctrl+C stops)`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
