import { expect } from '@open-wc/testing';
import * as oauth from 'oauth4webapi';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';

const issuer = 'https://id.pwless.test';
const client: oauth.Client = { client_id: 'pwless-demo' };

/** A provider of its own, discovered with oauth4webapi, and a DPoP key like the SDK keeps (non-extractable). */
async function setUp() {
  const fetchFunction = mockFetch();
  const options = { [oauth.customFetch]: fetchFunction };
  const as = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer), options));
  const dpop = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
  return { fetchFunction, options, as, dpop };
}

/** Signs in through the challenge endpoint and exchanges the code with a DPoP proof. */
async function signIn({ fetchFunction, options, as, dpop }: Awaited<ReturnType<typeof setUp>>) {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const post = (parameters: Record<string, string>) =>
    fetchFunction(as.authorization_challenge_endpoint as string, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ response_type: 'code', client_id: client.client_id, ...parameters }),
    });
  const started = await (
    await post({ login_hint: 'ada@example.com', scope: 'openid email', code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256', nonce: 'n-1' })
  ).json();
  const verified = await (await post({ auth_session: started.auth_session, otp: await latestCode(fetchFunction, 'ada@example.com') })).json();
  const response = await oauth.genericTokenEndpointRequest(as, client, oauth.None(), 'authorization_code', { code: verified.authorization_code, code_verifier: codeVerifier }, { ...options, DPoP: dpop });
  return oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: 'n-1' });
}

describe('DPoP in the browser', () => {
  it('binds the tokens to the key and answers token_type DPoP', async () => {
    const setup = await setUp();
    const tokens = await signIn(setup);
    expect(tokens.token_type).to.equal('dpop');
    const userinfo = await oauth.userInfoRequest(setup.as, client, tokens.access_token, { ...setup.options, DPoP: setup.dpop });
    expect(userinfo.status).to.equal(200);
  });

  it('refreshes a bound refresh token only with a proof of the same key', async () => {
    const setup = await setUp();
    const tokens = await signIn(setup);
    const withoutProof = await oauth.refreshTokenGrantRequest(setup.as, client, oauth.None(), tokens.refresh_token!, setup.options);
    expect((await withoutProof.json()).error).to.equal('invalid_dpop_proof');
    const withProof = await oauth.refreshTokenGrantRequest(setup.as, client, oauth.None(), tokens.refresh_token!, { ...setup.options, DPoP: setup.dpop });
    expect((await oauth.processRefreshTokenResponse(setup.as, client, withProof)).token_type).to.equal('dpop');
  });

  it('refuses a bound access token presented as a bearer token', async () => {
    const setup = await setUp();
    const tokens = await signIn(setup);
    const userinfo = await oauth.userInfoRequest(setup.as, client, tokens.access_token, setup.options);
    expect(userinfo.status).to.equal(401);
    expect(userinfo.headers.get('www-authenticate')).to.match(/^DPoP error="invalid_token"/);
  });

  it('asks for a nonce in the DPoP-Nonce header when the policy requires one', async () => {
    const setup = await setUp();
    await setup.fetchFunction(`${issuer}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ dpopNonce: true }) });
    const response = await oauth.refreshTokenGrantRequest(setup.as, client, oauth.None(), 'unknown', { ...setup.options, DPoP: setup.dpop });
    expect(response.status).to.equal(400);
    expect(response.headers.get('dpop-nonce')).to.be.a('string');
    expect((await response.json()).error).to.equal('use_dpop_nonce');
  });
});
