// A static server for the bench pages, the built element (with any chunks beside it) and the
// bundles the bench makes itself. Loopback only; the mock client `pwless-demo` allows loopback origins.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json' };

/** `mounts` maps a URL prefix (e.g. `/login/`) to a folder on disk. */
export function startStaticServer(mounts) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const prefix = Object.keys(mounts).find((candidate) => path.startsWith(candidate));
    const folder = prefix && mounts[prefix];
    const file = folder && normalize(join(folder, path.slice(prefix.length)));
    if (!file || !file.startsWith(folder.endsWith(sep) ? folder : folder + sep)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://localhost:${server.address().port}` }));
  });
}
