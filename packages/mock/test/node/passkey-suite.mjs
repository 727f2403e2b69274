// The passkey suite both servers must pass (the mock here, @pwless/provider in its own tests):
// registration and sign-in with a software authenticator over plain HTTP, and every answer the
// contract says must be refused. Nothing is canned: each assertion is made and signed for the
// case, and the server decides.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, calculateJwkThumbprint, createLocalJWKSet, exportJWK, jwtVerify } from 'jose';
import { softwareAuthenticator } from './authenticator.mjs';

const base64urlSha256 = async (text) => Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('base64url');
const randomVerifier = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

async function postForm(url, parameters, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(parameters),
    redirect: 'manual',
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
}

/** A DPoP key that signs proofs (RFC 9449) for any request, with `ath` for resource requests. */
export async function dpopKey() {
  const { privateKey, publicKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const jwk = await exportJWK(publicKey);
  return {
    jkt: await calculateJwkThumbprint(jwk),
    async proof(htm, htu, accessToken) {
      return new SignJWT({ htm, htu, jti: crypto.randomUUID(), iat: Math.floor(Date.now() / 1000), ...(accessToken ? { ath: await base64urlSha256(accessToken) } : {}) })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
        .sign(privateKey);
    },
  };
}

/**
 * `setup()` answers { issuer, clientId, origin, rpId, readCode(email, after), mailCount(email),
 * expireAccessToken(token) (answers an undo, or nothing), close() } for a server whose client
 * `clientId` is a public client allowed from `origin`, with sign-ups open. With `shared`, setup
 * also answers `otherChallengeEndpoint`: the challenge endpoint of a second process on the same store.
 */
export function passkeySuite(name, setup, { shared = false } = {}) {
  const setupHasOther = () => shared;
  describe(`passkeys: ${name}`, () => {
    let server;
    let as;

    before(async () => {
      server = await setup();
      as = await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json();
    });
    after(() => server?.close());

    const browser = () => ({ Origin: server.origin, 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' });
    const challenge = (parameters, headers = {}) =>
      postForm(as.authorization_challenge_endpoint, { response_type: 'code', client_id: server.clientId, ...parameters }, { ...browser(), ...headers });

    /** A code sign-in (the mail's code) and the token response; `dpop` binds it. */
    async function codeSignIn(email, dpop) {
      const verifier = randomVerifier();
      const proof = async () => (dpop ? { DPoP: await dpop.proof('POST', as.authorization_challenge_endpoint) } : {});
      const before = await server.mailCount(email);
      const started = await challenge({ login_hint: email, scope: 'openid email', code_challenge: await base64urlSha256(verifier), code_challenge_method: 'S256', nonce: 'n-code' }, await proof());
      assert.equal(started.status, 403, JSON.stringify(started.body));
      const otp = await server.readCode(email, before);
      const verified = await challenge({ auth_session: started.body.auth_session, otp }, await proof());
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
      return exchange(verified.body.authorization_code, verifier, dpop);
    }

    async function exchange(code, verifier, dpop) {
      const headers = { Origin: server.origin, ...(dpop ? { DPoP: await dpop.proof('POST', as.token_endpoint) } : {}) };
      const tokens = await postForm(as.token_endpoint, { grant_type: 'authorization_code', client_id: server.clientId, code, code_verifier: verifier }, headers);
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
      return tokens.body;
    }

    /** A request to the passkeys endpoint with the token as the contract says (DPoP scheme and proof for bound tokens). */
    async function passkeys(method, path, tokens, { form, dpop, scheme } = {}) {
      const url = `${as.pwless_passkeys_endpoint}${path}`;
      const headers = { ...browser() };
      if (tokens) {
        const bound = dpop !== undefined;
        headers.Authorization = `${scheme ?? (bound ? 'DPoP' : 'Bearer')} ${tokens.access_token ?? tokens}`;
        if (bound) headers.DPoP = await dpop.proof(method, url, tokens.access_token);
      }
      if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(url, { method, headers, ...(form ? { body: new URLSearchParams(form) } : {}) });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
    }

    /** Registers a passkey on `authenticator` for the signed-in user of `tokens`. */
    async function register(tokens, authenticator, { dpop, origin = server.origin, bend, name } = {}) {
      const options = await passkeys('POST', '/options', tokens, { dpop });
      assert.equal(options.status, 200, JSON.stringify(options.body));
      const credential = await authenticator.create(options.body.options, origin, bend);
      const created = await passkeys('POST', '', tokens, { dpop, form: { registration_session: options.body.registration_session, credential: JSON.stringify(credential), ...(name ? { name } : {}) } });
      return { options: options.body, credential, created };
    }

    /** A passkey start; answers the 403 body and the PKCE verifier. */
    async function passkeyStart(extra = {}, headers = {}) {
      const verifier = randomVerifier();
      const started = await challenge({ pwless_action: 'passkey', scope: 'openid email', code_challenge: await base64urlSha256(verifier), code_challenge_method: 'S256', nonce: 'n-passkey', ...extra }, headers);
      assert.equal(started.status, 403, JSON.stringify(started.body));
      assert.equal(started.body.error, 'insufficient_authorization');
      return { ...started.body, verifier };
    }

    const assertion = (authSession, response, headers = {}) => challenge({ auth_session: authSession, pwless_passkey: JSON.stringify(response) }, headers);

    function assertRefused(answer, error, reason) {
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.equal(answer.body.error, error, JSON.stringify(answer.body));
      if (reason) assert.equal(answer.body.pwless_reason, reason, JSON.stringify(answer.body));
      assert.equal(answer.body.authorization_code, undefined);
    }

    /** A user with one passkey on a fresh authenticator. */
    async function userWithPasskey(email) {
      const tokens = await codeSignIn(email);
      const authenticator = softwareAuthenticator();
      const { created } = await register(tokens, authenticator);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return { tokens, authenticator, passkey: created.body };
    }

    it('discovery says passkeys are supported and where they are managed', () => {
      assert.equal(as.pwless_passkeys_supported, true);
      assert.equal(as.pwless_passkeys_endpoint, `${server.issuer}/passkeys`);
    });

    it('registers a passkey and signs in with it: no message sent, an ID token with amr hwk+user', async () => {
      const email = 'passkey-ok@example.com';
      const tokens = await codeSignIn(email);
      const authenticator = softwareAuthenticator();
      const { options, created } = await register(tokens, authenticator);
      assert.equal(options.options.rp.id, server.rpId);
      assert.equal(options.options.user.name, email);
      assert.equal(options.options.authenticatorSelection.residentKey, 'required');
      assert.equal(options.options.authenticatorSelection.userVerification, 'required');
      assert.deepEqual(options.options.excludeCredentials, []);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.name, 'Chrome on Linux');
      assert.equal(created.body.last_used_at, null);
      assert.equal(created.body.backed_up, false);
      assert.ok(Math.abs(created.body.created_at - Date.now() / 1000) < 120);

      const mails = await server.mailCount(email);
      const started = await passkeyStart();
      assert.equal(started.pwless.delivery, 'passkey');
      assert.equal(started.pwless.expires_in, 300);
      assert.equal(started.pwless.passkey.rpId, server.rpId);
      assert.equal(started.pwless.passkey.userVerification, 'required');
      assert.deepEqual(started.pwless.passkey.allowCredentials, []);
      assert.match(started.pwless.passkey.challenge, /^[A-Za-z0-9_-]{32,}$/);
      const response = await authenticator.get(started.pwless.passkey, server.origin);
      const signedIn = await assertion(started.auth_session, response);
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      assert.deepEqual(Object.keys(signedIn.body), ['authorization_code']);
      const passkeyTokens = await exchange(signedIn.body.authorization_code, started.verifier);
      const jwks = createLocalJWKSet(await (await fetch(as.jwks_uri)).json());
      const { payload } = await jwtVerify(passkeyTokens.id_token, jwks, { issuer: as.issuer, audience: server.clientId });
      const { payload: codePayload } = await jwtVerify(tokens.id_token, jwks, { issuer: as.issuer, audience: server.clientId });
      assert.equal(payload.sub, codePayload.sub);
      assert.equal(payload.nonce, 'n-passkey');
      assert.deepEqual(payload.amr, ['hwk', 'user']);
      assert.equal(await server.mailCount(email), mails, 'a passkey sign-in sends nothing');

      const list = await passkeys('GET', '', passkeyTokens);
      assert.equal(list.status, 200);
      assert.equal(list.body.passkeys.length, 1);
      assert.equal(list.body.passkeys[0].id, created.body.id);
      assert.equal(typeof list.body.passkeys[0].last_used_at, 'number');
      // The next registration excludes the passkey the user has.
      const again = await passkeys('POST', '/options', passkeyTokens);
      assert.deepEqual(again.body.options.excludeCredentials.map((credential) => credential.id), [created.body.id]);
      assert.equal(again.body.options.user.id, options.options.user.id, 'user.id is stable');
    });

    it('a known login_hint lists its passkeys; an unknown one answers exactly like none', async () => {
      const { passkey } = await userWithPasskey('passkey-hint@example.com');
      const known = await passkeyStart({ login_hint: 'passkey-hint@example.com' });
      assert.deepEqual(known.pwless.passkey.allowCredentials.map((credential) => credential.id), [passkey.id]);
      const unknown = await passkeyStart({ login_hint: 'nobody-here@example.com' });
      const none = await passkeyStart();
      assert.deepEqual(unknown.pwless.passkey.allowCredentials, []);
      const shape = (body) => JSON.stringify({ ...body, auth_session: 0, verifier: 0, pwless: { ...body.pwless, passkey: { ...body.pwless.passkey, challenge: 0 } } });
      assert.equal(shape(unknown), shape(none));
    });

    it('a replayed assertion is refused: the same auth_session takes one, another session has another challenge', async () => {
      const { authenticator } = await userWithPasskey('passkey-replay@example.com');
      const started = await passkeyStart();
      const response = await authenticator.get(started.pwless.passkey, server.origin);
      assert.equal((await assertion(started.auth_session, response)).status, 200);
      assertRefused(await assertion(started.auth_session, response), 'invalid_session');
      const next = await passkeyStart();
      assertRefused(await assertion(next.auth_session, response), 'invalid_passkey', 'verification_failed');
    });

    it('a wrong answer spends the auth_session too', async () => {
      const { authenticator } = await userWithPasskey('passkey-once@example.com');
      const started = await passkeyStart();
      const wrong = await authenticator.get(started.pwless.passkey, 'https://evil.example');
      assertRefused(await assertion(started.auth_session, wrong), 'invalid_passkey', 'verification_failed');
      const right = await authenticator.get(started.pwless.passkey, server.origin);
      assertRefused(await assertion(started.auth_session, right), 'invalid_session');
    });

    it('an assertion made on another origin is refused', async () => {
      const { authenticator } = await userWithPasskey('passkey-origin@example.com');
      const started = await passkeyStart();
      const response = await authenticator.get(started.pwless.passkey, 'https://evil.example');
      assertRefused(await assertion(started.auth_session, response), 'invalid_passkey', 'verification_failed');
    });

    it('an assertion for another RP ID is refused', async () => {
      const { authenticator } = await userWithPasskey('passkey-rpid@example.com');
      const started = await passkeyStart();
      const response = await authenticator.get(started.pwless.passkey, server.origin, { rpId: 'evil.example' });
      assertRefused(await assertion(started.auth_session, response), 'invalid_passkey', 'verification_failed');
    });

    it("a challenge from another auth_session is refused, and that other sign-in still works", async () => {
      const { authenticator } = await userWithPasskey('passkey-swap@example.com');
      const first = await passkeyStart();
      const second = await passkeyStart();
      const forFirst = await authenticator.get(first.pwless.passkey, server.origin);
      assertRefused(await assertion(second.auth_session, forFirst), 'invalid_passkey', 'verification_failed');
      assert.equal((await assertion(first.auth_session, forFirst)).status, 200);
    });

    it('a signature counter that goes backwards is refused', async () => {
      const { authenticator } = await userWithPasskey('passkey-counter@example.com');
      const first = await passkeyStart();
      assert.equal((await assertion(first.auth_session, await authenticator.get(first.pwless.passkey, server.origin, { counter: 5 }))).status, 200);
      const same = await passkeyStart();
      assertRefused(await assertion(same.auth_session, await authenticator.get(same.pwless.passkey, server.origin, { counter: 5 })), 'invalid_passkey', 'verification_failed');
      const lower = await passkeyStart();
      assertRefused(await assertion(lower.auth_session, await authenticator.get(lower.pwless.passkey, server.origin, { counter: 2 })), 'invalid_passkey', 'verification_failed');
      const higher = await passkeyStart();
      assert.equal((await assertion(higher.auth_session, await authenticator.get(higher.pwless.passkey, server.origin, { counter: 6 }))).status, 200);
    });

    it('an assertion without user verification is refused', async () => {
      const { authenticator } = await userWithPasskey('passkey-uv@example.com');
      const started = await passkeyStart();
      const response = await authenticator.get(started.pwless.passkey, server.origin, { userVerified: false });
      assertRefused(await assertion(started.auth_session, response), 'invalid_passkey', 'verification_failed');
    });

    it('a deleted passkey is unknown_credential; deleting an unknown or another user’s passkey is not_found', async () => {
      const { tokens, authenticator, passkey } = await userWithPasskey('passkey-delete@example.com');
      const other = await userWithPasskey('passkey-other@example.com');
      assert.equal((await passkeys('DELETE', `/${other.passkey.id}`, tokens)).status, 404);
      const missing = await passkeys('DELETE', '/AAAAAAAAAAAAAAAAAAAAAA', tokens);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error, 'not_found');
      const deleted = await passkeys('DELETE', `/${passkey.id}`, tokens);
      assert.equal(deleted.status, 204);
      assert.deepEqual((await passkeys('GET', '', tokens)).body, { passkeys: [] });
      const started = await passkeyStart();
      const response = await authenticator.get(started.pwless.passkey, server.origin, { id: passkey.id });
      assertRefused(await assertion(started.auth_session, response), 'invalid_passkey', 'unknown_credential');
      // The other user's passkey is untouched.
      assert.equal((await passkeys('GET', '', other.tokens)).body.passkeys.length, 1);
    });

    it('pwless_passkey that is not an AuthenticationResponseJSON is invalid_request', async () => {
      for (const value of ['not json', '{}', '[]', JSON.stringify({ id: 'a', rawId: 'b', type: 'public-key', response: {} })]) {
        const started = await passkeyStart();
        const answer = await challenge({ auth_session: started.auth_session, pwless_passkey: value });
        assertRefused(answer, 'invalid_request');
      }
    });

    it('an unknown auth_session is invalid_session', async () => {
      assertRefused(await challenge({ auth_session: 'no-such-session', pwless_passkey: '{}' }), 'invalid_session');
    });

    it('registration without a valid access token is refused: none, wrong, expired, DPoP-bound sent as Bearer', async () => {
      const check = (answer, scheme) => {
        assert.equal(answer.status, 401, JSON.stringify(answer.body));
        assert.equal(answer.body.error, 'invalid_token');
        assert.match(answer.headers.get('www-authenticate') ?? '', new RegExp(`^${scheme} .*error="invalid_token"`));
      };
      check(await passkeys('POST', '/options', undefined), 'Bearer');
      check(await passkeys('POST', '/options', 'wrong-token'), 'Bearer');
      check(await passkeys('GET', '', 'wrong-token'), 'Bearer');
      const tokens = await codeSignIn('passkey-expired@example.com');
      const restore = await server.expireAccessToken(tokens.access_token);
      try {
        check(await passkeys('POST', '/options', tokens), 'Bearer');
      } finally {
        await restore?.();
      }
      const dpop = await dpopKey();
      const bound = await codeSignIn('passkey-dpop@example.com', dpop);
      assert.equal(bound.token_type, 'DPoP');
      check(await passkeys('POST', '/options', bound), 'DPoP');
      // With the DPoP scheme and a proof of the key, the same token registers a passkey.
      const authenticator = softwareAuthenticator();
      const { created } = await register(bound, authenticator, { dpop });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      // A proof made with another key is refused.
      const stranger = await dpopKey();
      const wrongKey = await passkeys('GET', '', bound, { dpop: stranger });
      assert.equal(wrongKey.status, 401);
    });

    it('a registration is verified: wrong origin, wrong RP ID, no user verification, replayed registration_session', async () => {
      const tokens = await codeSignIn('passkey-register@example.com');
      const authenticator = softwareAuthenticator();
      for (const [what, options] of [
        ['origin', { origin: 'https://evil.example' }],
        ['RP ID', { bend: { rpId: 'evil.example' } }],
        ['user verification', { bend: { userVerified: false } }],
      ]) {
        const { created } = await register(tokens, authenticator, options);
        assert.equal(created.status, 400, `${what}: ${JSON.stringify(created.body)}`);
        assert.equal(created.body.error, 'invalid_passkey');
        assert.equal(created.body.pwless_reason, 'verification_failed');
      }
      const { options, credential, created } = await register(tokens, authenticator, { name: 'Work laptop' });
      assert.equal(created.status, 201);
      assert.equal(created.body.name, 'Work laptop');
      const replay = await passkeys('POST', '', tokens, { form: { registration_session: options.registration_session, credential: JSON.stringify(credential) } });
      assert.equal(replay.status, 400);
      assert.equal(replay.body.error, 'invalid_session');
      assert.equal((await passkeys('GET', '', tokens)).body.passkeys.length, 1);
      // Another user's access token cannot finish this user's registration.
      const stranger = await codeSignIn('passkey-stranger@example.com');
      const fresh = await passkeys('POST', '/options', tokens);
      const answer = await passkeys('POST', '', stranger, { form: { registration_session: fresh.body.registration_session, credential: JSON.stringify(await authenticator.create(fresh.body.options, server.origin)) } });
      assert.equal(answer.body.error, 'invalid_session');
    });

    it('a passkey registered through one process signs in through another on the same store', { skip: !setupHasOther() && 'one process only' }, async () => {
      const { authenticator } = await userWithPasskey('passkey-shared@example.com');
      const started = await passkeyStart();
      const response = await authenticator.get(started.pwless.passkey, server.origin);
      const answer = await postForm(server.otherChallengeEndpoint, { response_type: 'code', client_id: server.clientId, auth_session: started.auth_session, pwless_passkey: JSON.stringify(response) }, browser());
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const again = await postForm(server.otherChallengeEndpoint, { response_type: 'code', client_id: server.clientId, auth_session: started.auth_session, pwless_passkey: JSON.stringify(response) }, browser());
      assertRefused(again, 'invalid_session');
    });

    it('the passkeys endpoint answers CORS for the registered origin only', async () => {
      const allowed = await fetch(`${as.pwless_passkeys_endpoint}/options`, { method: 'OPTIONS', headers: { Origin: server.origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, dpop' } });
      assert.equal(allowed.headers.get('access-control-allow-origin'), server.origin);
      assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
      const other = await fetch(`${as.pwless_passkeys_endpoint}`, { headers: { Origin: 'https://evil.example', Authorization: 'Bearer x' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    });
  });
}
