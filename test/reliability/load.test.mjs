// Load, short in CI (PWLESS_LOAD_USERS, PWLESS_LOAD_SECONDS; the report runs 50 users for 60 s):
// complete code sign-ins against one process on its file store and two processes on Redis.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeLoad, runLoad } from '../../bench/load.mjs';
import { record } from './settings.mjs';

const users = Number(process.env.PWLESS_LOAD_USERS ?? 10);
const seconds = Number(process.env.PWLESS_LOAD_SECONDS ?? 5);

describe(`${users} people signing in at once for ${seconds} s`, () => {
  for (const store of ['file', 'redis']) {
    it(`loses no sign-in and accepts no code twice (${store === 'redis' ? 'two processes on Redis' : 'one process, file store'})`, { timeout: (seconds + 120) * 1000 }, async (t) => {
      const result = await runLoad({ users, seconds, store });
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
        figures: `${result.signInsPerSecond.toFixed(1)} sign-ins/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms; memory (RSS) ${result.memoryBefore.map((bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`).join(' + ')} before, ${result.memoryAfter.map((bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`).join(' + ')} after`,
        machine: result.machine,
      });
    });
  }
});
