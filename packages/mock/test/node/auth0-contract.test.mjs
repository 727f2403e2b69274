// Contract fixtures for the Auth0 variant, taken from Auth0's Authentication API reference
// ("Passwordless" and "Errors", auth0/docs articles/api/authentication/_passwordless.md and
// reference/_errors.md), its rate-limit policy (articles/policies/rate-limits-auth-api.md) and
// "Application Grant Types" (articles/applications/concepts/application-grant-types.md).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  appOrigin,
  authorizeWithTicket,
  call,
  callback,
  clientId,
  coAuthenticate,
  latestMessage,
  newTenant,
  pkce,
  signIn,
  startCode,
  verifyIdToken,
} from './auth0-support.mjs';

describe('Auth0 variant: POST /passwordless/start', () => {
  it('sends an email code in the language of x-request-language and answers the documented user shape', async () => {
    const tenant = newTenant();
    const response = await startCode(tenant, 'Ada@Example.COM', { 'x-request-language': 'fr' });
    assert.equal(response.status, 200);
    assert.deepEqual(Object.keys(response.body).sort(), ['_id', 'email', 'email_verified']);
    assert.equal(response.body.email, 'Ada@example.com');
    assert.equal(response.body.email_verified, false);
    const message = await latestMessage(tenant, 'Ada@example.com');
    assert.equal(message.locale, 'fr');
    assert.match(message.code, /^\d{6}$/);
    assert.ok(message.text.includes(message.code));
  });

  it('sends an SMS code and answers the phone shape', async () => {
    const tenant = newTenant();
    const response = await call(tenant, 'POST', '/passwordless/start', {
      json: { client_id: clientId, connection: 'sms', phone_number: '+15555550123', send: 'code' },
      headers: { 'Accept-Language': 'de-CH, de;q=0.9' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.phone_number, '+15555550123');
    assert.equal(response.body.phone_verified, false);
    const message = await latestMessage(tenant, '+15555550123');
    assert.equal(message.channel, 'sms');
    assert.equal(message.locale, 'de');
  });

  const refusals = [
    ['missing connection', { client_id: clientId, email: 'a@example.com', send: 'code' }, 'bad.connection', 'Missing required property: connection'],
    ['unknown connection', { client_id: clientId, connection: 'github', email: 'a@example.com', send: 'code' }, 'bad.connection', 'Connection does not exist'],
    ['missing client_id', { connection: 'email', email: 'a@example.com', send: 'code' }, 'bad.client_id', 'Missing required property: client_id'],
    ['missing phone_number', { client_id: clientId, connection: 'sms', send: 'code' }, 'bad.phone_number', 'Missing required property: phone_number'],
    ['a phone number without +', { client_id: clientId, connection: 'sms', phone_number: '5555550123', send: 'code' }, 'bad.phone_number', 'String does not match pattern: ^\\+[0-9]{1,15}$'],
    ['authParams as a string', { client_id: clientId, connection: 'email', email: 'a@example.com', send: 'code', authParams: 'scope=openid' }, 'bad.authParams', 'error in authParams - invalid type: string (expected object)'],
    ['a property Auth0 does not allow', { client_id: clientId, connection: 'email', email: 'a@example.com', send: 'code', type: 'code' }, 'bad.request', 'the following properties are not allowed: type'],
  ];
  for (const [name, json, error, description] of refusals) {
    it(`refuses ${name} with ${error}`, async () => {
      const response = await call(newTenant(), 'POST', '/passwordless/start', { json });
      assert.equal(response.status, 400);
      assert.deepEqual(response.body, { error, error_description: description });
    });
  }

  it('sends magic links by email only', async () => {
    const response = await call(newTenant(), 'POST', '/passwordless/start', {
      json: { client_id: clientId, connection: 'sms', phone_number: '+15555550123', send: 'link' },
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'bad.send');
  });

  it('sends a link when send is left out, as the reference says', async () => {
    const tenant = newTenant();
    const response = await call(tenant, 'POST', '/passwordless/start', {
      json: { client_id: clientId, connection: 'email', email: 'parent@example.com', authParams: { redirect_uri: callback, response_type: 'code' } },
    });
    assert.equal(response.status, 200);
    assert.match((await latestMessage(tenant, 'parent@example.com')).link, /\/passwordless\/verify_redirect\?/);
  });

  it('refuses a malformed email with bad.email', async () => {
    const response = await startCode(newTenant(), 'not-an-email');
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'bad.email');
  });

  it('refuses a connection switched off at the tenant', async () => {
    const response = await call(newTenant({ config: { channels: ['email'] } }), 'POST', '/passwordless/start', {
      json: { client_id: clientId, connection: 'sms', phone_number: '+15555550123', send: 'code' },
    });
    assert.deepEqual(response.body, { error: 'bad.connection', error_description: 'Connection is disabled' });
  });

  it('allows 50 starts an hour from one address, then answers 429 too_many_requests with X-RateLimit headers', async () => {
    const tenant = newTenant({ config: { sendsPerHour: 100 } });
    for (let index = 0; index < 50; index++) {
      const response = await startCode(tenant, `user${index}@example.com`);
      assert.equal(response.status, 200, `start ${index + 1}`);
      assert.equal(response.headers.get('x-ratelimit-remaining'), String(49 - index));
    }
    const refused = await startCode(tenant, 'one-more@example.com');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error, 'too_many_requests');
    assert.equal(refused.headers.get('x-ratelimit-limit'), '50');
    assert.equal(refused.headers.get('x-ratelimit-remaining'), '0');
    assert.ok(Number(refused.headers.get('x-ratelimit-reset')) > Date.now() / 1000);
    // Another address (behind a proxy that names it) has its own allowance.
    const elsewhere = await startCode(tenant, 'one-more@example.com', { 'X-Forwarded-For': '203.0.113.7' });
    assert.equal(elsewhere.status, 200);
  });

  it('answers CORS with credentials for allowed web origins only', async () => {
    const tenant = newTenant();
    const preflight = await tenant.handle(
      new Request(`${tenant.issuer}/passwordless/start`, {
        method: 'OPTIONS',
        headers: { Origin: appOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,auth0-client,x-request-language' },
      }),
    );
    assert.equal(preflight.headers.get('access-control-allow-origin'), appOrigin);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    assert.match(preflight.headers.get('access-control-allow-headers'), /x-request-language/);
    const foreign = await tenant.handle(
      new Request(`${tenant.issuer}/passwordless/start`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } }),
    );
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });
});

