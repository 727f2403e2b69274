import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const assetsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');
const elementDir = dirname(fileURLToPath(import.meta.resolve('@pwless/login/pwless-login.min.js')));

/** Serves the sign-in page's files: its stylesheet and script, and the `<pwless-login>` bundle with its chunks. */
export async function asset(response: ServerResponse, name: string): Promise<boolean> {
  const own = name === 'page.css' || name === 'sign-in-page.js';
  const element = /^pwless-login[A-Za-z0-9_.-]*\.min\.js$/.test(name);
  if (!own && !element) return false;
  const file = join(own ? assetsDir : elementDir, name);
  const content = await readFile(file).catch(() => undefined);
  if (!content) return false;
  response.writeHead(200, {
    'Content-Type': name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
    'Cache-Control': 'public, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(content);
  return true;
}
