// Load, short in CI (PWLESS_LOAD_USERS, PWLESS_LOAD_SECONDS; the report runs 50 users for 60 s):
// complete code sign-ins against one process on its file store and two processes on Redis, then
// the yardstick (oidc-provider alone, authorization-code flows) with as many users for as long,
// and what one sign-in costs next to one flow of it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareToBare, describeLoad, runBare, runLoad } from '../../bench/load.mjs';
import { record } from './settings.mjs';

const users = Number(process.env.PWLESS_LOAD_USERS ?? 10);
const seconds = Number(process.env.PWLESS_LOAD_SECONDS ?? 5);
const megabytes = (list) => list.map((bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`).join(' + ');

describe(`${users} people signing in at once for ${seconds} s`, () => {
  const results = {};

  for (const store of ['file', 'redis']) {
    it(`loses no sign-in and accepts no code twice (${store === 'redis' ? 'two processes on Redis' : 'one process, file store'})`, { timeout: (seconds + 120) * 1000 }, async (t) => {
      const result = await runLoad({ users, seconds, store });
      results[store] = result;
      t.diagnostic(describeLoad(result));
      assert.ok(result.completed > 0);
      assert.equal(result.lost, 0, JSON.stringify(result.errors));
      assert.equal(result.codeAcceptedTwice, 0);
      assert.equal(result.authorizationCodeAcceptedTwice, 0);
      assert.equal(result.rateLimited, 0);
      await record({
        group: 'Load',
        check: `${users} concurrent users, ${seconds} s, ${result.processes === 2 ? 'two provider processes on one Redis, every step on the other process than the one before' : 'one provider process, file store'}: start → code from the SMTP sink → verify → token; then the code and the authorization code tried again`,
        inputs: result.started,
        result: `${result.completed} sign-ins completed, ${result.lost} lost, codes accepted twice ${result.codeAcceptedTwice}, authorization codes accepted twice ${result.authorizationCodeAcceptedTwice}, rate-limited ${result.rateLimited}`,
        figures: `${result.signInsPerSecond.toFixed(1)} sign-ins/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms; provider CPU ${result.cpuMsPerSignIn.toFixed(1)} ms a sign-in; memory (RSS) ${megabytes(result.memoryBefore)} before, ${megabytes(result.memoryAfter)} after`,
        machine: result.machine,
      });
    });
  }

  it('measures the yardstick: oidc-provider alone through complete authorization-code flows, and one sign-in against it', { timeout: (seconds + 120) * 1000 }, async (t) => {
    const bare = await runBare({ users, seconds });
    t.diagnostic(describeLoad(bare));
    assert.ok(bare.completed > 0);
    assert.equal(bare.lost, 0, JSON.stringify(bare.errors));
    await record({
      group: 'Load',
      check: `Yardstick, same run: ${users} concurrent users, ${seconds} s, oidc-provider alone (same version, in-memory adapter, an interaction that signs in at once, one process): authorization request → interaction → code → token`,
      inputs: bare.started,
      result: `${bare.completed} flows completed, ${bare.lost} lost`,
      figures: `${bare.signInsPerSecond.toFixed(1)} flows/s, p50 ${bare.p50.toFixed(0)} ms, p99 ${bare.p99.toFixed(0)} ms; server CPU ${bare.cpuMsPerSignIn.toFixed(1)} ms a flow; memory (RSS) ${megabytes(bare.memoryBefore)} before, ${megabytes(bare.memoryAfter)} after`,
      machine: bare.machine,
    });
    for (const store of ['file', 'redis']) {
      const result = results[store];
      if (!result) continue;
      const ratio = compareToBare(result, bare);
      t.diagnostic(`${store}: ${ratio.cpu.toFixed(1)} × the CPU, ${ratio.p50.toFixed(1)} × the p50 latency`);
      assert.ok(Number.isFinite(ratio.cpu) && ratio.cpu > 0);
      await record({
        group: 'Load',
        check: `Cost of one sign-in as a ratio to one bare oidc-provider authorization-code flow (${store === 'redis' ? 'two processes on Redis' : 'one process, file store'}; both with ${users} concurrent users in this run)`,
        inputs: result.completed + bare.completed,
        result: `server CPU: ${ratio.cpu.toFixed(1)} × (${result.cpuMsPerSignIn.toFixed(1)} ms against ${bare.cpuMsPerSignIn.toFixed(1)} ms); p50 latency: ${ratio.p50.toFixed(1)} × (${result.p50.toFixed(0)} ms against ${bare.p50.toFixed(0)} ms)`,
        figures: `sign-ins/s ${ratio.throughput.toFixed(2)} × the flows/s; CPU of the provider process${result.processes > 1 ? 'es' : ''} only (not the SMTP sink${store === 'redis' ? ' or Redis' : ''})`,
        machine: result.machine,
      });
    }
  });
});
