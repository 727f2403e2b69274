// The Supabase variant against GoTrue's API reference (openapi.yaml in supabase/auth): the session
// answer (AccessTokenResponseSchema with its UserSchema), the error bodies (ErrorSchema,
// RateLimitResponse) and the link's redirect, with the property types the reference gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProvider } from '@pwless/mock';

/** The properties of the reference's schemas the variant answers, with their types (`date-time`, `uuid`: formats of `string`). */
const schemas = {
  AccessTokenResponseSchema: { access_token: 'string', refresh_token: 'string', token_type: 'string', expires_in: 'integer', user: 'object' },
  UserSchema: {
    id: 'uuid', aud: 'string', role: 'string', email: 'string', email_confirmed_at: 'date-time', phone: 'string', confirmed_at: 'date-time',
    last_sign_in_at: 'date-time', app_metadata: 'object', user_metadata: 'object', identities: 'array', created_at: 'date-time', updated_at: 'date-time',
  },
  ErrorSchema: { code: 'integer', msg: 'string' },
};

function assertSchema(value, schema, label) {
  for (const [name, type] of Object.entries(schema)) {
    const field = value[name];
    const ok = {
      string: typeof field === 'string',
      integer: Number.isInteger(field),
      object: typeof field === 'object' && field !== null && !Array.isArray(field),
      array: Array.isArray(field),
      uuid: typeof field === 'string' && /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/.test(field),
      'date-time': typeof field === 'string' && !Number.isNaN(Date.parse(field)),
    }[type];
    assert.ok(ok, `${label}.${name} should be ${type}: ${JSON.stringify(field)}`);
  }
}

function supabase() {
  const provider = createProvider({ dialect: 'supabase' });
  const call = (path, { method = 'POST', body, headers = {} } = {}) =>
    provider.handle(new Request(`${provider.issuer}/auth/v1${path}`, { method, headers: { apikey: 'pwless-demo', 'Content-Type': 'application/json', ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) }));
  const inbox = async (to) => (await (await provider.handle(new Request(`${provider.issuer}/_mock/inbox`))).json()).filter((message) => message.to === to).at(-1);
  return { provider, call, inbox };
}

describe('Supabase variant against GoTrue\'s openapi.yaml', () => {
  it('POST /otp answers 200 {}, POST /verify an AccessTokenResponseSchema with a UserSchema user', async () => {
    const { call, inbox } = supabase();
    const sent = await call('/otp', { body: { email: 'ada@example.com', create_user: true } });
    assert.equal(sent.status, 200);
    assert.deepEqual(await sent.json(), {});
    const { code } = await inbox('ada@example.com');
    const verified = await call('/verify', { body: { type: 'email', email: 'ada@example.com', token: code } });
    assert.equal(verified.status, 200);
    const body = await verified.json();
    assertSchema(body, schemas.AccessTokenResponseSchema, 'session');
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_at, Math.floor(Date.parse(body.user.last_sign_in_at) / 1000) + body.expires_in);
    assertSchema(body.user, schemas.UserSchema, 'user');
    assert.deepEqual(body.user.app_metadata, { provider: 'email', providers: ['email'] });
    const user = await call('/user', { method: 'GET', headers: { Authorization: `Bearer ${body.access_token}` } });
    assertSchema(await user.json(), schemas.UserSchema, 'GET /user');
    const logout = await call('/logout', { headers: { Authorization: `Bearer ${body.access_token}` } });
    assert.equal(logout.status, 204);
  });

  it('errors are ErrorSchema ({code: <status>, msg}, with error_code), rate limits RateLimitResponse (429)', async () => {
    const { call } = supabase();
    const wrong = await call('/verify', { body: { type: 'email', email: 'ada@example.com', token: '123456' } });
    assert.equal(wrong.status, 403);
    const body = await wrong.json();
    assertSchema(body, schemas.ErrorSchema, 'error');
    assert.deepEqual(body, { code: 403, error_code: 'otp_expired', msg: 'Token has expired or is invalid' });
    await call('/otp', { body: { email: 'eve@example.com' } });
    const limited = await call('/otp', { body: { email: 'eve@example.com' } });
    assert.equal(limited.status, 429);
    const limit = await limited.json();
    assertSchema(limit, schemas.ErrorSchema, 'rate limit');
    assert.equal(limit.code, 429);
    assert.equal(limit.error_code, 'over_email_send_rate_limit');
    const unknownGrant = await call('/token?grant_type=password', { body: { email: 'ada@example.com', password: 'x' } });
    assert.equal(unknownGrant.status, 400);
    const noKey = await provider401();
    assert.deepEqual(noKey, { status: 401, body: { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' } });
  });

  it('GET /verify with a PKCE token redirects to redirect_to with ?code=; spent, with the error in the query', async () => {
    const { call, inbox } = supabase();
    await call('/otp?redirect_to=http%3A%2F%2Flocalhost%3A5173%2Fapp', { body: { email: 'lin@example.com', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 's256' } });
    const { link } = await inbox('lin@example.com');
    const url = new URL(link);
    assert.equal(url.pathname, '/auth/v1/verify');
    assert.equal(url.searchParams.get('type'), 'signup');
    assert.equal(url.searchParams.get('redirect_to'), 'http://localhost:5173/app');
    const opened = await call(`/verify${url.search}`, { method: 'GET', headers: { apikey: '' } });
    assert.equal(opened.status, 303);
    const back = new URL(opened.headers.get('location'));
    assert.equal(`${back.origin}${back.pathname}`, 'http://localhost:5173/app');
    assert.match(back.searchParams.get('code'), /^[\da-f-]{36}$/);
    const exchanged = await call('/token?grant_type=pkce', { body: { auth_code: back.searchParams.get('code'), code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk' } });
    assert.equal(exchanged.status, 200);
    assertSchema(await exchanged.json(), schemas.AccessTokenResponseSchema, 'pkce session');
    const again = await call(`/verify${url.search}`, { method: 'GET' });
    const refused = new URL(again.headers.get('location'));
    assert.equal(refused.searchParams.get('error_code'), 'otp_expired');
  });
});

async function provider401() {
  const provider = createProvider({ dialect: 'supabase' });
  const answer = await provider.handle(new Request(`${provider.issuer}/auth/v1/otp`, { method: 'POST', body: '{}' }));
  return { status: answer.status, body: await answer.json() };
}
