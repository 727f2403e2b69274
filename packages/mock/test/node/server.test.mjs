import assert from 'node:assert/strict';
import { get } from 'node:http';
import { describe, it } from 'node:test';
import { startHttpServer } from '../../dist/node.js';
import { withRunning } from './running.mjs';

/** A GET with the given Host header: node:http sends it as given (fetch would replace it). */
function getWithHost(url, host) {
  return new Promise((resolve, reject) => {
    get(url, { headers: { Host: host } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () => resolve({ status: response.statusCode, text }));
    }).on('error', reject);
  });
}

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

  it('refuses a request for a name other than loopback, so a DNS-rebinding page cannot read the inbox', () =>
    withServer(async (issuer) => {
      const answer = await getWithHost(`${issuer}/_mock/inbox`, 'attacker.example');
      assert.equal(answer.status, 403);
      assert.equal(JSON.parse(answer.text).error, 'invalid_request');
      assert.doesNotMatch(answer.text, /attacker/);
    }));

  for (const name of ['localhost', '127.0.0.1', 'LOCALHOST']) {
    it(`answers as its loopback issuer when reached as ${name}`, () =>
      withServer(async (issuer) => {
        const answer = await getWithHost(`${issuer}/.well-known/openid-configuration`, `${name}:${new URL(issuer).port}`);
        assert.equal(JSON.parse(answer.text).issuer, issuer);
      }));
  }

  it('refuses to start on a port that is taken', () =>
    withServer(async (issuer) => {
      await assert.rejects(startHttpServer({ port: Number(new URL(issuer).port) }), { code: 'EADDRINUSE' });
    }));
});
