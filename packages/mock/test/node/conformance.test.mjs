import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  challengeCode,
  client,
  clientAuth,
  dpopKey,
  exchangeCode,
  hostedSignIn,
  insecure,
  latestMessage,
  oauth,
  postForm,
  redirectRequest,
  redirectUri,
  setConfig,
  signIn,
  verifyIdToken,
  withProvider,
} from './oauth-client.mjs';

describe('conformance with oauth4webapi over real HTTP', () => {
  it('advertises every endpoint of the profile in discovery', () =>
    withProvider(async (as) => {
      for (const name of ['authorization_endpoint', 'authorization_challenge_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'revocation_endpoint', 'end_session_endpoint']) {
        assert.ok(as[name]?.startsWith(as.issuer), `${name} is missing`);
      }
      assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
      assert.ok(as.dpop_signing_alg_values_supported.includes('ES256'));
      assert.ok(as.grant_types_supported.includes('refresh_token'));
    }));

  it('signs in with a code and issues an ID token signed by a key of the JWKS', () =>
    withProvider(async (as) => {
      const tokens = await signIn(as, { email: 'ada@example.com' });
      assert.equal(tokens.token_type, 'bearer');
      assert.equal(typeof tokens.refresh_token, 'string');
      const { payload, protectedHeader } = await verifyIdToken(as, tokens.id_token);
      assert.equal(protectedHeader.alg, as.id_token_signing_alg_values_supported[0]);
      assert.equal(payload.email, 'ada@example.com');
      assert.equal(payload.email_verified, true);
      assert.deepEqual(payload.amr, ['otp']);
    }));

  it('signs in by approving a magic link, while the starting client polls', () =>
    withProvider(async (as) => {
      const endpoint = as.authorization_challenge_endpoint;
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const nonce = oauth.generateRandomNonce();
      const started = await postForm(endpoint, {
        response_type: 'code',
        client_id: client.client_id,
        login_hint: 'grace@example.com',
        scope: 'openid email',
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        nonce,
        pwless_delivery: 'link',
        pwless_link_uri: 'http://127.0.0.1:9/landing',
      });
      assert.equal(started.body.error, 'insufficient_authorization');
      const poll = () => postForm(endpoint, { response_type: 'code', client_id: client.client_id, auth_session: started.body.auth_session });
      const pending = await poll();
      assert.equal(pending.body.error, 'authorization_pending');
      const message = await latestMessage(as, 'grace@example.com');
      const link = new URL(message.link).searchParams.get('pwless_link');
      const inspected = await postForm(endpoint, { response_type: 'code', client_id: client.client_id, pwless_link: link, pwless_action: 'inspect' });
      assert.equal(inspected.status, 200);
      assert.equal(inspected.body.phrase, started.body.pwless.phrase);
      const approved = await postForm(endpoint, { response_type: 'code', client_id: client.client_id, pwless_link: link, pwless_action: 'approve' });
      assert.deepEqual(approved.body, { approved: true });
      const done = await poll();
      assert.equal(done.status, 200);
      const response = await exchangeCode(as, { code: done.body.authorization_code, codeVerifier });
      const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
      assert.equal((await verifyIdToken(as, tokens.id_token)).payload.email, 'grace@example.com');
    }));

  it('rotates the refresh token on every refresh', () =>
    withProvider(async (as) => {
      const first = await signIn(as);
      const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, first.refresh_token, insecure);
      const second = await oauth.processRefreshTokenResponse(as, client, response);
      assert.notEqual(second.refresh_token, first.refresh_token);
      assert.notEqual(second.access_token, first.access_token);
      await verifyIdToken(as, second.id_token);
    }));

  it('answers userinfo with the claims of the granted scope', () =>
    withProvider(async (as) => {
      const tokens = await signIn(as, { email: 'linus@example.com' });
      const sub = oauth.getValidatedIdTokenClaims(tokens).sub;
      const response = await oauth.userInfoRequest(as, client, tokens.access_token, insecure);
      const claims = await oauth.processUserInfoResponse(as, client, sub, response);
      assert.equal(claims.email, 'linus@example.com');
      assert.equal(claims.email_verified, true);
    }));

  it('revokes a refresh token together with the access tokens of its sign-in', () =>
    withProvider(async (as) => {
      const tokens = await signIn(as);
      await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, clientAuth, tokens.refresh_token, insecure));
      const userinfo = await oauth.userInfoRequest(as, client, tokens.access_token, insecure);
      assert.equal(userinfo.status, 401);
      const refresh = await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token, insecure);
      await assert.rejects(oauth.processRefreshTokenResponse(as, client, refresh), { error: 'invalid_grant' });
    }));

  it('logs out: revokes the tokens and returns to a registered post_logout_redirect_uri with state', () =>
    withProvider(async (as) => {
      const tokens = await signIn(as);
      const logout = new URL(as.end_session_endpoint);
      logout.search = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: 'http://127.0.0.1:9/bye', state: 'xyz' }).toString();
      const response = await fetch(logout, { redirect: 'manual' });
      assert.equal(response.status, 302);
      assert.equal(response.headers.get('location'), 'http://127.0.0.1:9/bye?state=xyz');
      assert.equal((await oauth.userInfoRequest(as, client, tokens.access_token, insecure)).status, 401);
    }));

  it('signs in through the hosted page in redirect mode, with code, state and iss', () =>
    withProvider(async (as) => {
      const { codeVerifier, nonce, parameters, state } = await redirectRequest();
      const authorize = new URL(as.authorization_endpoint);
      authorize.search = new URLSearchParams({ ...parameters, login_hint: 'joan@example.com' }).toString();
      const page = await fetch(authorize);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /value="joan@example.com"/);
      const codePage = await postForm(as.authorization_endpoint, { ...parameters, login_hint: 'joan@example.com', pwless_step: 'start' });
      assert.equal(codePage.status, 200);
      const authSession = /name="auth_session" value="([^"]+)"/.exec(codePage.body)[1];
      const { code: otp } = await latestMessage(as, 'joan@example.com');
      const back = await postForm(as.authorization_endpoint, { auth_session: authSession, pwless_step: 'verify', otp });
      assert.equal(back.status, 302);
      const callback = new URL(back.headers.get('location'));
      assert.equal(callback.origin + callback.pathname, redirectUri);
      const callbackParameters = oauth.validateAuthResponse(as, client, callback, state);
      const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, callbackParameters, redirectUri, codeVerifier, insecure);
      const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
      assert.equal((await verifyIdToken(as, tokens.id_token)).payload.email, 'joan@example.com');
    }));

  it('binds a hosted-page code to the DPoP key named by dpop_jkt', () =>
    withProvider(async (as) => {
      const dpop = await dpopKey();
      const { callback, codeVerifier, nonce, state } = await hostedSignIn(as, { extra: { dpop_jkt: await dpop.handle.calculateThumbprint() } });
      const callbackParameters = oauth.validateAuthResponse(as, client, callback, state);
      const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, callbackParameters, redirectUri, codeVerifier, { ...insecure, DPoP: dpop.handle });
      const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce });
      assert.equal(tokens.token_type, 'dpop');
    }));

  it('binds the sign-in and every token to a DPoP key', () =>
    withProvider(async (as) => {
      const dpop = await dpopKey();
      const tokens = await signIn(as, { dpop });
      assert.equal(tokens.token_type, 'dpop');
      const sub = oauth.getValidatedIdTokenClaims(tokens).sub;
      const userinfo = await oauth.userInfoRequest(as, client, tokens.access_token, { ...insecure, DPoP: dpop.handle });
      assert.equal((await oauth.processUserInfoResponse(as, client, sub, userinfo)).sub, sub);
      const refresh = await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token, { ...insecure, DPoP: dpop.handle });
      assert.equal((await oauth.processRefreshTokenResponse(as, client, refresh)).token_type, 'dpop');
    }));

  it('asks for a DPoP nonce when the policy requires one, and accepts the retry', () =>
    withProvider(async (as) => {
      await setConfig(as, { dpopNonce: true });
      const dpop = await dpopKey();
      const grant = await challengeCode(as);
      const first = await exchangeCode(as, grant, { DPoP: dpop.handle });
      await assert.rejects(oauth.processAuthorizationCodeResponse(as, client, first), (error) => oauth.isDPoPNonceError(error));
      const retry = await exchangeCode(as, grant, { DPoP: dpop.handle });
      const tokens = await oauth.processAuthorizationCodeResponse(as, client, retry, { expectedNonce: grant.nonce });
      assert.equal(tokens.token_type, 'dpop');
    }));
});
