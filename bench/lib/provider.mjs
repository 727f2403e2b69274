// The provider's server side: time per complete code sign-in (start → code → verify → token), side
// by side with the mock's HTTP server doing the same, and memory per 1,000 pending sign-ins.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startHttpServer } from '../../packages/mock/dist/node.js';
import { completeConfig, startProvider } from '../../packages/provider/dist/index.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function post(url, form) {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(form) });
  return { status: response.status, body: await response.json() };
}

/** One code sign-in over HTTP; `readCode` finds the code the server "sent". */
async function signIn(issuer, clientId, address, readCode) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const start = await post(`${issuer}/challenge`, { response_type: 'code', client_id: clientId, login_hint: address, scope: 'openid email', code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n' });
  if (start.status !== 403) throw new Error(`start answered ${start.status} ${JSON.stringify(start.body)}`);
  const verify = await post(`${issuer}/challenge`, { response_type: 'code', client_id: clientId, auth_session: start.body.auth_session, otp: await readCode(address) });
  if (verify.status !== 200) throw new Error(`verify answered ${verify.status}`);
  const token = await post(`${issuer}/token`, { grant_type: 'authorization_code', client_id: clientId, code: verify.body.authorization_code, code_verifier: verifier });
  if (token.status !== 200) throw new Error(`token answered ${token.status} ${JSON.stringify(token.body)}`);
}

/** Server milliseconds of each request, from the servers' own request log or timing. */
function serverTimer() {
  let total = 0;
  return { log: (entry) => (typeof entry.ms === 'number' ? (total += entry.ms) : undefined), take: () => ((value) => ((total = 0), value))(total) };
}

export async function measureProvider({ runs = 20, pending = 1000 } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'pwless-bench-provider-'));
  const timer = serverTimer();
  const config = completeConfig(
    {
      issuer: 'http://127.0.0.1:0',
      port: 0,
      dataDir,
      signups: true,
      policy: { sendsPerHourPerIp: 10_000 },
      clients: [{ client_id: 'bench', redirect_uris: ['http://127.0.0.1/'] }],
    },
    dataDir,
    { dev: true, env: {} },
  );
  // The issuer must be known before start; a free port is found by a first start.
  const probe = await startProvider(config, { log: () => undefined });
  const port = Number(new URL(probe.url).port);
  await probe.close();
  config.port = port;
  config.issuer = `http://127.0.0.1:${port}`;
  const provider = await startProvider(config, { log: timer.log });
  const mock = await startHttpServer({ port: 0 });
  try {
    const providerCode = (address) => provider.store.read((data) => data.rules.inbox.findLast((message) => message.to === address).code);
    const mockCode = async (address) => (await (await fetch(`${mock.issuer}/_mock/inbox`)).json()).findLast((message) => message.to === address).code;
    const providerMs = [];
    const providerServerMs = [];
    const mockMs = [];
    for (let run = 0; run < runs; run++) {
      timer.take();
      let started = performance.now();
      await signIn(provider.issuer, 'bench', `bench${run}@example.com`, providerCode);
      providerMs.push(performance.now() - started);
      providerServerMs.push(timer.take());
      started = performance.now();
      await signIn(mock.issuer, 'pwless-demo', `bench${run}@example.com`, mockCode);
      mockMs.push(performance.now() - started);
    }
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const fileBefore = (await stat(provider.store.file)).size;
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    for (let index = 0; index < pending; index++) {
      await post(`${provider.issuer}/challenge`, { response_type: 'code', client_id: 'bench', login_hint: `pending${index}@example.com`, scope: 'openid email', code_challenge: challenge, code_challenge_method: 'S256' });
    }
    collectGarbage();
    const heapAfter = process.memoryUsage().heapUsed;
    const fileAfter = (await stat(provider.store.file)).size;
    return {
      runs,
      providerMs: median(providerMs),
      providerServerMs: median(providerServerMs),
      mockMs: median(mockMs),
      pending,
      heapBytesPerThousand: ((heapAfter - heapBefore) * 1000) / pending,
      fileBytesPerThousand: ((fileAfter - fileBefore) * 1000) / pending,
    };
  } finally {
    await provider.close();
    await mock.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
