// What the provider's end-to-end tests run against: the provider from its command, a real SMTP
// server, relying parties on openid-client, a first-party page, all on 127.0.0.1.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as client from 'openid-client';
import { SMTPServer } from 'smtp-server';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const command = join(root, 'packages/provider/bin/pwless-provider.js');

export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Quoted-printable soft breaks and escapes undone, so codes and links can be read from the raw message. */
function decodeQuotedPrintable(text) {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * A real SMTP server on 127.0.0.1, at a free port, that hands each message to `onMessage(raw, session)`
 * (the message as received, and smtp-server's session with its envelope). Answers the listening server.
 */
export async function receiveSmtp(onMessage) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Closing is the server going down: open connections (the provider's pool) hear 421 at once
    // rather than after smtp-server's 30 s of grace.
    closeTimeout: 50,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        onMessage(Buffer.concat(chunks).toString('utf8'), session);
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** The six-digit code in the body of the raw message `raw`. */
export const codeIn = (raw) => /\b(\d{6})\b/.exec(raw.split(/\r?\n\r?\n/).slice(1).join('\n'))?.[1];

/** A real SMTP server on 127.0.0.1 that keeps every message it receives. */
export async function startSmtp() {
  const messages = [];
  const waiters = [];
  const server = await receiveSmtp((received, session) => {
    const raw = decodeQuotedPrintable(received);
    messages.push({
      to: session.envelope.rcptTo.map((address) => address.address),
      raw,
      code: codeIn(raw),
      link: /(http:\/\/127\.0\.0\.1:\d+\/link\?pwless_link=[A-Za-z0-9_.-]+)/.exec(raw)?.[1],
    });
    for (const waiter of waiters.splice(0)) waiter();
  });
  return {
    port: server.server.address().port,
    messages,
    /** The next message to `to` after `count` messages have arrived. */
    async next(to, count = messages.length, timeout = 15_000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const found = messages.slice(count).find((message) => message.to.includes(to));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no message to ${to}`);
        await new Promise((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export async function writeConfig(config) {
  const dir = await mkdtemp(join(tmpdir(), 'pwless-provider-'));
  const file = join(dir, 'provider.json');
  await writeFile(file, JSON.stringify(config, null, 2));
  return { dir, file };
}

/** Runs the command; resolves with its output. */
export async function run(args) {
  const child = spawn(process.execPath, [command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  return { code, stdout, stderr };
}

/** Starts `pwless-provider --config FILE` and waits for the line with its issuer URL. */
export async function startProviderProcess(file, extraArgs = []) {
  const child = spawn(process.execPath, [command, '--config', file, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const issuer = await new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`the provider did not start: ${stderr}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop();
      for (const line of parts) {
        lines.push(line);
        const match = /^pwless-provider: issuer (\S+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`the provider exited with ${code}: ${stderr}`)));
  });
  return {
    issuer,
    lines,
    get stderr() {
      return stderr;
    },
    /** Ends the process as a crash would: no cleanup at all. */
    async kill() {
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      return code;
    },
  };
}

/** An app that signs in with openid-client, the way Immich does: code + PKCE + state + nonce. */
export async function startRelyingParty({ issuer, clientId, clientSecret, authMethod, port }) {
  const origin = `http://127.0.0.1:${port}`;
  const redirectUri = `${origin}/callback`;
  const pending = new Map();
  let configuration;
  let lastIdToken;
  const auth = authMethod === 'client_secret_post' ? client.ClientSecretPost(clientSecret) : client.ClientSecretBasic(clientSecret);
  const server = createServer(async (request, response) => {
    try {
      configuration ??= await client.discovery(new URL(issuer), clientId, undefined, auth, { execute: [client.allowInsecureRequests] });
      const url = new URL(request.url, origin);
      if (url.pathname === '/login') {
        const verifier = client.randomPKCECodeVerifier();
        const state = client.randomState();
        const nonce = client.randomNonce();
        pending.set(state, { verifier, nonce });
        const target = client.buildAuthorizationUrl(configuration, {
          redirect_uri: redirectUri,
          scope: 'openid email profile',
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
          ...(url.searchParams.get('ui_locales') ? { ui_locales: url.searchParams.get('ui_locales') } : {}),
        });
        response.writeHead(302, { Location: target.href }).end();
        return;
      }
      if (url.pathname === '/callback') {
        const state = url.searchParams.get('state');
        const transaction = pending.get(state);
        pending.delete(state);
        const tokens = await client.authorizationCodeGrant(configuration, url, { pkceCodeVerifier: transaction?.verifier, expectedState: state, expectedNonce: transaction?.nonce });
        lastIdToken = tokens.id_token;
        const header = JSON.parse(Buffer.from(tokens.id_token.split('.')[0], 'base64url').toString());
        const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, tokens.claims().sub);
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ alg: header.alg, claims: tokens.claims(), userinfo }));
        return;
      }
      if (url.pathname === '/logout') {
        const target = client.buildEndSessionUrl(configuration, { id_token_hint: lastIdToken, post_logout_redirect_uri: `${origin}/bye` });
        response.writeHead(302, { Location: target.href }).end();
        return;
      }
      if (url.pathname === '/bye') {
        response.writeHead(200, { 'Content-Type': 'text/plain' }).end('signed out of the app');
        return;
      }
      response.writeHead(404).end();
    } catch (error) {
      response.writeHead(500, { 'Content-Type': 'text/plain' }).end(`app error: ${error.message}`);
    }
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return { origin, redirectUri, close: () => new Promise((resolve) => server.close(resolve)) };
}

