// Several provider processes behind one issuer, sharing Debian's redis-server: a sign-in moves
// between them, survives one of them dying, holds its limits across them, and rides out a Redis
// restart with a clear "try again" and nothing lost that Redis kept.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RedisStore } from '../dist/index.js';
import { freePort, run, startProviderProcess, startRedis, startSmtp, writeConfig } from './harness.mjs';

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

async function post(url, form) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: response.status, body: await response.json() };
}

describe('two provider processes on one Redis', () => {
  let redis, redisPort, redisDir, smtp, config, first, second, urlOf;

  before(async () => {
    redisPort = await freePort();
    redisDir = await mkdtemp(join(tmpdir(), 'pwless-redis-'));
    redis = await startRedis(redisPort, redisDir);
    smtp = await startSmtp();
    const [portA, portB] = [await freePort(), await freePort()];
    config = await writeConfig({
      issuer: `http://127.0.0.1:${portA}`,
      port: portA,
      dataDir: './data',
      store: { redis: redis.url },
      signups: false,
      policy: { sendsPerHourPerIp: 6 },
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'x@example.com' },
      clients: [{ client_id: 'site', redirect_uris: ['https://site.example/'], origins: ['https://site.example'] }],
    });
    assert.equal((await run(['users', 'add', 'mum@example.com', '--config', config.file])).code, 0);
    first = await startProviderProcess(config.file);
    second = await startProviderProcess(config.file, ['--port', String(portB)]);
    // Both answer for the same issuer: what a load balancer in front of them would do.
    urlOf = { first: `http://127.0.0.1:${portA}`, second: `http://127.0.0.1:${portB}` };
  });

  after(async () => {
    await first?.stop();
    await second?.stop();
    await smtp?.close();
    await redis?.stop();
  });

  const startAt = (base, address = 'mum@example.com') => {
    const { verifier, challenge } = pkce();
    return post(`${base}/challenge`, { response_type: 'code', client_id: 'site', login_hint: address, scope: 'openid email', code_challenge: challenge, code_challenge_method: 'S256' }).then((answer) => ({ ...answer, verifier }));
  };
  const verifyAt = (base, authSession, otp) => post(`${base}/challenge`, { response_type: 'code', client_id: 'site', auth_session: authSession, otp });

  it('starts a sign-in on one process and finishes it, tokens and refresh, on the other', async () => {
    const count = smtp.messages.length;
    const started = await startAt(urlOf.first);
    assert.equal(started.status, 403);
    const { code } = await smtp.next('mum@example.com', count);
    const verified = await verifyAt(urlOf.second, started.body.auth_session, code);
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    const tokens = await post(`${urlOf.second}/token`, { grant_type: 'authorization_code', client_id: 'site', code: verified.body.authorization_code, code_verifier: started.verifier });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const refreshed = await post(`${urlOf.first}/token`, { grant_type: 'refresh_token', client_id: 'site', refresh_token: tokens.body.refresh_token });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const reused = await post(`${urlOf.second}/token`, { grant_type: 'refresh_token', client_id: 'site', refresh_token: tokens.body.refresh_token });
    assert.equal(reused.body.error, 'invalid_grant', 'a rotated refresh token is refused on the other process too');
  });

  it('counts wrong tries once each across processes', async () => {
    const count = smtp.messages.length;
    const started = await startAt(urlOf.second);
    const { code } = await smtp.next('mum@example.com', count);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const answers = await Promise.all([verifyAt(urlOf.first, started.body.auth_session, wrong), verifyAt(urlOf.second, started.body.auth_session, wrong), verifyAt(urlOf.first, started.body.auth_session, wrong)]);
    assert.deepEqual(answers.map((answer) => answer.body.error).sort(), ['invalid_otp', 'invalid_otp', 'otp_attempts_exceeded']);
    assert.equal((await verifyAt(urlOf.second, started.body.auth_session, code)).body.error, 'invalid_session');
  });

  it('spends an authorization code once when both processes trade it at the same moment', async () => {
    const count = smtp.messages.length;
    const started = await startAt(urlOf.first);
    const { code } = await smtp.next('mum@example.com', count);
    const verified = await verifyAt(urlOf.second, started.body.auth_session, code);
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    const trade = (base) => post(`${base}/token`, { grant_type: 'authorization_code', client_id: 'site', code: verified.body.authorization_code, code_verifier: started.verifier });
    const answers = await Promise.all([trade(urlOf.first), trade(urlOf.second), trade(urlOf.first), trade(urlOf.second)]);
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 400, 400, 400], JSON.stringify(answers.map((answer) => answer.body)));
    assert.ok(answers.filter((answer) => answer.status === 400).every((answer) => answer.body.error === 'invalid_grant'));
  });

  it('finishes on the other process when the first dies mid-sign-in', async () => {
    const count = smtp.messages.length;
    const started = await startAt(urlOf.first);
    const { code } = await smtp.next('mum@example.com', count);
    await first.kill();
    const verified = await verifyAt(urlOf.second, started.body.auth_session, code);
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    first = await startProviderProcess(config.file);
  });

  it('says "try again" while Redis is down and, once it is back, finishes with what Redis kept', async () => {
    const count = smtp.messages.length;
    const started = await startAt(urlOf.second);
    const { code } = await smtp.next('mum@example.com', count);
    await redis.stop();
    const during = await verifyAt(urlOf.second, started.body.auth_session, code);
    assert.equal(during.status, 503);
    assert.equal(during.body.error, 'server_error');
    assert.equal((await fetch(`${urlOf.second}/healthz`)).status, 503);
    redis = await startRedis(redisPort, redisDir);
    const deadline = Date.now() + 15_000;
    while ((await fetch(`${urlOf.second}/healthz`)).status !== 200) {
      assert.ok(Date.now() < deadline, 'the provider reconnects to Redis');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const afterRestart = await verifyAt(urlOf.second, started.body.auth_session, code);
    assert.equal(afterRestart.status, 200, JSON.stringify(afterRestart.body));
  });

  it('holds the per-IP send limit across processes', async () => {
    const sent = [];
    for (let index = 0; index < 8; index++) sent.push((await startAt(index % 2 ? urlOf.first : urlOf.second, `limit${index}@example.com`)).status);
    // Six an hour from this address: five went to the tests above, so one more passes, on either process.
    assert.deepEqual(sent, [403, 429, 429, 429, 429, 429, 429, 429]);
  });
});

