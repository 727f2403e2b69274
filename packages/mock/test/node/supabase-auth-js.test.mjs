// Fidelity: Supabase's official auth client (`@supabase/auth-js`, the GoTrueClient inside
// supabase-js) signs in against `pwless-mock --dialect supabase` over HTTP: an email code
// (signInWithOtp, verifyOtp), a PKCE link (signInWithOtp with emailRedirectTo, the link's redirect,
// exchangeCodeForSession), getUser, refreshSession and signOut, and GoTrue's errors as the client
// reads them (API version 2024-01-01: `code` is the error code).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GoTrueClient } from '@supabase/auth-js';
import { startHttpServer } from '@pwless/mock/node';

/** A storage in memory, as a server or a test gives the client. */
function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('@supabase/auth-js against pwless-mock --dialect supabase', () => {
  let mock;
  const clients = [];

  const client = (flowType = 'implicit') => {
    const created = new GoTrueClient({
      url: `${mock.issuer}/auth/v1`,
      headers: { apikey: 'pwless-demo' },
      storage: memoryStorage(),
      storageKey: `sb-test-${clients.length}`,
      autoRefreshToken: false,
      persistSession: true,
      detectSessionInUrl: false,
      flowType,
    });
    clients.push(created);
    return created;
  };
  const lastMessageTo = async (to) => (await (await fetch(`${mock.issuer}/_mock/inbox`)).json()).filter((message) => message.to === to).at(-1);

  before(async () => {
    mock = await startHttpServer({ port: 0, dialect: 'supabase' });
  });

  after(async () => {
    await mock?.close();
  });

  it('signInWithOtp and verifyOtp sign in with the emailed code; getUser, refreshSession and signOut follow', async () => {
    const auth = client();
    const sent = await auth.signInWithOtp({ email: 'ada@example.com', options: { shouldCreateUser: true } });
    assert.equal(sent.error, null);
    const { code } = await lastMessageTo('ada@example.com');
    assert.match(code, /^\d{6}$/);
    const verified = await auth.verifyOtp({ email: 'ada@example.com', token: code, type: 'email' });
    assert.equal(verified.error, null);
    const { session, user } = verified.data;
    assert.equal(user.email, 'ada@example.com');
    assert.equal(session.token_type, 'bearer');
    assert.ok(session.expires_at > Date.now() / 1000);
    const fetched = await auth.getUser();
    assert.equal(fetched.error, null);
    assert.equal(fetched.data.user.id, user.id);
    assert.ok(fetched.data.user.email_confirmed_at);
    const refreshed = await auth.refreshSession();
    assert.equal(refreshed.error, null);
    assert.notEqual(refreshed.data.session.refresh_token, session.refresh_token);
    assert.deepEqual(await (await fetch(`${mock.issuer}/_mock/refresh-tokens`)).json(), { issued: 2, rotated: 1, reused: 0 });
    const out = await auth.signOut();
    assert.equal(out.error, null);
    const gone = await fetch(`${mock.issuer}/auth/v1/user`, { headers: { apikey: 'pwless-demo', Authorization: `Bearer ${refreshed.data.session.access_token}` } });
    assert.equal(gone.status, 403);
  });

  it('reads GoTrue\'s errors: a wrong code (otp_expired, 403), one email a minute (over_email_send_rate_limit, 429), sign-up off (otp_disabled, 422)', async () => {
    const auth = client();
    assert.equal((await auth.signInWithOtp({ email: 'bob@example.com' })).error, null);
    const { code } = await lastMessageTo('bob@example.com');
    const wrong = await auth.verifyOtp({ email: 'bob@example.com', token: code === '000000' ? '111111' : '000000', type: 'email' });
    assert.equal(wrong.error?.name, 'AuthApiError');
    assert.equal(wrong.error.code, 'otp_expired');
    assert.equal(wrong.error.status, 403);
    const again = await auth.signInWithOtp({ email: 'bob@example.com' });
    assert.equal(again.error?.code, 'over_email_send_rate_limit');
    assert.equal(again.error.status, 429);
    const closed = await auth.signInWithOtp({ email: 'nobody@example.com', options: { shouldCreateUser: false } });
    assert.equal(closed.error?.code, 'otp_disabled');
    assert.equal(closed.error.status, 422);
    const right = await auth.verifyOtp({ email: 'bob@example.com', token: code, type: 'email' });
    assert.equal(right.error, null);
    const spent = await auth.verifyOtp({ email: 'bob@example.com', token: code, type: 'email' });
    assert.equal(spent.error?.code, 'otp_expired');
  });

  it('a PKCE link: signInWithOtp keeps the verifier, the link redirects with ?code=, exchangeCodeForSession signs in', async () => {
    const auth = client('pkce');
    const redirectTo = 'http://127.0.0.1:9/landing';
    assert.equal((await auth.signInWithOtp({ email: 'lin@example.com', options: { emailRedirectTo: redirectTo } })).error, null);
    const { link } = await lastMessageTo('lin@example.com');
    assert.match(new URL(link).searchParams.get('token'), /^pkce_/);
    const opened = await fetch(link, { redirect: 'manual' });
    assert.equal(opened.status, 303);
    const back = new URL(opened.headers.get('location'));
    assert.equal(`${back.origin}${back.pathname}`, redirectTo);
    const exchanged = await auth.exchangeCodeForSession(back.searchParams.get('code'));
    assert.equal(exchanged.error, null);
    assert.equal(exchanged.data.user.email, 'lin@example.com');
    // The auth code was spent.
    const twice = await fetch(`${mock.issuer}/auth/v1/token?grant_type=pkce`, {
      method: 'POST',
      headers: { apikey: 'pwless-demo', 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth_code: back.searchParams.get('code'), code_verifier: 'x'.repeat(43) }),
    });
    assert.equal(twice.status, 404);
    assert.deepEqual(await twice.json(), { code: 404, error_code: 'flow_state_not_found', msg: 'invalid flow state, no valid flow state found' });
  });
});
