import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const command = fileURLToPath(new URL('../../bin/pwless-mock.js', import.meta.url));

async function configFile(contents) {
  const path = join(await mkdtemp(join(tmpdir(), 'pwless-mock-')), 'config.json');
  await writeFile(path, JSON.stringify(contents));
  return path;
}

/** Starts the command and resolves once it printed its issuer URL. */
async function startCommand(...args) {
  const child = spawn(process.execPath, [command, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  const issuer = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /issuer (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  return { child, issuer };
}

async function stop(child, signal) {
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code, received] = await exited;
  return code ?? received;
}

const preflight = (issuer, origin) =>
  fetch(`${issuer}/token`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'dpop' } });

describe('the pwless-mock command', () => {
  it('prints its issuer URL and serves discovery for that issuer', async () => {
    const { child, issuer } = await startCommand();
    try {
      const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
      assert.equal(metadata.issuer, issuer);
      assert.equal(metadata.token_endpoint, `${issuer}/token`);
    } finally {
      await stop(child, 'SIGTERM');
    }
  });

  it('answers CORS preflights for registered origins only', async () => {
    const path = await configFile({
      clients: [{ clientId: 'shop', origins: ['https://shop.example'], redirectUris: [], linkUris: [], allowLoopback: false }],
    });
    const { child, issuer } = await startCommand('--config', path);
    try {
      const allowed = await preflight(issuer, 'https://shop.example');
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
      assert.match(allowed.headers.get('access-control-allow-headers'), /DPoP/);
      const refused = await preflight(issuer, 'https://evil.example');
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
    } finally {
      await stop(child, 'SIGTERM');
    }
  });

  it('lets the demo client call it from any loopback origin', async () => {
    const { child, issuer } = await startCommand();
    try {
      const allowed = await preflight(issuer, 'http://localhost:5173');
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    } finally {
      await stop(child, 'SIGTERM');
    }
  });

  it('applies the policies of a --config file', async () => {
    const { child, issuer } = await startCommand('--config', await configFile({ codeLength: 8, signupsOpen: false }));
    try {
      const config = await (await fetch(`${issuer}/_mock/config`)).json();
      assert.equal(config.codeLength, 8);
      assert.equal(config.signupsOpen, false);
    } finally {
      await stop(child, 'SIGTERM');
    }
  });

  it('stops cleanly on SIGINT', async () => {
    const { child } = await startCommand();
    assert.equal(await stop(child, 'SIGINT'), 0);
  });

  it('stops cleanly on SIGTERM', async () => {
    const { child } = await startCommand();
    assert.equal(await stop(child, 'SIGTERM'), 0);
  });

  it('refuses a config file with an unknown policy, naming it', async () => {
    const child = spawn(process.execPath, [command, '--port', '0', '--config', await configFile({ codeLenght: 8 })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (errors += chunk));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(errors, /codeLenght/);
  });
});
