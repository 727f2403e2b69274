import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT, exportJWK } from 'jose';
import {
  challengeCode,
  client,
  dpopKey,
  hostedSignIn,
  insecure,
  latestMessage,
  oauth,
  postForm,
  redirectUri,
  setConfig,
  signIn,
  withProvider,
} from './oauth-client.mjs';

const codeGrant = (as, { code, codeVerifier }, extra = {}, headers = {}) =>
  postForm(as.token_endpoint, { grant_type: 'authorization_code', client_id: client.client_id, code, code_verifier: codeVerifier, ...extra }, headers);

const refreshGrant = (as, refreshToken, headers = {}) =>
  postForm(as.token_endpoint, { grant_type: 'refresh_token', client_id: client.client_id, refresh_token: refreshToken }, headers);

const userinfo = (as, scheme, accessToken, headers = {}) =>
  fetch(as.userinfo_endpoint, { headers: { Authorization: `${scheme} ${accessToken}`, ...headers } });

async function authorizeUrl(as, overrides = {}) {
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirectUri,
    state: 'the-state',
    nonce: 'the-nonce',
    code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
    code_challenge_method: 'S256',
    ...overrides,
  }).toString();
  for (const [name, value] of Object.entries(overrides)) if (value === undefined) url.searchParams.delete(name);
  return url;
}

/** A challenge start signed with `proof`, for DPoP checks that need a fresh endpoint call. */
async function startWithProof(as, proof) {
  return postForm(as.authorization_challenge_endpoint, {
    response_type: 'code',
    client_id: client.client_id,
    login_hint: 'eve@example.com',
    code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
    code_challenge_method: 'S256',
    nonce: 'n',
  }, { DPoP: proof });
}

/** A plain challenge request; `start` begins a sign-in for `email`. */
const challenge = (as, parameters) => postForm(as.authorization_challenge_endpoint, { response_type: 'code', client_id: client.client_id, ...parameters });

const start = async (as, email, extra = {}) =>
  challenge(as, {
    login_hint: email,
    code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
    code_challenge_method: 'S256',
    nonce: 'n',
    ...extra,
  });

const startLink = (as, email) => start(as, email, { pwless_delivery: 'link', pwless_link_uri: 'http://127.0.0.1:9/landing' });

