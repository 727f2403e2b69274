// Property-based check of the provider's challenge endpoint over HTTP: whatever the body, its
// media type and size, the answer is never a 5xx and always JSON with an `error` (or a code).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { announce, propertyParameters, record, runs, seed } from './settings.mjs';
import { startTestProvider } from './provider.mjs';

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));
const fieldNames = fc.oneof(fc.constantFrom('response_type', 'client_id', 'login_hint', 'scope', 'code_challenge', 'code_challenge_method', 'auth_session', 'otp', 'pwless_link', 'pwless_action', 'delivery', 'ui_locales', '__proto__', 'constructor'), fc.string());
const fieldValues = fc.oneof(fc.constantFrom('code', 'site', 'known@example.com', 'stranger@example.com', '+15555550100', 'openid email', 'S256', 'plain', 'inspect', 'approve', 'resend', 'link', 'sms', '000000'), anyText);
const form = fc.array(fc.tuple(fieldNames, fieldValues), { maxLength: 10 }).map((fields) => fields.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&'));
const bodies = fc.oneof(
  form.map((text) => new TextEncoder().encode(text)),
  fc.jsonValue({ maxDepth: 5 }).map((value) => new TextEncoder().encode(JSON.stringify(value))),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => new TextEncoder().encode(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`)),
  fc.integer({ min: 1, max: 3000 }).map((depth) => new TextEncoder().encode(`login_hint${'[a]'.repeat(depth)}=x`)),
  fc.uint8Array({ maxLength: 512 }),
  fc.integer({ min: 16 * 1024 - 8, max: 64 * 1024 }).map((size) => new TextEncoder().encode(`otp=${'1'.repeat(size)}`)),
);
const contentTypes = fc.option(fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded;charset=UTF-8', 'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=latin1', ''), { nil: undefined });
const origins = fc.option(fc.constantFrom('https://family.example.com', 'https://evil.example', 'null', ''), { nil: undefined });

describe("the provider's challenge endpoint", () => {
  let running;
  before(async () => {
    // Limits high enough that the property meets the endpoint's answers, not only the send limits.
    running = await startTestProvider({ policy: { sendsPerHour: 100, sendsPerHourPerIp: 10_000 } });
  });
  after(() => running?.close());

  it('answers any body with JSON and an error (or a code), never a 5xx', async (t) => {
    announce(t);
    const statuses = new Map();
    await fc.assert(
      fc.asyncProperty(bodies, contentTypes, origins, async (bytes, type, origin) => {
        const headers = {};
        if (type !== undefined) headers['Content-Type'] = type;
        if (origin !== undefined) headers.Origin = origin;
        const response = await fetch(`${running.issuer}/challenge`, { method: 'POST', headers, body: bytes });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        assert.ok(response.status < 500, `status ${response.status}`);
        assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
        const json = await response.json();
        assert.ok(typeof json.error === 'string' || typeof json.authorization_code === 'string', JSON.stringify(json));
        if (json.error) assert.doesNotMatch(JSON.stringify(json), /at .*\.js:\d+|Error:/);
      }),
      propertyParameters,
    );
    const figures = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
    t.diagnostic(`statuses ${figures}`);
    await record({ group: 'Property-based', check: 'Provider challenge endpoint over HTTP: any body (forms, JSON, nesting to 20,000 levels, raw bytes, up to 64 kB), media type and Origin → JSON with an error, never a 5xx or a stack', inputs: runs, seed, result: 'holds', figures: `answers by status: ${figures}` });
  });
});
