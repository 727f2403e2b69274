// Renewals where there are no Web Locks (Node, server-side rendering): the page itself must still
// spend a rotating refresh token only once, or the provider revokes the whole sign-in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createProvider } from '@pwless/mock';

const issuer = 'https://id.pwless.test';

function providerFetch() {
  const provider = createProvider();
  const urls = [];
  const fetch = async (input, init) => {
    const request = new Request(input, init);
    urls.push(request.url);
    return (await provider.handle(request)) ?? new Response(null, { status: 404 });
  };
  return { fetch, urls };
}

describe('renewals without Web Locks', () => {
  it('two client.fetch calls that both meet a 401 renew the token once and both succeed', async () => {
    const { createClient } = await import('../../dist/index.js');
    const { fetch, urls } = providerFetch();
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch });
    await client.start({ email: 'node@example.com' });
    const inbox = await (await fetch(`${issuer}/_mock/inbox`)).json();
    await client.verify(inbox.at(-1).code);
    await fetch(`${issuer}/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: client.session.accessToken, client_id: 'pwless-demo' }),
    });
    const answers = await Promise.allSettled([client.fetch(`${issuer}/userinfo`), client.fetch(`${issuer}/userinfo`)]);
    assert.deepEqual(answers.map((answer) => answer.value?.status ?? answer.reason?.code), [200, 200]);
    assert.equal(urls.filter((url) => url.endsWith('/token')).length, 2, 'one code exchange and one renewal');
    client.close();
  });
});