const contentTypes = { '.js': 'text/javascript', '.html': 'text/html; charset=utf-8' };

/**
 * A first-party site: a plain page with the CDN bundle of <pwless-login> and the SDK's ESM build
 * (through an import map), so the test can drive refresh and sign-out with the same client.
 */
export async function startFirstPartySite({ port, issuer, clientId, dpop = false }) {
  const files = {
    '/': null,
    '/pwless-login.min.js': 'packages/login/dist/pwless-login.min.js',
  };
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Family site</title>
<script type="importmap">{"imports":{"@pwless/sdk":"/sdk/index.js","oauth4webapi":"/modules/oauth4webapi/build/index.js","idb-keyval":"/modules/idb-keyval/dist/index.js"}}</script>
<script type="module" src="/pwless-login.min.js"></script>
<script type="module">import { createClient } from '@pwless/sdk';
const client = createClient({ issuer: ${JSON.stringify(issuer)}, clientId: ${JSON.stringify(clientId)}, dpop: ${dpop} });
window.pwlessClient = client;
document.querySelector('pwless-login').client = client;</script></head>
<body><pwless-login issuer="${issuer}" client-id="${clientId}"></pwless-login></body></html>`;
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://site').pathname;
    let file;
    if (path === '/') return response.writeHead(200, { 'Content-Type': contentTypes['.html'] }).end(page);
    if (files[path]) file = files[path];
    else if (/^\/pwless-login-[\w-]+\.min\.js$/.test(path)) file = `packages/login/dist${path}`;
    else if (/^\/sdk\/[\w/-]+\.js$/.test(path)) file = `packages/sdk/dist${path.slice(4)}`;
    else if (/^\/modules\/(oauth4webapi|idb-keyval)\/[\w/.-]+\.js$/.test(path) && !path.includes('..')) file = `node_modules${path.slice(8)}`;
    if (!file) return response.writeHead(404).end();
    try {
      const body = await readFile(join(root, file));
      response.writeHead(200, { 'Content-Type': contentTypes['.js'] }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Debian's redis-server on 127.0.0.1 (`.ci/run` installs it), appending to a file so a restart keeps its data. */
export async function startRedis(port, dir) {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('error', (error) => reject(new Error(`redis-server cannot start (apt-get install redis-server): ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}/0`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