describe('the Redis store’s lock', () => {
  let redis, client, store;
  const prefix = 'pwless-lock-test';

  before(async () => {
    redis = await startRedis(await freePort(), await mkdtemp(join(tmpdir(), 'pwless-redis-lock-')));
    const { Redis } = await import('ioredis');
    client = new Redis(redis.url);
    store = await RedisStore.open(redis.url, prefix);
  });

  after(async () => {
    await store?.close();
    client?.disconnect();
    await redis?.stop();
  });

  it('goes on after the lease of a process that died holding the lock, before waiting gives up', async () => {
    // What a process killed mid-transaction leaves: the lock with its token, until the lease ends.
    await client.set(`${prefix}:lock`, 'a-process-that-died', 'PX', 6_000, 'NX');
    const started = Date.now();
    await store.transact((data) => void (data.rules.marker = 'after the dead lock'));
    const waited = Date.now() - started;
    assert.ok(waited >= 4_000 && waited < 10_000, `waited ${waited} ms`);
    assert.equal(await store.transact((data) => data.rules.marker), 'after the dead lock');
  });

  it('refuses to save a transaction that outlived its lease, and keeps what the new holder saved', async () => {
    await store.transact((data) => void (data.rules.marker = 'before'));
    const late = store.transact(async (data) => {
      data.rules.marker = 'from the transaction that lost its lock';
      // The lease ran out meanwhile and another process took the lock.
      await client.set(`${prefix}:lock`, 'another-process', 'PX', 6_000);
    });
    await assert.rejects(late, (error) => error.name === 'StoreError' && /lock was lost/.test(error.message));
    await client.del(`${prefix}:lock`);
    assert.equal(await store.transact((data) => data.rules.marker), 'before');
  });
});
