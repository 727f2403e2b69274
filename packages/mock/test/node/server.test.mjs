import assert from 'node:assert/strict';
import { get } from 'node:http';
import { describe, it } from 'node:test';
import { startHttpServer } from '../../dist/node.js';
import { withRunning } from './running.mjs';

/** Runs `test` against a fresh server on a free port, and stops it afterwards. */
function withServer(test, options = {}) {
  return withRunning(() => startHttpServer({ port: 0, ...options }), (server) => test(server.issuer));
}

describe('the HTTP server', () => {
  it('answers 413 in the RFC 6749 error shape for a body over 64 KiB', () =>
    withServer(async (issuer) => {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `code=${'a'.repeat(100_000)}`,
      });
      assert.equal(response.status, 413);
      assert.equal((await response.json()).error, 'invalid_request');
    }));

  it('drops the connection while the offline switch is on', () =>
    withServer(async (issuer) => {
      await assert.rejects(fetch(`${issuer}/jwks`), TypeError);
    }, { config: { offline: true } }));

  it('answers JSON 404 for a path that is no endpoint', () =>
    withServer(async (issuer) => {
      const response = await fetch(`${issuer}/nowhere`);
      assert.equal(response.status, 404);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal((await response.json()).error, 'not_found');
    }));

  it('names itself by its loopback address whatever Host header a request carries', () =>
    withServer(async (issuer) => {
      // node:http sends the Host header as given (fetch would replace it).
      const body = await new Promise((resolve, reject) => {
        get(`${issuer}/.well-known/openid-configuration`, { headers: { Host: 'attacker.example' } }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));
        }).on('error', reject);
      });
      assert.equal(JSON.parse(body).issuer, issuer);
    }));

  it('refuses to start on a port that is taken', () =>
    withServer(async (issuer) => {
      await assert.rejects(startHttpServer({ port: Number(new URL(issuer).port) }), { code: 'EADDRINUSE' });
    }));
});