async function proofWithHeader(header, claims) {
  const { privateKey, publicKey } = await oauth.generateKeyPair('ES256', { extractable: true });
  const jwk = header.jwk === 'private' ? await exportJWK(privateKey) : await exportJWK(publicKey);
  return new SignJWT({ jti: crypto.randomUUID(), iat: Math.floor(Date.now() / 1000), ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', ...header, jwk })
    .sign(privateKey);
}

const rows = [
  {
    rule: 'three wrong codes kill the sign-in; a fourth try finds no session',
    async run(as) {
      const { body } = await start(as, 'ada@example.com');
      const verify = () => challenge(as, { auth_session: body.auth_session, otp: '00000x' });
      assert.equal((await verify()).body.error, 'invalid_otp');
      assert.equal((await verify()).body.error, 'invalid_otp');
      assert.equal((await verify()).body.error, 'otp_attempts_exceeded');
      assert.equal((await verify()).body.error, 'invalid_session');
    },
  },
  {
    rule: 'an expired one-time code is refused (clock offset)',
    async run(as) {
      const { body } = await start(as, 'ada@example.com');
      const { code } = await latestMessage(as, 'ada@example.com');
      await setConfig(as, { clockOffset: 181_000 });
      assert.equal((await challenge(as, { auth_session: body.auth_session, otp: code })).body.error, 'otp_expired');
    },
  },
  {
    rule: 'an old code no longer counts after a resend',
    async run(as) {
      const { body } = await start(as, 'ada@example.com');
      const { code: oldCode } = await latestMessage(as, 'ada@example.com');
      await setConfig(as, { clockOffset: 31_000 });
      assert.equal((await challenge(as, { auth_session: body.auth_session, pwless_action: 'resend' })).body.error, 'insufficient_authorization');
      const { code: newCode } = await latestMessage(as, 'ada@example.com');
      if (newCode === oldCode) return; // one chance in a million: the same digits again
      assert.equal((await challenge(as, { auth_session: body.auth_session, otp: oldCode })).body.error, 'invalid_otp');
    },
  },
  {
    rule: 'a resend before the cooldown answers 429 slow_down with Retry-After',
    async run(as) {
      const { body } = await start(as, 'ada@example.com');
      const early = await challenge(as, { auth_session: body.auth_session, pwless_action: 'resend' });
      assert.equal(early.status, 429);
      assert.equal(early.body.error, 'slow_down');
      assert.ok(Number(early.headers.get('retry-after')) > 0);
    },
  },
  {
    rule: 'a link confirmed twice is refused the second time',
    async run(as) {
      await startLink(as, 'grace@example.com');
      const link = new URL((await latestMessage(as, 'grace@example.com')).link).searchParams.get('pwless_link');
      const approve = () => challenge(as, { pwless_link: link, pwless_action: 'approve' });
      assert.equal((await approve()).status, 200);
      assert.equal((await approve()).body.error, 'invalid_link');
    },
  },
  {
    rule: 'polling faster than the interval answers slow_down with a longer interval',
    async run(as) {
      const { body } = await startLink(as, 'grace@example.com');
      const poll = () => challenge(as, { auth_session: body.auth_session });
      const first = await poll();
      assert.equal(first.body.error, 'authorization_pending');
      const second = await poll();
      assert.equal(second.body.error, 'slow_down');
      assert.ok(second.body.interval > first.body.interval);
    },
  },
  {
    rule: 'enumeration protection gives known and unknown addresses identical answers',
    async run(as) {
      await setConfig(as, { signupsOpen: false, enumerationProtection: true, securityPhrase: false });
      const known = await start(as, 'parent@example.com');
      const unknown = await start(as, 'nobody@example.com');
      const shape = ({ status, body }) => ({ status, error: body.error, keys: Object.keys(body).sort(), pwless: { ...body.pwless, to: body.pwless.to.replace(/^[^•]*/, '') } });
      assert.deepEqual(shape(unknown), shape(known));
      await assert.rejects(latestMessage(as, 'nobody@example.com'), /nothing was sent/);
    },
  },
  {
    rule: 'a wrong code_verifier is refused and spends the code',
    async run(as) {
      const grant = await challengeCode(as);
      const wrong = await codeGrant(as, { ...grant, codeVerifier: oauth.generateRandomCodeVerifier() });
      assert.equal(wrong.body.error, 'invalid_grant');
      assert.equal((await codeGrant(as, grant)).body.error, 'invalid_grant');
    },
  },
  {
    rule: 'a reused authorization code is refused and revokes what the first exchange bought',
    async run(as) {
      const grant = await challengeCode(as);
      const first = await codeGrant(as, grant);
      assert.equal(first.status, 200);
      assert.equal((await codeGrant(as, grant)).body.error, 'invalid_grant');
      assert.equal((await userinfo(as, 'Bearer', first.body.access_token)).status, 401);
      assert.equal((await refreshGrant(as, first.body.refresh_token)).body.error, 'invalid_grant');
    },
  },
  {
    rule: 'an expired authorization code is refused (clock offset)',
    async run(as) {
      const grant = await challengeCode(as);
      await setConfig(as, { clockOffset: 61_000 });
      assert.equal((await codeGrant(as, grant)).body.error, 'invalid_grant');
    },
  },
  {
    rule: 'a reused refresh token revokes the whole family',
    async run(as) {
      const tokens = await signIn(as);
      const rotated = await refreshGrant(as, tokens.refresh_token);
      assert.equal(rotated.status, 200);
      const reuse = await refreshGrant(as, tokens.refresh_token);
      assert.equal(reuse.status, 400);
      assert.equal(reuse.body.error, 'invalid_grant');
      assert.equal((await refreshGrant(as, rotated.body.refresh_token)).body.error, 'invalid_grant');
      assert.equal((await userinfo(as, 'Bearer', rotated.body.access_token)).status, 401);
      assert.equal((await userinfo(as, 'Bearer', tokens.access_token)).status, 401);
    },
  },
  {
    rule: 'a DPoP proof with a bad signature is refused',
    async run(as) {
      const { proof } = await dpopKey();
      const signed = await proof('POST', as.authorization_challenge_endpoint);
      const [header, payload, signature] = signed.split('.');
      const tampered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
      assert.equal((await startWithProof(as, tampered)).body.error, 'invalid_dpop_proof');
    },
  },
  {
    rule: 'a replayed DPoP proof is refused',
    async run(as) {
      const { proof } = await dpopKey();
      const signed = await proof('POST', as.authorization_challenge_endpoint);
      assert.equal((await startWithProof(as, signed)).body.error, 'insufficient_authorization');
      assert.equal((await startWithProof(as, signed)).body.error, 'invalid_dpop_proof');
    },
  },
  {
    rule: 'a DPoP proof for another URL is refused (htu)',
    async run(as) {
      const { proof } = await dpopKey();
      assert.equal((await startWithProof(as, await proof('POST', as.token_endpoint))).body.error, 'invalid_dpop_proof');
    },
  },
  {
    rule: 'a DPoP proof for another method is refused (htm)',
    async run(as) {
      const { proof } = await dpopKey();
      assert.equal((await startWithProof(as, await proof('GET', as.authorization_challenge_endpoint))).body.error, 'invalid_dpop_proof');
    },
  },
  {
    rule: 'a DPoP proof whose iat is off (a clock minutes wrong) is answered use_dpop_nonce, and passes only with the server nonce, once',
    async run(as) {
      const { proof } = await dpopKey();
      for (const minutes of [-10, 5]) {
        const iat = Math.floor(Date.now() / 1000) + minutes * 60;
        const stale = await startWithProof(as, await proof('POST', as.authorization_challenge_endpoint, { iat }));
        assert.equal(stale.status, 400);
        assert.equal(stale.body.error, 'use_dpop_nonce');
        const nonce = stale.headers.get('dpop-nonce');
        assert.match(nonce ?? '', /^[\w-]{16,}$/, 'a DPoP-Nonce header comes with it');
        const invented = await startWithProof(as, await proof('POST', as.authorization_challenge_endpoint, { iat, nonce: `${nonce}x` }));
        assert.equal(invented.body.error, 'use_dpop_nonce', 'a nonce the server did not give is no nonce');
        const withNonce = await proof('POST', as.authorization_challenge_endpoint, { iat, nonce });
        assert.equal((await startWithProof(as, withNonce)).body.error, 'insufficient_authorization', 'the sign-in starts');
        assert.equal((await startWithProof(as, withNonce)).body.error, 'invalid_dpop_proof', 'the same proof again is a replay');
      }
    },
  },
  {
    rule: 'a DPoP proof that is not typed dpop+jwt is refused',
    async run(as) {
      const proof = await proofWithHeader({ typ: 'JWT' }, { htm: 'POST', htu: as.authorization_challenge_endpoint });
      assert.equal((await startWithProof(as, proof)).body.error, 'invalid_dpop_proof');
    },
  },
  {
    rule: 'a DPoP proof carrying a private key is refused',
    async run(as) {
      const proof = await proofWithHeader({ jwk: 'private' }, { htm: 'POST', htu: as.authorization_challenge_endpoint });
      assert.equal((await startWithProof(as, proof)).body.error, 'invalid_dpop_proof');
    },
  },
  {
    rule: 'an auth_session started with one DPoP key cannot be finished with another',
    async run(as) {
      const first = await dpopKey();
      const second = await dpopKey();
      let calls = 0;
      const proof = (htm, htu) => (calls++ === 0 ? first : second).proof(htm, htu);
      await assert.rejects(challengeCode(as, { proof }), /invalid_dpop_proof/);
    },
  },
  {
    rule: 'a code bound to a DPoP key cannot be exchanged without a proof',
    async run(as) {
      const { proof } = await dpopKey();
      const grant = await challengeCode(as, { proof });
      assert.equal((await codeGrant(as, grant)).body.error, 'invalid_dpop_proof');
    },
  },
  {
    rule: 'a DPoP-bound refresh token cannot be used with another key',
    async run(as) {
      const tokens = await signIn(as, { dpop: await dpopKey() });
      const thief = await dpopKey();
      const stolen = await refreshGrant(as, tokens.refresh_token, { DPoP: await thief.proof('POST', as.token_endpoint) });
      assert.equal(stolen.body.error, 'invalid_dpop_proof');
    },
  },
  {
    rule: 'a DPoP-bound access token sent as a bearer token is refused',
    async run(as) {
      const tokens = await signIn(as, { dpop: await dpopKey() });
      const response = await userinfo(as, 'Bearer', tokens.access_token);
      assert.equal(response.status, 401);
      assert.match(response.headers.get('www-authenticate'), /^DPoP error="invalid_token"/);
    },
  },
  {
    rule: 'a DPoP proof whose ath names another access token is refused',
    async run(as) {
      const dpop = await dpopKey();
      const tokens = await signIn(as, { dpop });
      const proof = await dpop.proof('GET', as.userinfo_endpoint, { ath: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
      const response = await userinfo(as, 'DPoP', tokens.access_token, { DPoP: proof });
      assert.equal(response.status, 401);
      assert.match(response.headers.get('www-authenticate'), /error="invalid_dpop_proof"/);
    },
  },
  {
    rule: 'an unregistered redirect URI gets an error page, never a redirect',
    async run(as) {
      const response = await fetch(await authorizeUrl(as, { redirect_uri: 'https://evil.example/callback' }), { redirect: 'manual' });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('location'), null);
      assert.match(response.headers.get('content-type'), /^text\/html/);
    },
  },
  {
    rule: 'an unknown client gets an error page, never a redirect',
    async run(as) {
      const response = await fetch(await authorizeUrl(as, { client_id: 'stranger' }), { redirect: 'manual' });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('location'), null);
    },
  },
  {
    rule: 'an authorization request without PKCE is sent back with invalid_request and iss',
    async run(as) {
      const response = await fetch(await authorizeUrl(as, { code_challenge: undefined, code_challenge_method: undefined }), { redirect: 'manual' });
      assert.equal(response.status, 302);
      const back = new URL(response.headers.get('location'));
      assert.equal(back.searchParams.get('error'), 'invalid_request');
      assert.equal(back.searchParams.get('state'), 'the-state');
      assert.equal(back.searchParams.get('iss'), as.issuer);
    },
  },
  {
    rule: 'an authorization request without nonce is sent back with invalid_request',
    async run(as) {
      const response = await fetch(await authorizeUrl(as, { nonce: undefined }), { redirect: 'manual' });
      assert.equal(new URL(response.headers.get('location')).searchParams.get('error'), 'invalid_request');
    },
  },
  {
    rule: 'a code from the hosted page needs the same redirect_uri at the token endpoint',
    async run(as) {
      const { callback, codeVerifier } = await hostedSignIn(as);
      const code = callback.searchParams.get('code');
      const response = await codeGrant(as, { code, codeVerifier }, { redirect_uri: 'http://127.0.0.1:9/elsewhere' });
      assert.equal(response.body.error, 'invalid_grant');
    },
  },
  {
    rule: 'a code from the hosted page bound with dpop_jkt needs a proof of that key',
    async run(as) {
      const owner = await dpopKey();
      const { callback, codeVerifier } = await hostedSignIn(as, { extra: { dpop_jkt: await owner.handle.calculateThumbprint() } });
      const code = callback.searchParams.get('code');
      const thief = await dpopKey();
      const response = await codeGrant(as, { code, codeVerifier }, { redirect_uri: redirectUri }, { DPoP: await thief.proof('POST', as.token_endpoint) });
      assert.equal(response.body.error, 'invalid_dpop_proof');
    },
  },
  {
    rule: 'the hosted page shows the tries left, and sends the user back with access_denied after the last',
    async run(as) {
      const url = await authorizeUrl(as);
      const parameters = Object.fromEntries(url.searchParams);
      const codePage = await postForm(as.authorization_endpoint, { ...parameters, login_hint: 'mallory@example.com', pwless_step: 'start' });
      const authSession = /name="auth_session" value="([^"]+)"/.exec(codePage.body)[1];
      const wrong = () => postForm(as.authorization_endpoint, { auth_session: authSession, pwless_step: 'verify', otp: '000000x' });
      assert.match((await wrong()).body, /Tries left: 2\./);
      assert.match((await wrong()).body, /Tries left: 1\./);
      const last = await wrong();
      assert.equal(last.status, 302);
      const back = new URL(last.headers.get('location'));
      assert.equal(back.searchParams.get('error'), 'access_denied');
      assert.equal(back.searchParams.get('state'), 'the-state');
    },
  },
  {
    rule: 'the hosted page finds no sign-in for an auth_session named after an object property',
    async run(as) {
      for (const name of ['__proto__', 'constructor', 'toString']) {
        const page = await postForm(as.authorization_endpoint, { auth_session: name, pwless_step: 'verify', otp: '123456' });
        assert.equal(page.status, 400, name);
        assert.match(page.body, /expired/);
      }
    },
  },
  {
    rule: 'the hosted page escapes what it echoes',
    async run(as) {
      const response = await fetch(await authorizeUrl(as, { login_hint: '"><script>alert(1)</script>', state: '<b>' }));
      const html = await response.text();
      assert.doesNotMatch(html, /<script|<b>/);
      assert.match(html, /&quot;&gt;&lt;script&gt;/);
      assert.match(response.headers.get('content-security-policy'), /default-src 'none'/);
      assert.match(response.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    },
  },
  {
    rule: 'an unregistered post_logout_redirect_uri gets an error page, never a redirect',
    async run(as) {
      const url = new URL(as.end_session_endpoint);
      url.search = new URLSearchParams({ client_id: client.client_id, post_logout_redirect_uri: 'https://evil.example/' }).toString();
      const response = await fetch(url, { redirect: 'manual' });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('location'), null);
    },
  },
  {
    rule: 'logout refuses an id_token_hint this provider did not sign',
    async run(as) {
      const { privateKey } = await oauth.generateKeyPair('ES256');
      const forged = await new SignJWT({ sub: 'demo-parent', aud: client.client_id, iss: as.issuer }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
      const url = new URL(as.end_session_endpoint);
      url.search = new URLSearchParams({ id_token_hint: forged, post_logout_redirect_uri: 'http://127.0.0.1:9/bye' }).toString();
      const response = await fetch(url, { redirect: 'manual' });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('location'), null);
    },
  },
  {
    rule: 'userinfo gives no email claim without the email scope',
    async run(as) {
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const { body } = await challenge(as, {
        login_hint: 'ada@example.com',
        scope: 'openid',
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        nonce: 'n',
      });
      const { code: otp } = await latestMessage(as, 'ada@example.com');
      const verified = await challenge(as, { auth_session: body.auth_session, otp });
      const tokens = await codeGrant(as, { code: verified.body.authorization_code, codeVerifier });
      const claims = await (await userinfo(as, 'Bearer', tokens.body.access_token)).json();
      assert.equal(typeof claims.sub, 'string');
      assert.equal(claims.email, undefined);
    },
  },
  {
    rule: 'revoking an unknown token answers 200',
    async run(as) {
      const response = await oauth.revocationRequest(as, client, oauth.None(), 'not-a-token', insecure);
      assert.equal(response.status, 200);
    },
  },
  {
    rule: 'userinfo without an access token answers 401 with WWW-Authenticate',
    async run(as) {
      const response = await fetch(as.userinfo_endpoint);
      assert.equal(response.status, 401);
      assert.match(response.headers.get('www-authenticate'), /^Bearer /);
    },
  },
  {
    rule: 'a token request from a page on an unregistered origin is refused',
    async run(as) {
      const grant = await challengeCode(as);
      const response = await codeGrant(as, grant, {}, { Origin: 'https://evil.example' });
      assert.equal(response.body.error, 'unauthorized_client');
    },
  },
  {
    rule: 'a refresh may not widen the granted scope',
    async run(as) {
      const tokens = await signIn(as);
      const widened = await postForm(as.token_endpoint, { grant_type: 'refresh_token', client_id: client.client_id, refresh_token: tokens.refresh_token, scope: 'openid email phone' });
      assert.equal(widened.body.error, 'invalid_scope');
    },
  },
];

describe('negative rules, one provider per rule', () => {
  for (const { rule, run } of rows) {
    it(rule, () => withProvider(run));
  }
});
