#!/usr/bin/env node
// Load on 127.0.0.1, bounded in users and time: complete code sign-ins (start → the code from an
// SMTP sink → verify → token) against one provider process on its file store, or two processes
// on one Redis with every sign-in moving between them. Each sign-in's code is then tried again and
// its authorization code traded again: both must be refused (no code accepted twice).
//
//   node bench/load.mjs [--users 50] [--seconds 60] [--store file|redis] [--json]
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { codeIn, command, freePort, receiveSmtp, startRedis, writeConfig } from '../packages/provider/test/harness.mjs';

/** An SMTP sink that hands each message's code to whoever waits for that address. */
async function startSink() {
  const waiting = new Map();
  const arrived = new Map();
  const server = await receiveSmtp((raw, session) => {
    const code = codeIn(raw);
    for (const { address } of session.envelope.rcptTo) {
      const resolve = waiting.get(address);
      if (resolve) {
        waiting.delete(address);
        resolve(code);
      } else arrived.set(address, code);
    }
  });
  return {
    port: server.server.address().port,
    codeFor(address, timeout = 120_000) {
      if (arrived.has(address)) {
        const code = arrived.get(address);
        arrived.delete(address);
        return Promise.resolve(code);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(address);
          reject(new Error(`no message to ${address}`));
        }, timeout);
        waiting.set(address, (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function startProcess(file, port) {
  const child = spawn(process.execPath, [command, '--config', file, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  await new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk;
      if (/pwless-provider: issuer /.test(buffer)) {
        buffer = '';
        resolve();
      } else if (buffer.length > 100_000) buffer = '';
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the provider exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`the provider did not start: ${stderr}`)), 20_000);
  });
  // Keep reading its log so the pipe never fills; the lines are not needed.
  child.stdout.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    async rss() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function post(url, form) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: response.status, body: await response.json() };
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);

/**
 * Runs `users` people signing in again and again for `seconds`, each with a new address (sign-ups
 * are open, so the per-address limit never applies); the per-IP limit is raised to its maximum.
 */
export async function runLoad({ users = 50, seconds = 60, store = 'file' } = {}) {
  const sink = await startSink();
  const processCount = store === 'redis' ? 2 : 1;
  const ports = [];
  for (let index = 0; index < processCount; index++) ports.push(await freePort());
  let redis;
  if (store === 'redis') redis = await startRedis(await freePort(), await mkdtemp(join(tmpdir(), 'pwless-load-redis-')));
  const { file } = await writeConfig({
    issuer: `http://127.0.0.1:${ports[0]}`,
    port: ports[0],
    dataDir: './data',
    ...(redis ? { store: { redis: redis.url } } : {}),
    signups: true,
    policy: { sendsPerHour: 100, sendsPerHourPerIp: 10_000 },
    smtp: { host: '127.0.0.1', port: sink.port, secure: false, from: 'Load <load@example.com>' },
    clients: [{ client_id: 'site', redirect_uris: ['https://site.example/'], origins: ['https://site.example'] }],
  });
  const processes = [];
  for (const port of ports) processes.push(await startProcess(file, port));
  const at = (index) => processes[index % processes.length].url;
  const memoryBefore = await Promise.all(processes.map((running) => running.rss()));

  const latencies = [];
  const errors = new Map();
  const counts = { started: 0, completed: 0, lost: 0, codeAcceptedTwice: 0, authorizationCodeAcceptedTwice: 0, rateLimited: 0 };
  const fail = (what) => errors.set(what, (errors.get(what) ?? 0) + 1);
  const deadline = Date.now() + seconds * 1000;
  const began = performance.now();

  async function person(user) {
    for (let round = 0; Date.now() < deadline; round++) {
      const address = `u${user}-${round}-${randomBytes(3).toString('hex')}@load.example.com`;
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      // With two processes each step goes to the other one than the step before.
      const hop = user + round;
      const started = performance.now();
      counts.started++;
      try {
        const codeArrives = sink.codeFor(address);
        const start = await post(`${at(hop)}/challenge`, { response_type: 'code', client_id: 'site', login_hint: address, scope: 'openid email', code_challenge: challenge, code_challenge_method: 'S256' });
        if (start.status === 429) {
          counts.rateLimited++;
          codeArrives.catch(() => undefined);
          continue;
        }
        if (start.body.error !== 'insufficient_authorization') throw new Error(`start: ${start.status} ${start.body.error}`);
        const code = await codeArrives;
        const verify = await post(`${at(hop + 1)}/challenge`, { response_type: 'code', client_id: 'site', auth_session: start.body.auth_session, otp: code });
        if (verify.status !== 200) throw new Error(`verify: ${verify.status} ${verify.body.error}`);
        const tokens = await post(`${at(hop)}/token`, { grant_type: 'authorization_code', client_id: 'site', code: verify.body.authorization_code, code_verifier: verifier });
        if (tokens.status !== 200 || !tokens.body.id_token) throw new Error(`token: ${tokens.status} ${tokens.body.error}`);
        latencies.push(performance.now() - started);
        counts.completed++;
        // Outside the timing: the same code and the same authorization code, on the other process.
        const again = await post(`${at(hop)}/challenge`, { response_type: 'code', client_id: 'site', auth_session: start.body.auth_session, otp: code });
        if (again.status === 200) counts.codeAcceptedTwice++;
        const tradedAgain = await post(`${at(hop + 1)}/token`, { grant_type: 'authorization_code', client_id: 'site', code: verify.body.authorization_code, code_verifier: verifier });
        if (tradedAgain.status === 200) counts.authorizationCodeAcceptedTwice++;
      } catch (error) {
        counts.lost++;
        fail(error.message.replace(/u\d+-\d+-\w+@/, 'ADDRESS@'));
      }
    }
  }

  await Promise.all(Array.from({ length: users }, (_, user) => person(user)));
  const elapsed = (performance.now() - began) / 1000;
  const memoryAfter = await Promise.all(processes.map((running) => running.rss()));
  for (const running of processes) await running.stop();
  await redis?.stop();
  await sink.close();
  latencies.sort((a, b) => a - b);
  return {
    store,
    processes: processCount,
    users,
    seconds,
    ...counts,
    signInsPerSecond: counts.completed / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: Object.fromEntries(errors),
    memoryBefore,
    memoryAfter,
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
  };
}

const megabytes = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

export function describeLoad(result) {
  return `${result.processes} process${result.processes > 1 ? 'es' : ''} (${result.store} store), ${result.users} users, ${result.seconds} s: ${result.completed} sign-ins, ${result.signInsPerSecond.toFixed(1)}/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, lost ${result.lost}, codes accepted twice ${result.codeAcceptedTwice}, authorization codes accepted twice ${result.authorizationCodeAcceptedTwice}, rate-limited ${result.rateLimited}, memory ${result.memoryBefore.map(megabytes).join(' + ')} → ${result.memoryAfter.map(megabytes).join(' + ')}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { users: { type: 'string', default: '50' }, seconds: { type: 'string', default: '60' }, store: { type: 'string', default: 'file' }, json: { type: 'boolean', default: false } } });
  const result = await runLoad({ users: Number(values.users), seconds: Number(values.seconds), store: values.store });
  console.log(values.json ? JSON.stringify(result, null, 2) : describeLoad(result));
  if (Object.keys(result.errors).length) console.error(result.errors);
}
