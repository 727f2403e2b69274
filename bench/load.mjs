#!/usr/bin/env node
// Load on 127.0.0.1, bounded in users and time: complete code sign-ins (start → the code from an
// SMTP sink → verify → token) against one provider process on its file store, or two processes
// on one Redis with every sign-in moving between them. Each sign-in's code is then tried again and
// its authorization code traded again: both must be refused (no code accepted twice).
// `--store bare` runs the yardstick instead: oidc-provider alone (bench/bare-oidc.mjs, in-memory,
// an interaction that signs in at once) through complete authorization-code flows, so the cost of
// one sign-in can be stated as a ratio to it (server CPU per sign-in, latency at equal users).
//
//   node bench/load.mjs [--users 50] [--seconds 60] [--store file|redis|bare] [--json]
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** CPU time (user + system) a process has used so far, in milliseconds (Linux /proc; clock ticks of 10 ms). */
async function cpuMs(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of the file (utime, stime), counted after the command name.
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
}

async function startProcess(file, port, args = [command, '--config', file, '--port', String(port)], ready = /pwless-provider: issuer /) {
  // PWLESS_LOAD_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", goes to the servers' node (to profile them).
  const nodeArgs = (process.env.PWLESS_LOAD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  await new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk;
      if (ready.test(buffer)) {
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
    cpuMs: () => cpuMs(child.pid),
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
  const cpuBefore = await Promise.all(processes.map((running) => running.cpuMs()));

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
  const cpuAfter = await Promise.all(processes.map((running) => running.cpuMs()));
  for (const running of processes) await running.stop();
  await redis?.stop();
  await sink.close();
  const cpuMs = cpuAfter.reduce((sum, after, index) => sum + after - cpuBefore[index], 0);
  return summary({ store, processes: processCount, users, seconds, counts, elapsed, latencies, errors, memoryBefore, memoryAfter, cpuMs });
}

/** One run's figures, the same for the provider and the bare oidc-provider yardstick. */
function summary({ store, processes, users, seconds, counts, elapsed, latencies, errors, memoryBefore, memoryAfter, cpuMs }) {
  latencies.sort((a, b) => a - b);
  return {
    store,
    processes,
    users,
    seconds,
    ...counts,
    signInsPerSecond: counts.completed / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: Object.fromEntries(errors),
    memoryBefore,
    memoryAfter,
    cpuMsPerSignIn: counts.completed ? cpuMs / counts.completed : 0,
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
  };
}

/** Cookies of one browser, by name, from each answer's Set-Cookie. */
function cookieJar() {
  const cookies = new Map();
  return {
    header: () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    take(response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(';');
        const [name, value = ''] = pair.split('=');
        const gone = value === '' || attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
        if (gone) cookies.delete(name.trim());
        else cookies.set(name.trim(), value);
      }
    },
  };
}

/**
 * The yardstick: `users` browsers through oidc-provider's own authorization-code flow for
 * `seconds` (authorization request → interaction that signs in at once → resume → code → token),
 * against bench/bare-oidc.mjs in a process of its own, measured like runLoad.
 */
export async function runBare({ users = 50, seconds = 60 } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const running = await startProcess(undefined, port, [fileURLToPath(new URL('./bare-oidc.mjs', import.meta.url)), '--port', String(port)], /bare-oidc: ready/);
  const memoryBefore = [await running.rss()];
  const cpuBefore = await running.cpuMs();
  const latencies = [];
  const errors = new Map();
  const counts = { started: 0, completed: 0, lost: 0, codeAcceptedTwice: 0, authorizationCodeAcceptedTwice: 0, rateLimited: 0 };
  const deadline = Date.now() + seconds * 1000;
  const began = performance.now();

  async function person() {
    while (Date.now() < deadline) {
      const jar = cookieJar();
      const get = async (url) => {
        const response = await fetch(new URL(url, base), { redirect: 'manual', headers: { cookie: jar.header() } });
        jar.take(response);
        await response.arrayBuffer();
        if (response.status !== 303 && response.status !== 302) throw new Error(`${new URL(url, base).pathname.replace(/\/[^/]{20,}$/, '/:id')}: ${response.status}`);
        return response.headers.get('location');
      };
      const verifier = randomBytes(32).toString('base64url');
      const state = randomBytes(16).toString('base64url');
      const started = performance.now();
      counts.started++;
      try {
        const authorize = new URL(`${base}/auth`);
        for (const [name, value] of Object.entries({ client_id: 'bare', response_type: 'code', redirect_uri: 'https://site.example/', scope: 'openid email', state, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' })) authorize.searchParams.set(name, value);
        const interaction = await get(authorize);
        const resume = await get(interaction);
        const back = new URL(await get(resume));
        if (back.searchParams.get('state') !== state || !back.searchParams.get('code')) throw new Error(`callback: ${back.searchParams.get('error') ?? 'no code'}`);
        const tokens = await post(`${base}/token`, { grant_type: 'authorization_code', client_id: 'bare', code: back.searchParams.get('code'), code_verifier: verifier, redirect_uri: 'https://site.example/' });
        if (tokens.status !== 200 || !tokens.body.id_token) throw new Error(`token: ${tokens.status} ${tokens.body.error}`);
        latencies.push(performance.now() - started);
        counts.completed++;
      } catch (error) {
        counts.lost++;
        errors.set(error.message, (errors.get(error.message) ?? 0) + 1);
      }
    }
  }

  await Promise.all(Array.from({ length: users }, () => person()));
  const elapsed = (performance.now() - began) / 1000;
  const memoryAfter = [await running.rss()];
  const cpuAfter = await running.cpuMs();
  await running.stop();
  return summary({ store: 'bare', processes: 1, users, seconds, counts, elapsed, latencies, errors, memoryBefore, memoryAfter, cpuMs: cpuAfter - cpuBefore });
}

/** One sign-in of pwless against one flow of the yardstick: server CPU per sign-in, and latency at the same number of users. */
export function compareToBare(result, bare) {
  return {
    cpu: bare.cpuMsPerSignIn ? result.cpuMsPerSignIn / bare.cpuMsPerSignIn : NaN,
    p50: bare.p50 ? result.p50 / bare.p50 : NaN,
    throughput: bare.signInsPerSecond ? result.signInsPerSecond / bare.signInsPerSecond : NaN,
  };
}

const megabytes = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

export function describeLoad(result) {
  return `${result.processes} process${result.processes > 1 ? 'es' : ''} (${result.store} store), ${result.users} users, ${result.seconds} s: ${result.completed} sign-ins, ${result.signInsPerSecond.toFixed(1)}/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, lost ${result.lost}, codes accepted twice ${result.codeAcceptedTwice}, authorization codes accepted twice ${result.authorizationCodeAcceptedTwice}, rate-limited ${result.rateLimited}, server CPU ${result.cpuMsPerSignIn.toFixed(1)} ms a sign-in, memory ${result.memoryBefore.map(megabytes).join(' + ')} → ${result.memoryAfter.map(megabytes).join(' + ')}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { users: { type: 'string', default: '50' }, seconds: { type: 'string', default: '60' }, store: { type: 'string', default: 'file' }, json: { type: 'boolean', default: false } } });
  const options = { users: Number(values.users), seconds: Number(values.seconds), store: values.store };
  const result = values.store === 'bare' ? await runBare(options) : await runLoad(options);
  console.log(values.json ? JSON.stringify(result, null, 2) : describeLoad(result));
  if (Object.keys(result.errors).length) console.error(result.errors);
}
