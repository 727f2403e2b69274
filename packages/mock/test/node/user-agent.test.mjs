// Browsers do not let a page set `User-Agent` on a request; Node does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProvider } from '../../dist/index.js';

const issuer = 'https://id.pwless.test';
const pixel = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

function challenge(provider, parameters, headers = {}) {
  return provider.handle(
    new Request(`${issuer}/challenge`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ response_type: 'code', client_id: 'pwless-demo', ...parameters }),
    }),
  );
}

describe('the landing page of a link', () => {
  it('describes the device that asked to sign in', async () => {
    const provider = createProvider();
    const started = await challenge(
      provider,
      {
        login_hint: 'parent@example.com',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
        pwless_delivery: 'link',
        pwless_link_uri: 'http://localhost:8000/signin',
      },
      { 'User-Agent': pixel },
    );
    assert.equal(started.status, 403);
    const [message] = await (await provider.handle(new Request(`${issuer}/_mock/inbox`))).json();
    const token = new URL(message.link).searchParams.get('pwless_link');
    const inspected = await (await challenge(provider, { pwless_action: 'inspect', pwless_link: token }, { 'User-Agent': 'curl/8.5.0' })).json();
    assert.equal(inspected.user_agent, 'Chrome · Android');
    assert.equal(inspected.to, 'p•••••@example.com');
    assert.equal(typeof inspected.requested_at, 'number');
  });
});
