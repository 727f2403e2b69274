import { expect } from '@open-wc/testing';
import { createProvider } from '../src/index.js';
import { codeChallenge, issuer, linkUri, provider } from './support/challenge.js';

const junkValues = ['', ' ', '__proto__', 'constructor', 'null', '%00', '\u0000', '😀'.repeat(50), 'a'.repeat(3000), '+', '@', 'a@b.c', '+1', '-1', '1e309'];
const parameters = ['response_type', 'client_id', 'login_hint', 'code_challenge', 'code_challenge_method', 'auth_session', 'otp', 'pwless_action', 'pwless_delivery', 'pwless_link_uri', 'pwless_link', 'ui_locales', 'scope', 'nonce'];

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function sequence(seed: number) {
  let state = seed;
  return (limit: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % limit;
  };
}

function junkForm(next: (limit: number) => number, fuzzClient: boolean): URLSearchParams {
  const form = new URLSearchParams({ response_type: 'code', client_id: 'pwless-demo' });
  const valid: Record<string, string> = { login_hint: 'parent@example.com', code_challenge: codeChallenge, code_challenge_method: 'S256', pwless_link_uri: linkUri };
  for (const name of fuzzClient ? parameters : parameters.slice(2)) {
    const pick = next(fuzzClient ? 4 : 3);
    if (pick === 0) form.set(name, junkValues[next(junkValues.length)]!);
    if (pick === 1 && valid[name]) form.set(name, valid[name]);
  }
  return form;
}

describe('robustness', () => {
  it('answers 200 different junk challenge requests with JSON and never a 5xx', async () => {
    const mock = provider();
    const next = sequence(7);
    const statuses = new Set<number>();
    for (let round = 0; round < 200; round++) {
      const form = junkForm(next, round % 4 === 0);
      const response = await mock.fetch(`${issuer}/challenge`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
      statuses.add(response.status);
      expect(response.status, form.toString()).to.be.below(500);
      const body = (await response.json()) as { error?: unknown };
      if (response.status >= 400 && response.status !== 403) expect(body.error, form.toString()).to.be.a('string');
    }
    expect([...statuses]).to.include.members([400, 401, 403]);
  });

  for (const [path, method, body] of [
    ['/_mock/config', 'PUT', 'null'],
    ['/_mock/config', 'PUT', '[]'],
    ['/_mock/config', 'PUT', '"codeLength"'],
    ['/_mock/config', 'PUT', '{"codeLength":null}'],
    ['/_mock/config', 'PUT', '{"__proto__":{"codeLength":4}}'],
    ['/_mock/config', 'PUT', '{"deliveries":"code"}'],
    ['/_mock/config', 'PUT', '{"clockOffset":1e400}'],
    ['/_mock/users', 'POST', 'null'],
    ['/_mock/users', 'POST', '{}'],
    ['/_mock/users', 'POST', '{"email":["a@example.com"]}'],
  ] as const) {
    it(`answers ${method} ${path} with ${body} by a 4xx JSON error`, async () => {
      const mock = provider();
      const response = await mock.fetch(`${issuer}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body });
      expect(response.status).to.be.within(400, 499);
      expect(((await response.json()) as { error: string }).error).to.equal('invalid_request');
    });
  }

  it('does not treat inherited property names as users or sessions', async () => {
    const mock = provider();
    const removed = await mock.fetch(`${issuer}/_mock/users?sub=constructor`, { method: 'DELETE' });
    expect(removed.status).to.equal(404);
    const answer = await mock.challenge({ auth_session: '__proto__', otp: '123456' });
    expect(answer.body.error).to.equal('invalid_session');
  });

  for (const path of ['/tenant__proto__', '/tenantconstructor', '/tenant-other/jwks']) {
    it(`leaves ${path} alone when the issuer is https://id.pwless.test/tenant: only the issuer's own paths are its`, async () => {
      const tenant = createProvider({ issuer: 'https://id.pwless.test/tenant' });
      const response = await tenant.handle(new Request(`https://id.pwless.test${path}`)).catch((error: unknown) => String(error));
      expect(response === undefined ? 'not handled' : typeof response === 'string' ? response : `answered ${response.status}`).to.equal('not handled');
    });
  }

  it('answers 404 not_found for a path named like an Object member under the issuer', async () => {
    const tenant = createProvider({ issuer: 'https://id.pwless.test/tenant' });
    const response = await tenant.handle(new Request('https://id.pwless.test/tenant/__proto__'));
    expect(response?.status).to.equal(404);
  });
});
