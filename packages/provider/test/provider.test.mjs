// The provider's rules, configuration and commands, over HTTP on 127.0.0.1 without a browser.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, unlink, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { completeConfig, ConfigError, startProvider } from '../dist/index.js';
import { command, freePort, run, startProviderProcess, startSmtp, writeConfig } from './harness.mjs';

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

async function challenge(issuer, form, headers = {}) {
  const response = await fetch(`${issuer}/challenge`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const start = (issuer, address, extra = {}) =>
  challenge(issuer, { response_type: 'code', client_id: 'site', login_hint: address, scope: 'openid email', code_challenge: pkce().challenge, code_challenge_method: 'S256', ...extra });

describe('the configuration', () => {
  const base = { issuer: 'https://id.example.com', port: 3000, dataDir: './data', smtp: { host: 'smtp.example.com', port: 465, secure: true, from: 'x@example.com' }, clients: [] };

  it('names the field that is wrong', () => {
    assert.throws(() => completeConfig({ ...base, smtp: { ...base.smtp, port: 70000 } }, '/tmp', { env: {} }), { name: 'ConfigError', message: /smtp\.port must be <= 65535/ });
    assert.throws(() => completeConfig({ ...base, clients: [{ client_id: 'a' }] }, '/tmp', { env: {} }), /clients\[0\]\.redirect_uris is missing/);
    assert.throws(() => completeConfig({ ...base, colour: 'red' }, '/tmp', { env: {} }), /colour is not a known setting/);
  });

  it('allows plain http only on loopback, and wants SMTP outside --dev', () => {
    assert.throws(() => completeConfig({ ...base, issuer: 'http://id.example.com' }, '/tmp', { env: {} }), ConfigError);
    assert.ok(completeConfig({ ...base, issuer: 'http://127.0.0.1:3000' }, '/tmp', { env: {} }));
    const { smtp: _smtp, ...withoutSmtp } = base;
    assert.throws(() => completeConfig(withoutSmtp, '/tmp', { env: {} }), /smtp is missing/);
  });

  it('takes every value from the environment too, relative dataDir from the file', () => {
    const config = completeConfig(base, '/srv/pwless', { env: { PWLESS_SMTP_AUTH_USER: 'u', PWLESS_SMTP_AUTH_PASS: 'p', PWLESS_PORT: '4000', PWLESS_SIGNUPS: 'true' } });
    assert.deepEqual(config.smtp.auth, { user: 'u', pass: 'p' });
    assert.equal(config.port, 4000);
    assert.equal(config.signups, true);
    assert.equal(config.dataDir, '/srv/pwless/data');
    assert.throws(() => completeConfig(base, '/tmp', { env: { PWLESS_PORT: 'many' } }), /PWLESS_PORT must be a number/);
  });
});

describe('the provider over HTTP', () => {
  let smtp, provider, issuer, dataDir;
  const siteOrigin = 'https://family.example.com';

  before(async () => {
    smtp = await startSmtp();
    dataDir = await mkdtemp(join(tmpdir(), 'pwless-provider-test-'));
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    const config = completeConfig(
      {
        issuer,
        port,
        dataDir,
        signups: false,
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Family <family@example.com>' },
        clients: [
          { client_id: 'site', redirect_uris: [`${siteOrigin}/`], origins: [siteOrigin] },
          { client_id: 'es-app', redirect_uris: ['https://es.example.com/'], id_token_signed_response_alg: 'ES256' },
          { client_id: 'immich', client_secret: 'immich-secret-0123456789', redirect_uris: ['https://photos.example.com/auth/login', 'app.immich:///oauth-callback'] },
        ],
      },
      dataDir,
      { env: {} },
    );
    provider = await startProvider(config, { log: () => undefined });
    await provider.store.transact((data) => {
      data.rules.users.known = { sub: 'known', email: 'known@example.com', createdAt: 0 };
    });
  });

  after(async () => {
    await provider?.close();
    await smtp?.close();
  });

  it('advertises the pwless profile in its discovery document', async () => {
    const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    assert.equal(metadata.authorization_challenge_endpoint, `${issuer}/challenge`);
    assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
    assert.ok(metadata.id_token_signing_alg_values_supported.includes('RS256'));
    assert.ok(metadata.ui_locales_supported.includes('he'));
  });

  it('gives an unknown address the same answer as a known one, and sends it nothing', async () => {
    const count = smtp.messages.length;
    const known = await start(issuer, 'known@example.com');
    const unknown = await start(issuer, 'stranger@example.com');
    assert.equal(known.status, 403);
    assert.equal(unknown.status, 403);
    assert.deepEqual(Object.keys(unknown.body).sort(), Object.keys(known.body).sort());
    assert.deepEqual(Object.keys(unknown.body.pwless).sort(), Object.keys(known.body.pwless).sort());
    await smtp.next('known@example.com', count);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(smtp.messages.slice(count).filter((message) => message.to.includes('stranger@example.com')).length, 0);
  });

  it('counts wrong codes once each and kills the sign-in at the limit; a right code then no longer works', async () => {
    const count = smtp.messages.length;
    const started = await start(issuer, 'known@example.com');
    const { code } = await smtp.next('known@example.com', count);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const session = started.body.auth_session;
    const tries = [];
    for (let attempt = 0; attempt < 3; attempt++) tries.push(await challenge(issuer, { response_type: 'code', client_id: 'site', auth_session: session, otp: wrong }));
    assert.deepEqual(tries.map((answer) => answer.body.error), ['invalid_otp', 'invalid_otp', 'otp_attempts_exceeded']);
    assert.deepEqual(tries.slice(0, 2).map((answer) => answer.body.attempts_remaining), [2, 1]);
    const late = await challenge(issuer, { response_type: 'code', client_id: 'site', auth_session: session, otp: code });
    assert.equal(late.body.error, 'invalid_session');
  });

  it('signs ID tokens ES256 for a client that asks, through the FiPA token request without redirect_uri', async () => {
    const count = smtp.messages.length;
    const { verifier, challenge: codeChallenge } = pkce();
    const started = await challenge(issuer, { response_type: 'code', client_id: 'es-app', login_hint: 'known@example.com', scope: 'openid email', code_challenge: codeChallenge, code_challenge_method: 'S256', nonce: 'n-1' });
    const { code } = await smtp.next('known@example.com', count);
    const verified = await challenge(issuer, { response_type: 'code', client_id: 'es-app', auth_session: started.body.auth_session, otp: code });
    const token = await fetch(`${issuer}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'es-app', code: verified.body.authorization_code, code_verifier: verifier }) });
    const tokens = await token.json();
    assert.equal(token.status, 200, JSON.stringify(tokens));
    const [header, payload] = tokens.id_token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    assert.equal(header.alg, 'ES256');
    assert.equal(payload.email, 'known@example.com');
    assert.equal(payload.nonce, 'n-1');
    assert.deepEqual(payload.amr, ['otp']);
    const wrongVerifier = await fetch(`${issuer}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'es-app', code: verified.body.authorization_code, code_verifier: pkce().verifier }) });
    assert.equal((await wrongVerifier.json()).error, 'invalid_grant');
  });

  it('registers Immich with its web pages and its app’s custom scheme, and refuses other redirect URIs', async () => {
    const { challenge: codeChallenge } = pkce();
    const authorize = (uri) => fetch(`${issuer}/auth?client_id=immich&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(uri)}&code_challenge=${codeChallenge}&code_challenge_method=S256`, { redirect: 'manual' });
    assert.equal((await authorize('app.immich:///oauth-callback')).status, 303);
    assert.equal((await authorize('https://photos.example.com/auth/login')).status, 303);
    assert.equal((await authorize('https://photos.example.com/auth/login/')).status, 400);
  });

  it('spends a code once', async () => {
    const count = smtp.messages.length;
    const started = await start(issuer, 'known@example.com');
    const { code } = await smtp.next('known@example.com', count);
    const form = { response_type: 'code', client_id: 'site', auth_session: started.body.auth_session, otp: code };
    assert.equal((await challenge(issuer, form)).status, 200);
    assert.equal((await challenge(issuer, form)).body.error, 'invalid_session');
  });

  it('refuses a page of an unregistered origin, and answers CORS only for registered ones', async () => {
    const foreign = await start(issuer, 'known@example.com', {}, {});
    assert.equal(foreign.status, 403);
    const evil = await challenge(issuer, { response_type: 'code', client_id: 'site', login_hint: 'known@example.com', code_challenge: pkce().challenge, code_challenge_method: 'S256' }, { Origin: 'https://evil.example' });
    assert.equal(evil.body.error, 'unauthorized_client');
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(`${issuer}/challenge`, { method: 'OPTIONS', headers: { Origin: siteOrigin } });
    assert.equal(preflight.headers.get('access-control-allow-origin'), siteOrigin);
  });

  it('refuses oversized bodies and plain HTTP methods it does not take, without a stack', async () => {
    const huge = await fetch(`${issuer}/challenge`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `login_hint=${'a'.repeat(40_000)}` });
    assert.equal(huge.status, 413);
    assert.equal((await huge.json()).error, 'invalid_request');
    const get = await fetch(`${issuer}/challenge`);
    assert.equal(get.status, 405);
  });

  it('refuses a forged finish of a sign-in page (no interaction cookie, wrong CSRF token)', async () => {
    const forged = await fetch(`${issuer}/interaction/abc/finish`, { method: 'POST', headers: { Origin: issuer, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'access_token=x&csrf=y' });
    assert.equal(forged.status, 403);
    const crossSite = await fetch(`${issuer}/interaction/abc/finish`, { method: 'POST', headers: { Origin: 'https://evil.example' }, body: '' });
    assert.equal(crossSite.status, 403);
  });

  it('shows an unregistered redirect URI a page in the person’s language, not a redirect', async () => {
    const { challenge: codeChallenge } = pkce();
    const response = await fetch(`${issuer}/auth?client_id=site&response_type=code&scope=openid&redirect_uri=https://evil.example/&code_challenge=${codeChallenge}&code_challenge_method=S256`, { headers: { 'Accept-Language': 'de-DE' }, redirect: 'manual' });
    assert.equal(response.status, 400);
    const page = await response.text();
    assert.match(page, /lang="de"/);
    assert.match(response.headers.get('content-security-policy'), /default-src 'none'/);
  });

  it('answers a clear, retryable error when the mail server is down, and keeps no half sign-in', async () => {
    await smtp.close();
    const sessionsBefore = await provider.store.read((data) => Object.keys(data.rules.sessions).length);
    const recentSends = (data) => (data.rules.sends['known@example.com'] ?? []).filter((time) => time > Date.now() - 3600_000).length;
    const sendsBefore = await provider.store.read(recentSends);
    const down = await start(issuer, 'known@example.com');
    assert.equal(down.status, 503);
    assert.equal(down.body.error, 'temporarily_unavailable');
    assert.equal(await provider.store.read((data) => Object.keys(data.rules.sessions).length), sessionsBefore);
    // The message is sent after the sign-in is saved; the failed send took both back, and its count.
    assert.equal(await provider.store.read(recentSends), sendsBefore);
    smtp = await startSmtp();
  });
});

