// The demo client accepts any loopback return address (RFC 8252 §7.3); only web pages on it, not other kinds of URL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProvider } from '../../dist/index.js';

const issuer = 'https://id.pwless.test';
const notWebPages = ['blob:http://localhost:8000/0b5c', 'ws://localhost:8000/callback', 'http://user:secret@localhost:8000/callback', 'http://localhost:8000/callback#fragment'];

function authorize(redirectUri) {
  const parameters = new URLSearchParams({
    response_type: 'code',
    client_id: 'pwless-demo',
    redirect_uri: redirectUri,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    nonce: 'n-0S6_WzA2Mj',
    state: 'af0ifjsldkj',
  });
  return createProvider().handle(new Request(`${issuer}/authorize?${parameters}`));
}

function logout(postLogoutUri) {
  const parameters = new URLSearchParams({ client_id: 'pwless-demo', post_logout_redirect_uri: postLogoutUri });
  return createProvider().handle(new Request(`${issuer}/logout?${parameters}`));
}

describe('loopback return addresses of the demo client', () => {
  it('shows the sign-in page for a loopback http page', async () => {
    assert.equal((await authorize('http://localhost:8000/callback')).status, 200);
  });

  for (const uri of notWebPages) {
    it(`refuses ${uri} at /authorize with a page, never a redirect`, async () => {
      const response = await authorize(uri);
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('location'), null);
    });

    it(`refuses ${uri} after logout with a page, never a redirect`, async () => {
      const response = await logout(uri);
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('location'), null);
    });
  }
});
