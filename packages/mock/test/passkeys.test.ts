import { expect } from '@open-wc/testing';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';
// @ts-expect-error: a plain ES module shared with the Node tests, without types.
import { softwareAuthenticator } from './node/authenticator.mjs';

const issuer = 'https://id.pwless.test';
const clientId = 'pwless-demo';

const sha256 = async (text: string) => btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The browser mock verifies passkeys in the page (msw handlers, no service worker here): the same
 * @simplewebauthn/server code as in Node, on the browser's WebCrypto. A page cannot set `Origin`,
 * so these requests come without one and the RP ID is the issuer's host.
 */
describe('passkeys in the browser mock', () => {
  it('registers a passkey and signs in with it, and refuses the replay', async () => {
    const fetchFunction = mockFetch();
    const form = (url: string, parameters: Record<string, string>, headers: Record<string, string> = {}) =>
      fetchFunction(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(parameters) });
    const challenge = (parameters: Record<string, string>) => form(`${issuer}/challenge`, { response_type: 'code', client_id: clientId, ...parameters });
    const token = async (code: string, verifier: string) =>
      (await form(`${issuer}/token`, { grant_type: 'authorization_code', client_id: clientId, code, code_verifier: verifier })).json();

    const discovery = await (await fetchFunction(`${issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.pwless_passkeys_supported).to.equal(true);
    expect(discovery.pwless_passkeys_endpoint).to.equal(`${issuer}/passkeys`);

    const verifier = 'v'.repeat(43);
    const started = await (await challenge({ login_hint: 'ada@example.com', code_challenge: await sha256(verifier), code_challenge_method: 'S256', nonce: 'n' })).json();
    const verified = await (await challenge({ auth_session: started.auth_session, otp: await latestCode(fetchFunction, 'ada@example.com') })).json();
    const tokens = await token(verified.authorization_code, verifier);
    const authorization = { Authorization: `Bearer ${tokens.access_token}` };

    const options = await (await fetchFunction(`${issuer}/passkeys/options`, { method: 'POST', headers: authorization })).json();
    expect(options.options.rp.id).to.equal('id.pwless.test');
    const authenticator = softwareAuthenticator();
    const credential = await authenticator.create(options.options, issuer);
    const created = await form(`${issuer}/passkeys`, { registration_session: options.registration_session, credential: JSON.stringify(credential) }, authorization);
    expect(created.status).to.equal(201);

    const passkeyVerifier = 'p'.repeat(43);
    const passkeyStart = await challenge({ pwless_action: 'passkey', code_challenge: await sha256(passkeyVerifier), code_challenge_method: 'S256', nonce: 'n2' });
    expect(passkeyStart.status).to.equal(403);
    const { auth_session: authSession, pwless } = await passkeyStart.json();
    const assertion = JSON.stringify(await authenticator.get(pwless.passkey, issuer));
    const signedIn = await challenge({ auth_session: authSession, pwless_passkey: assertion });
    expect(signedIn.status).to.equal(200);
    const passkeyTokens = await token((await signedIn.json()).authorization_code, passkeyVerifier);
    const claims = JSON.parse(atob(passkeyTokens.id_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims.amr).to.deep.equal(['hwk', 'user']);
    const replay = await challenge({ auth_session: authSession, pwless_passkey: assertion });
    expect((await replay.json()).error).to.equal('invalid_session');
  });
});