describe('the commands', () => {
  it('adds, lists and removes users; an address is added once', async () => {
    const { file } = await writeConfig({ issuer: 'http://127.0.0.1:1', port: 1, dataDir: './data', smtp: { host: '127.0.0.1', port: 25, from: 'x@example.com' }, clients: [] });
    assert.equal((await run(['users', 'add', 'Mum@Example.COM', '--config', file, '--claim', 'immich_quota=5'])).code, 0);
    const again = await run(['users', 'add', 'mum@example.com', '--config', file]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already a user/);
    assert.match((await run(['users', 'list', '--config', file])).stdout, /^Mum@example\.com\t\t\{"immich_quota":5\}/m);
    assert.equal((await run(['users', 'add', 'not-an-address', '--config', file])).code, 2);
    assert.equal((await run(['users', 'remove', 'Mum@example.com', '--config', file])).code, 0);
    assert.equal((await run(['users', 'list', '--config', file])).stdout, '');
  });

  it('opens its store at once after a process died holding the lock (killed mid-write), and waits for a living holder', async () => {
    const { dir, file } = await writeConfig({ issuer: 'http://127.0.0.1:1', port: 1, dataDir: './data', smtp: { host: '127.0.0.1', port: 25, from: 'x@example.com' }, clients: [] });
    assert.equal((await run(['users', 'add', 'a@example.com', '--config', file])).code, 0);
    const lockFile = join(dir, 'data', 'pwless-provider.json.lock');
    // The lock as a process of this machine writes it, naming a process that has ended.
    const ended = spawn(process.execPath, ['-e', '']);
    await once(ended, 'exit');
    await writeFile(lockFile, `${hostname()} ${ended.pid} left-by-a-killed-process`);
    let started = Date.now();
    const added = await run(['users', 'add', 'b@example.com', '--config', file]);
    assert.equal(added.code, 0, added.stderr);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms; a dead holder's lock is taken over at once`);

    // A living holder (this test's process) is waited for, and the command goes on once it lets go.
    await writeFile(lockFile, `${hostname()} ${process.pid} held-by-a-living-process`);
    started = Date.now();
    const waiting = run(['users', 'add', 'c@example.com', '--config', file]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.match(await readFile(lockFile, 'utf8'), /held-by-a-living-process/, 'the living holder keeps its lock');
    await unlink(lockFile);
    const third = await waiting;
    assert.equal(third.code, 0, third.stderr);
    assert.ok(Date.now() - started >= 1500);
    assert.match((await run(['users', 'list', '--config', file])).stdout, /c@example\.com/);
  });

  it('adds a client with a secret printed once and stored hashed', async () => {
    const { file } = await writeConfig({ issuer: 'http://127.0.0.1:1', port: 1, dataDir: './data', smtp: { host: '127.0.0.1', port: 25, from: 'x@example.com' }, clients: [] });
    const added = await run(['clients', 'add', 'immich', '--redirect-uri', 'app.immich:///oauth-callback', '--config', file]);
    assert.equal(added.code, 0, added.stderr);
    const secret = /client secret .*: (\S+)/.exec(added.stdout)[1];
    const saved = await readFile(file, 'utf8');
    assert.ok(!saved.includes(secret), 'the secret itself is not stored');
    assert.match(JSON.parse(saved).clients[0].client_secret_hash, /^scrypt\$/);
  });

  it('refuses a data directory it cannot use, naming it, and starts nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pwless-bad-data-'));
    // A file where the directory should be: unusable even for root.
    await writeFile(join(dir, 'data'), 'not a directory');
    const { file } = await writeConfig({ issuer: 'http://127.0.0.1:1', port: 1, dataDir: join(dir, 'data'), smtp: { host: '127.0.0.1', port: 25, from: 'x@example.com' }, clients: [] });
    const result = await run(['--config', file]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /dataDir .*data cannot be used/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });

  it('authenticates an app with the secret `clients add` printed, though only its hash is stored', async () => {
    const port = await freePort();
    const { file } = await writeConfig({ issuer: `http://127.0.0.1:${port}`, port, dataDir: './data', smtp: { host: '127.0.0.1', port: 25, from: 'x@example.com' }, clients: [] });
    const added = await run(['clients', 'add', 'nextcloud', '--redirect-uri', 'https://cloud.example.com/apps/user_oidc/code', '--config', file]);
    const secret = /client secret .*: (\S+)/.exec(added.stdout)[1];
    const provider = await startProviderProcess(file);
    try {
      const revoke = (password) =>
        fetch(`${provider.issuer}/token/revocation`, {
          method: 'POST',
          headers: { Authorization: `Basic ${Buffer.from(`nextcloud:${password}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'token=unknown-token',
        });
      assert.equal((await revoke(secret)).status, 200);
      assert.equal((await revoke(`${secret}x`)).status, 401);
    } finally {
      await provider.stop();
    }
  });

  it('stops on SIGTERM within seconds, exit 0, though clients hold keep-alive connections and a request never finishes', async () => {
    const port = await freePort();
    const { file } = await writeConfig({ issuer: `http://127.0.0.1:${port}`, port, dataDir: './data', smtp: { host: '127.0.0.1', port: 25, from: 'x@example.com' }, clients: [] });
    const provider = await startProviderProcess(file);
    const sockets = [];
    const connect = () =>
      new Promise((resolve, reject) => {
        const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(socket));
        socket.on('error', () => undefined);
        socket.once('error', reject);
        sockets.push(socket);
      });
    // An idle keep-alive connection after one answer, and a request whose body stops half-way.
    const idle = await connect();
    idle.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`);
    await once(idle, 'data');
    const stuck = await connect();
    stuck.write(`POST /token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ngrant_type=`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const began = Date.now();
    try {
      assert.equal(await provider.stop(), 0, provider.stderr);
      assert.ok(Date.now() - began < 8_000, `stopped after ${Date.now() - began} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('adds a user while the server runs, and that user can sign in at once', async () => {
    const smtp = await startSmtp();
    const port = await freePort();
    const { file } = await writeConfig({ issuer: `http://127.0.0.1:${port}`, port, dataDir: './data', signups: false, smtp: { host: '127.0.0.1', port: smtp.port, from: 'x@example.com' }, clients: [{ client_id: 'site', redirect_uris: ['https://site.example/'] }] });
    const provider = await startProviderProcess(file);
    try {
      assert.equal((await run(['users', 'add', 'dad@example.com', '--config', file])).code, 0);
      const count = smtp.messages.length;
      const started = await start(provider.issuer, 'dad@example.com');
      const { code } = await smtp.next('dad@example.com', count);
      const verified = await challenge(provider.issuer, { response_type: 'code', client_id: 'site', auth_session: started.body.auth_session, otp: code });
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
    } finally {
      await provider.stop();
      await smtp.close();
    }
  });

  it('runs offline with --dev: demo app, mail catcher, printed addresses', async () => {
    const port = await freePort();
    const cwd = await mkdtemp(join(tmpdir(), 'pwless-dev-'));
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [command, '--dev', '--port', String(port)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      await new Promise((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          output += chunk;
          if (output.includes('mail catcher')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      assert.match(output, new RegExp(`issuer http://localhost:${port}`));
      const login = await fetch(`http://127.0.0.1:${port}/dev/app/login`, { redirect: 'manual' });
      assert.match(login.headers.get('location'), /\/auth\?client_id=dev-app&.*code_challenge_method=S256/);
      assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/dev/mail.json`)).json(), []);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it('rotates keys: new keys sign, the old ones stay published', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pwless-keys-'));
    const port = await freePort();
    const configFile = join(dataDir, 'provider.json');
    await writeFile(configFile, JSON.stringify({ issuer: `http://127.0.0.1:${port}`, port, dataDir: '.', smtp: { host: '127.0.0.1', port: 25, from: 'x@example.com' }, clients: [] }));
    const config = () => completeConfig(JSON.parse(JSON.stringify({ issuer: `http://127.0.0.1:${port}`, port, dataDir, smtp: { host: '127.0.0.1', port: 25, from: 'x@example.com' }, clients: [] })), dataDir, { env: {} });
    let provider = await startProvider(config(), { log: () => undefined });
    const before = (await (await fetch(`${provider.issuer}/jwks`)).json()).keys.map((key) => key.kid);
    await provider.close();
    assert.equal((await run(['keys', 'rotate', '--config', configFile])).code, 0);
    provider = await startProvider(config(), { log: () => undefined });
    const afterRotation = (await (await fetch(`${provider.issuer}/jwks`)).json()).keys.map((key) => key.kid);
    await provider.close();
    assert.equal(afterRotation.length, 4);
    assert.deepEqual(afterRotation.slice(2), before, 'the old keys are still published, after the new ones');
  });
});

describe('text messages', () => {
  it('go to the configured webhook as {to, text, locale}, in the asked language', async () => {
    const received = [];
    const { createServer } = await import('node:http');
    const webhook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    await new Promise((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const dataDir = await mkdtemp(join(tmpdir(), 'pwless-sms-'));
    const port = await freePort();
    const config = completeConfig(
      { issuer: `http://127.0.0.1:${port}`, port, dataDir, signups: true, smtp: { host: '127.0.0.1', port: 25, from: 'x@example.com' }, sms: { webhook: `http://127.0.0.1:${webhook.address().port}/sms` }, clients: [{ client_id: 'site', redirect_uris: ['https://site.example/'] }] },
      dataDir,
      { env: {} },
    );
    const provider = await startProvider(config, { log: () => undefined });
    try {
      const metadata = await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json();
      assert.deepEqual(metadata.pwless_channels_supported, ['email', 'sms']);
      const answer = await start(provider.issuer, '+4915112345678', { ui_locales: 'de' });
      assert.equal(answer.status, 403, JSON.stringify(answer.body));
      assert.equal(answer.body.pwless.channel, 'sms');
      assert.equal(received.length, 1);
      assert.equal(received[0].to, '+4915112345678');
      assert.equal(received[0].locale, 'de');
      assert.match(received[0].text, /\d{6}/);
    } finally {
      await provider.close();
      webhook.close();
    }
  });
});

describe('behind a TLS proxy', () => {
  it('counts sends per client address from X-Forwarded-For (the entry the proxy appended), and builds https URLs', async () => {
    const smtp = await startSmtp();
    const dataDir = await mkdtemp(join(tmpdir(), 'pwless-proxy-'));
    const port = await freePort();
    const config = completeConfig(
      { issuer: 'https://id.example.com', port, host: '127.0.0.1', proxy: true, dataDir, signups: true, policy: { sendsPerHourPerIp: 2 }, smtp: { host: '127.0.0.1', port: smtp.port, from: 'x@example.com' }, clients: [{ client_id: 'site', redirect_uris: ['https://site.example/'] }] },
      dataDir,
      { env: {} },
    );
    const provider = await startProvider(config, { log: () => undefined });
    const local = `http://127.0.0.1:${port}`;
    const proxied = (address, forwardedFor) =>
      challenge(local, { response_type: 'code', client_id: 'site', login_hint: address, scope: 'openid', code_challenge: pkce().challenge, code_challenge_method: 'S256' }, { 'X-Forwarded-For': forwardedFor, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'id.example.com' });
    try {
      assert.equal((await proxied('a@example.com', '203.0.113.7')).status, 403);
      assert.equal((await proxied('b@example.com', '198.51.100.1, 203.0.113.7')).status, 403);
      const third = await proxied('c@example.com', '10.9.9.9, 203.0.113.7');
      assert.equal(third.status, 429, 'a spoofed first entry does not escape the limit');
      assert.equal((await proxied('d@example.com', '203.0.113.8')).status, 403, 'another client has its own count');
      const metadata = await (await fetch(`${local}/.well-known/openid-configuration`, { headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'id.example.com' } })).json();
      assert.equal(metadata.token_endpoint, 'https://id.example.com/token');
    } finally {
      await provider.close();
      await smtp.close();
    }
  });
});