describe('Auth0 variant: POST /co/authenticate', () => {
  it('answers a login ticket for the right code, once', async () => {
    const tenant = newTenant();
    await startCode(tenant, 'parent@example.com');
    const { code } = await latestMessage(tenant, 'parent@example.com');
    const response = await coAuthenticate(tenant, 'parent@example.com', code);
    assert.equal(response.status, 200);
    assert.deepEqual(Object.keys(response.body).sort(), ['co_id', 'co_verifier', 'login_ticket']);
    const again = await coAuthenticate(tenant, 'parent@example.com', code);
    assert.deepEqual(again.body, { error: 'access_denied', error_description: 'Wrong email or verification code.' });
  });

  it('counts wrong codes: two wrong answers, then the maximum number of attempts, even for the right code', async () => {
    const tenant = newTenant();
    await startCode(tenant, 'parent@example.com');
    const { code } = await latestMessage(tenant, 'parent@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let index = 0; index < 2; index++) {
      const response = await coAuthenticate(tenant, 'parent@example.com', wrong);
      assert.equal(response.status, 403);
      assert.deepEqual(response.body, { error: 'access_denied', error_description: 'Wrong email or verification code.' });
    }
    const third = await coAuthenticate(tenant, 'parent@example.com', wrong);
    assert.deepEqual(third.body, { error: 'access_denied', error_description: "You've reached the maximum number of attempts. Please try to login again." });
    const right = await coAuthenticate(tenant, 'parent@example.com', code);
    assert.equal(right.body.error_description, "You've reached the maximum number of attempts. Please try to login again.");
  });

  it('says the code expired after its lifetime', async () => {
    const tenant = newTenant();
    await startCode(tenant, 'parent@example.com');
    const { code } = await latestMessage(tenant, 'parent@example.com');
    await call(tenant, 'PUT', '/_mock/config', { json: { clockOffset: 181_000 } });
    const response = await coAuthenticate(tenant, 'parent@example.com', code);
    assert.equal(response.status, 403);
    assert.deepEqual(response.body, { error: 'access_denied', error_description: 'The verification code has expired. Please try to login again.' });
  });

  it('only the latest code counts', async () => {
    const tenant = newTenant();
    await startCode(tenant, 'parent@example.com');
    const first = (await latestMessage(tenant, 'parent@example.com')).code;
    await startCode(tenant, 'parent@example.com');
    const second = (await latestMessage(tenant, 'parent@example.com')).code;
    if (first !== second) {
      const old = await coAuthenticate(tenant, 'parent@example.com', first);
      assert.equal(old.body.error_description, 'Wrong email or verification code.');
    }
    const latest = await coAuthenticate(tenant, 'parent@example.com', second);
    assert.equal(latest.status, 200);
  });

  it('speaks of a phone number for the sms realm', async () => {
    const tenant = newTenant();
    await call(tenant, 'POST', '/passwordless/start', { json: { client_id: clientId, connection: 'sms', phone_number: '+15555550123', send: 'code' } });
    const response = await coAuthenticate(tenant, '+15555550123', '0', 'sms');
    assert.deepEqual(response.body, { error: 'access_denied', error_description: 'Wrong phone number or verification code.' });
  });

  // "Error Codes and Descriptions" of cross-origin authentication (auth0/docs articles/_includes/_co_authenticate_errors.md).
  const coRefusals = [
    ['a body without otp', { client_id: clientId, username: 'parent@example.com', realm: 'email', credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp' }, 400, 'invalid_request', 'Invalid request body. All and only of client_id, credential_type, username, otp, realm are required.'],
    ['a body with more than the five fields', { client_id: clientId, username: 'parent@example.com', otp: '1', realm: 'email', credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp', scope: 'openid' }, 400, 'invalid_request', 'Invalid request body. All and only of client_id, credential_type, username, otp, realm are required.'],
    ['an unknown credential type', { client_id: clientId, username: 'parent@example.com', otp: '1', realm: 'email', credential_type: 'password' }, 400, 'unsupported_credential_type', 'Unknown credential type parameter.'],
    ['an unknown realm', { client_id: clientId, username: 'parent@example.com', otp: '1', realm: 'github', credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp' }, 400, 'invalid_request', 'Unknown realm github.'],
    ['an unknown application', { client_id: 'nobody', username: 'parent@example.com', otp: '1', realm: 'email', credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp' }, 401, 'unauthorized_client', 'Cross origin login not allowed.'],
  ];
  for (const [name, json, status, error, description] of coRefusals) {
    it(`refuses ${name} as the reference says`, async () => {
      const response = await call(newTenant(), 'POST', '/co/authenticate', { json });
      assert.equal(response.status, status);
      assert.deepEqual(response.body, { error, error_description: description });
    });
  }

  it('refuses browsers on origins that are not allowed', async () => {
    const tenant = newTenant();
    const response = await tenant.handle(
      new Request(`${tenant.issuer}/co/authenticate`, {
        method: 'POST',
        headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' },
        body: JSON.stringify({ client_id: clientId, username: 'parent@example.com', otp: '123456', realm: 'email', credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp' }),
      }),
    );
    assert.equal(response.status, 403);
    assert.equal(await response.text(), 'Origin https://evil.example is not allowed.');
  });
});

describe('Auth0 variant: /authorize, /oauth/token and the session endpoints', () => {
  it('redeems a login ticket once, by redirect with code and state', async () => {
    const tenant = newTenant();
    await startCode(tenant, 'parent@example.com');
    const { code } = await latestMessage(tenant, 'parent@example.com');
    const ticket = (await coAuthenticate(tenant, 'parent@example.com', code)).body.login_ticket;
    const { challenge } = pkce();
    const response = await authorizeWithTicket(tenant, ticket, { challenge });
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location'));
    assert.equal(location.origin + location.pathname, callback);
    assert.equal(location.searchParams.get('state'), 'st-1');
    assert.ok(location.searchParams.get('code'));
    const replay = await authorizeWithTicket(tenant, ticket, { challenge });
    assert.equal(new URL(replay.headers.get('location')).searchParams.get('error'), 'access_denied');
  });

  it('answers response_mode=web_message with a page that posts the response to the app origin only', async () => {
    const tenant = newTenant();
    await startCode(tenant, 'parent@example.com');
    const { code } = await latestMessage(tenant, 'parent@example.com');
    const ticket = (await coAuthenticate(tenant, 'parent@example.com', code)).body.login_ticket;
    const response = await authorizeWithTicket(tenant, ticket, { challenge: pkce().challenge, responseMode: 'web_message' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /text\/html/);
    assert.match(response.body, /type: 'authorization_response'/);
    assert.ok(response.body.includes(JSON.stringify(appOrigin)));
    assert.match(response.headers.get('content-security-policy'), new RegExp(`frame-ancestors ${appOrigin}`));
  });

  it('refuses an authorization request without PKCE S256', async () => {
    const tenant = newTenant();
    const response = await authorizeWithTicket(tenant, 'whatever', { challenge: '' });
    assert.equal(new URL(response.headers.get('location')).searchParams.get('error'), 'invalid_request');
  });

  it('shows an error page, never a redirect, for a callback that is not allowed', async () => {
    const tenant = newTenant();
    const query = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: 'https://evil.example/cb', login_ticket: 'x' });
    const response = await call(tenant, 'GET', `/authorize?${query}`);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
    assert.match(response.body, /Callback URL mismatch/);
  });

  it('exchanges the code with its verifier for RS256 tokens with Auth0 claims, and rotates refresh tokens', async () => {
    const tenant = newTenant();
    const tokens = await signIn(tenant, 'parent@example.com');
    assert.equal(tokens.token_type, 'Bearer');
    assert.ok(tokens.access_token && tokens.refresh_token && tokens.expires_in > 0);
    const { payload, protectedHeader } = await verifyIdToken(tenant, tokens.id_token);
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.nonce, 'n-0S6_WzA2Mj');
    assert.equal(payload.email, 'parent@example.com');
    assert.equal(payload.email_verified, true);
    assert.match(payload.sub, /^email\|/);
    const refresh = (token) => call(tenant, 'POST', '/oauth/token', { json: { grant_type: 'refresh_token', client_id: clientId, refresh_token: token } });
    const renewed = await refresh(tokens.refresh_token);
    assert.equal(renewed.status, 200);
    assert.notEqual(renewed.body.refresh_token, tokens.refresh_token);
    const reused = await refresh(tokens.refresh_token);
    assert.equal(reused.status, 403);
    assert.deepEqual(reused.body, { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
    const family = await refresh(renewed.body.refresh_token);
    assert.equal(family.body.error, 'invalid_grant', 'reuse revoked the whole family');
  });

  it('gives no refresh token without offline_access', async () => {
    const tokens = await signIn(newTenant(), 'parent@example.com', { scope: 'openid email' });
    assert.equal(tokens.refresh_token, undefined);
    assert.ok(tokens.id_token);
  });

  it('refuses a wrong code_verifier', async () => {
    const tenant = newTenant();
    await startCode(tenant, 'parent@example.com');
    const { code } = await latestMessage(tenant, 'parent@example.com');
    const ticket = (await coAuthenticate(tenant, 'parent@example.com', code)).body.login_ticket;
    const redirect = await authorizeWithTicket(tenant, ticket, { challenge: pkce().challenge });
    const response = await call(tenant, 'POST', '/oauth/token', {
      form: { grant_type: 'authorization_code', client_id: clientId, code: new URL(redirect.headers.get('location')).searchParams.get('code'), code_verifier: pkce().verifier, redirect_uri: callback },
    });
    assert.equal(response.status, 403);
    assert.deepEqual(response.body, { error: 'invalid_grant', error_description: 'Failed to verify code verifier' });
  });

  it('refuses the passwordless OTP grant for a single-page application', async () => {
    const tenant = newTenant();
    await startCode(tenant, 'parent@example.com');
    const { code } = await latestMessage(tenant, 'parent@example.com');
    const response = await call(tenant, 'POST', '/oauth/token', {
      json: { grant_type: 'http://auth0.com/oauth/grant-type/passwordless/otp', client_id: clientId, username: 'parent@example.com', otp: code, realm: 'email', scope: 'openid' },
    });
    assert.equal(response.status, 403);
    assert.deepEqual(response.body, {
      error: 'unauthorized_client',
      error_description: "Grant type 'http://auth0.com/oauth/grant-type/passwordless/otp' not allowed for the client.",
    });
  });

  it('serves userinfo, revokes refresh tokens and logs out to an allowed URL', async () => {
    const tenant = newTenant();
    const tokens = await signIn(tenant, 'parent@example.com');
    const profile = await call(tenant, 'GET', '/userinfo', { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(profile.status, 200);
    assert.equal(profile.body.email, 'parent@example.com');
    assert.match(profile.body.sub, /^email\|/);
    const revoked = await call(tenant, 'POST', '/oauth/revoke', { json: { client_id: clientId, token: tokens.refresh_token } });
    assert.equal(revoked.status, 200);
    const after = await call(tenant, 'POST', '/oauth/token', { json: { grant_type: 'refresh_token', client_id: clientId, refresh_token: tokens.refresh_token } });
    assert.equal(after.body.error, 'invalid_grant');
    const logout = await call(tenant, 'GET', `/v2/logout?client_id=${clientId}&returnTo=${encodeURIComponent(appOrigin + '/')}`);
    assert.equal(logout.status, 302);
    assert.equal(logout.headers.get('location'), `${appOrigin}/`);
    const foreign = await call(tenant, 'GET', `/v2/logout?client_id=${clientId}&returnTo=${encodeURIComponent('https://evil.example/')}`);
    assert.equal(foreign.status, 400);
  });

  it('publishes discovery with the tenant issuer (ending in /) and an RS256 key set', async () => {
    const tenant = newTenant();
    const { body } = await call(tenant, 'GET', '/.well-known/openid-configuration');
    assert.equal(body.issuer, `${tenant.issuer}/`);
    assert.equal(body.token_endpoint, `${tenant.issuer}/oauth/token`);
    assert.equal(body.jwks_uri, `${tenant.issuer}/.well-known/jwks.json`);
    const keys = await call(tenant, 'GET', '/.well-known/jwks.json');
    assert.equal(keys.body.keys[0].kty, 'RSA');
    assert.equal(keys.body.keys[0].alg, 'RS256');
  });
});

describe('Auth0 variant: Universal Login stand-in', () => {
  it('signs in on the hosted page for /authorize?connection=email&login_hint= without a ticket, redirecting without iss', async () => {
    const tenant = newTenant();
    const { verifier, challenge } = pkce();
    const parameters = {
      client_id: clientId,
      response_type: 'code',
      redirect_uri: callback,
      scope: 'openid email offline_access',
      state: 'ul-state',
      nonce: 'ul-nonce',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      connection: 'email',
      login_hint: 'parent@example.com',
    };
    const page = await call(tenant, 'GET', `/authorize?${new URLSearchParams(parameters)}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /value="parent@example.com"/);
    const codePage = await call(tenant, 'POST', '/authorize', { form: { ...parameters, pwless_step: 'start' } });
    const authSession = /name="auth_session" value="([^"]+)"/.exec(codePage.body)?.[1];
    assert.ok(authSession, 'the page asks for the code');
    const { code } = await latestMessage(tenant, 'parent@example.com');
    const back = await call(tenant, 'POST', '/authorize', { form: { auth_session: authSession, pwless_step: 'verify', otp: code } });
    assert.equal(back.status, 302);
    const location = new URL(back.headers.get('location'));
    assert.equal(location.searchParams.get('state'), 'ul-state');
    assert.equal(location.searchParams.has('iss'), false, 'Auth0 sends no iss with the authorization response');
    const tokens = await call(tenant, 'POST', '/oauth/token', {
      form: { grant_type: 'authorization_code', client_id: clientId, code: location.searchParams.get('code'), code_verifier: verifier, redirect_uri: callback },
    });
    assert.equal(tokens.status, 200);
    const { payload } = await verifyIdToken(tenant, tokens.body.id_token);
    assert.equal(payload.nonce, 'ul-nonce');
    assert.equal(payload.email, 'parent@example.com');
  });

  it('answers prompt=none without a ticket with login_required, the mock keeping no session', async () => {
    const tenant = newTenant();
    const query = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: callback, state: 's', prompt: 'none', response_mode: 'web_message', code_challenge: pkce().challenge, code_challenge_method: 'S256' });
    const response = await call(tenant, 'GET', `/authorize?${query}`);
    assert.equal(response.status, 200);
    assert.match(response.body, /"error":"login_required"/);
  });
});

describe('Auth0 variant: magic links', () => {
  it('sends a verify_redirect link carrying the code and authParams; opening it redirects with a code (PKCE, no refresh token)', async () => {
    const tenant = newTenant();
    const { verifier, challenge } = pkce();
    const start = await call(tenant, 'POST', '/passwordless/start', {
      json: {
        client_id: clientId,
        connection: 'email',
        email: 'parent@example.com',
        send: 'link',
        authParams: { response_type: 'code', redirect_uri: callback, scope: 'openid email offline_access', state: 'link-state', nonce: 'link-nonce', code_challenge: challenge, code_challenge_method: 'S256' },
      },
    });
    assert.equal(start.status, 200);
    const message = await latestMessage(tenant, 'parent@example.com');
    const link = new URL(message.link);
    assert.equal(link.origin + link.pathname, `${tenant.issuer}/passwordless/verify_redirect`);
    assert.equal(link.searchParams.get('verification_code'), message.code);
    assert.equal(link.searchParams.get('redirect_uri'), callback);
    const opened = await call(tenant, 'GET', link.pathname + link.search);
    assert.equal(opened.status, 302);
    const landing = new URL(opened.headers.get('location'));
    assert.equal(landing.searchParams.get('state'), 'link-state');
    const tokens = await call(tenant, 'POST', '/oauth/token', {
      form: { grant_type: 'authorization_code', client_id: clientId, code: landing.searchParams.get('code'), code_verifier: verifier, redirect_uri: callback },
    });
    assert.equal(tokens.status, 200);
    assert.equal(tokens.body.refresh_token, undefined);
    const { payload } = await verifyIdToken(tenant, tokens.body.id_token);
    assert.equal(payload.nonce, 'link-nonce');
    const again = await call(tenant, 'GET', link.pathname + link.search);
    assert.equal(new URL(again.headers.get('location')).searchParams.get('error'), 'access_denied');
  });
});

describe('Auth0 variant: dev endpoints on the tenant URL', () => {
  it('keeps /_mock/inbox, /_mock/users, /_mock/config and /_mock/reset', async () => {
    const tenant = newTenant();
    await startCode(tenant, 'new@example.com');
    assert.equal((await call(tenant, 'GET', '/_mock/inbox')).body.length, 1);
    const users = await call(tenant, 'GET', '/_mock/users');
    assert.ok(users.body.some((user) => user.email === 'parent@example.com'));
    assert.equal((await call(tenant, 'GET', '/_mock/config')).body.codeLength, 6);
    assert.equal((await call(tenant, 'POST', '/_mock/reset')).status, 204);
    assert.equal((await call(tenant, 'GET', '/_mock/inbox')).body.length, 0);
  });
});

describe('pwless-mock --dialect auth0', () => {
  it('prints the tenant URL and answers the Authentication API, CORS with credentials and the dev inbox there', async () => {
    const command = fileURLToPath(new URL('../../bin/pwless-mock.js', import.meta.url));
    const child = spawn(process.execPath, [command, '--port', '0', '--dialect', 'auth0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      const base = await new Promise((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          output += chunk;
          const match = /issuer (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output);
          if (match) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      assert.match(output, /^pwless-mock \(auth0\) issuer /);
      const discovery = await (await fetch(`${base}/.well-known/openid-configuration`)).json();
      assert.equal(discovery.issuer, `${base}/`);
      const preflight = await fetch(`${base}/co/authenticate`, {
        method: 'OPTIONS',
        headers: { Origin: appOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), appOrigin);
      assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
      const started = await fetch(`${base}/passwordless/start`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: appOrigin },
        body: JSON.stringify({ client_id: clientId, connection: 'email', email: 'ada@example.com', send: 'code' }),
      });
      assert.equal(started.status, 200);
      const inbox = await (await fetch(`${base}/_mock/inbox`)).json();
      assert.equal(inbox.at(-1).to, 'ada@example.com');
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });
});
