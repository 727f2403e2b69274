import { expect } from '@open-wc/testing';
import { mockFetch } from '../../../test/helpers/mock-fetch.js';
import { authenticateExample, errorExample, loginOrCreateExample, magicLinkSendExample, sessionExample, userExample } from './fixtures/stytch-contract.js';

const base = 'https://stytch.pwless.test';
const publicToken = 'pwless-demo';

/** The JSON type of every key, to compare an answer with the reference's example. */
function shape(value: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, Array.isArray(item) ? 'array' : item === null ? 'null' : typeof item]));
}

/** A Stytch project of its own, spoken to as the frontend SDK does (JSON, Basic auth from the public token). */
function stytch(config = {}) {
  const fetchFunction = mockFetch({ dialect: 'stytch', config });
  const call = async (path: string, body: Record<string, unknown> = {}, secret = publicToken) => {
    const response = await fetchFunction(`${base}/sdk/v1${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${btoa(`${publicToken}:${secret}`)}` },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    return { status: response.status, headers: response.headers, body: json, data: (json.data ?? {}) as Record<string, unknown> };
  };
  const latest = async (to: string) => {
    const inbox = (await (await fetchFunction(`${base}/_mock/inbox`)).json()) as { to: string; code?: string; link?: string; locale: string }[];
    return inbox.filter((message) => message.to === to).at(-1)!;
  };
  return { call, latest, fetch: fetchFunction };
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('Stytch variant (dialect stytch)', () => {
  it('answers with the shapes of the reference: login_or_create, authenticate (session, user), and errors', async () => {
    const server = stytch();
    const sent = await server.call('/otps/email/login_or_create', { email: 'ada@example.com', locale: 'fr' });
    expect(sent.status).to.equal(200);
    expect(shape(sent.data)).to.include(shape(loginOrCreateExample));
    const message = await server.latest('ada@example.com');
    expect(message.locale).to.equal('fr');
    const wrong = await server.call('/otps/authenticate', { token: message.code === '000000' ? '111111' : '000000', method_id: sent.data.method_id, session_duration_minutes: 60 });
    expect(wrong.status).to.equal(404);
    expect(shape(wrong.body)).to.deep.equal(shape(errorExample));
    expect(wrong.body).to.include({ status_code: 404, error_type: 'otp_code_not_found', error_url: 'https://stytch.com/docs/api/errors/404#otp_code_not_found' });
    const signedIn = await server.call('/otps/authenticate', { token: message.code, method_id: sent.data.method_id, session_duration_minutes: 60 });
    expect(signedIn.status).to.equal(200);
    expect(shape(signedIn.data)).to.deep.equal(shape(authenticateExample));
    expect(shape(signedIn.data.session as Record<string, unknown>)).to.deep.equal(shape(sessionExample));
    expect(shape(signedIn.data.user as Record<string, unknown>)).to.deep.equal(shape(userExample));
    const claims = JSON.parse(atob((signedIn.data.session_jwt as string).split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    expect(claims.sub).to.equal(signedIn.data.user_id);
    expect(claims['https://stytch.com/session']).to.include({ id: (signedIn.data.session as { session_id: string }).session_id });
    expect((claims.exp as number) - (claims.iat as number)).to.equal(300);
  });

  it('counts only the newest code of an address, and a code signs in once', async () => {
    const server = stytch();
    const first = await server.call('/otps/email/login_or_create', { email: 'bob@example.com' });
    const old = (await server.latest('bob@example.com')).code;
    const second = await server.call('/otps/email/login_or_create', { email: 'bob@example.com' });
    const fresh = (await server.latest('bob@example.com')).code;
    expect(second.data.method_id).to.equal(first.data.method_id);
    if (old !== fresh) expect((await server.call('/otps/authenticate', { token: old, method_id: first.data.method_id })).body.error_type).to.equal('otp_code_not_found');
    expect((await server.call('/otps/authenticate', { token: fresh, method_id: first.data.method_id })).status).to.equal(200);
    expect((await server.call('/otps/authenticate', { token: fresh, method_id: first.data.method_id })).body.error_type).to.equal('unable_to_auth_otp_code');
  });

  it('refuses a malformed address, an unknown public token, and closes sign-ups when asked', async () => {
    const server = stytch({ signupsOpen: false });
    expect((await server.call('/otps/email/login_or_create', { email: 'not-an-email' })).body.error_type).to.equal('invalid_email');
    const unknown = await server.fetch(`${base}/sdk/v1/otps/email/login_or_create`, { method: 'POST', headers: { Authorization: `Basic ${btoa('nobody:nobody')}` }, body: '{"email":"ada@example.com"}' });
    expect(unknown.status).to.equal(401);
    expect((await server.call('/otps/email/login_or_create', { email: 'new@example.com' })).body).to.include({ status_code: 403, error_type: 'no_signup_permission' });
    expect((await server.call('/otps/email/login_or_create', { email: 'parent@example.com' })).status).to.equal(200);
  });

  it('limits the emails to an address (too_many_requests, 429, with Retry-After)', async () => {
    const server = stytch({ sendsPerHour: 2 });
    for (let sent = 0; sent < 2; sent += 1) expect((await server.call('/otps/email/login_or_create', { email: 'eve@example.com' })).status).to.equal(200);
    const limited = await server.call('/otps/email/login_or_create', { email: 'eve@example.com' });
    expect(limited.status).to.equal(429);
    expect(limited.body.error_type).to.equal('too_many_requests');
    expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
  });

  it('sends a magic link to the redirect URL with stytch_token_type and token; it signs in once, only with the PKCE verifier', async () => {
    const server = stytch();
    const verifier = 'a'.repeat(64);
    const page = `${location.origin}/authenticate`;
    const sent = await server.call('/magic_links/email/login_or_create', { email: 'lin@example.com', login_magic_link_url: page, signup_magic_link_url: page, code_challenge: await challengeOf(verifier) });
    expect(sent.status).to.equal(200);
    expect(shape(sent.data)).to.include(shape(magicLinkSendExample));
    const link = new URL((await server.latest('lin@example.com')).link!);
    expect(link.origin + link.pathname).to.equal(page);
    expect(link.searchParams.get('stytch_token_type')).to.equal('magic_links');
    const token = link.searchParams.get('token');
    expect((await server.call('/magic_links/authenticate', { token, code_verifier: 'b'.repeat(64) })).body).to.include({ status_code: 400, error_type: 'pkce_mismatch' });
    const signedIn = await server.call('/magic_links/authenticate', { token, code_verifier: verifier, session_duration_minutes: 60 });
    expect(signedIn.status).to.equal(200);
    expect(((signedIn.data.session as typeof sessionExample).authentication_factors[0]!).type).to.equal('magic_link');
    expect((await server.call('/magic_links/authenticate', { token, code_verifier: verifier })).body).to.include({ status_code: 401, error_type: 'unable_to_auth_magic_link' });
    const elsewhere = await server.call('/magic_links/email/login_or_create', { email: 'lin@example.com', login_magic_link_url: 'https://evil.example/steal', code_challenge: await challengeOf(verifier) });
    expect(elsewhere.status).to.equal(400);
  });

  it('renews with sessions/authenticate and ends with sessions/revoke, the session token in Basic auth', async () => {
    const server = stytch();
    const sent = await server.call('/otps/email/login_or_create', { email: 'sam@example.com' });
    const signedIn = await server.call('/otps/authenticate', { token: (await server.latest('sam@example.com')).code, method_id: sent.data.method_id, session_duration_minutes: 60 });
    const sessionToken = signedIn.data.session_token as string;
    const renewed = await server.call('/sessions/authenticate', { session_duration_minutes: 60 }, sessionToken);
    expect(renewed.status).to.equal(200);
    expect(renewed.data.session_token).to.equal(sessionToken);
    expect((renewed.data.session as { session_id: string }).session_id).to.equal((signedIn.data.session as { session_id: string }).session_id);
    expect((await server.call('/sessions/authenticate', {})).body.error_type).to.equal('session_not_found');
    expect((await server.call('/sessions/revoke', {}, sessionToken)).status).to.equal(200);
    expect((await server.call('/sessions/authenticate', {}, sessionToken)).body).to.include({ status_code: 404, error_type: 'session_not_found' });
  });

  it('answers the SDK\'s bootstrap for its public token, with PKCE required for email magic links', async () => {
    const server = stytch();
    const response = await server.fetch(`${base}/sdk/v1/projects/bootstrap/${publicToken}`, { headers: { Authorization: `Basic ${btoa(`${publicToken}:${publicToken}`)}` } });
    expect(response.status).to.equal(200);
    const { data } = (await response.json()) as { data: Record<string, unknown> };
    expect(data).to.include({ pkce_required_for_email_magic_links: true, vertical: 'CONSUMER', dfp_protected_auth_enabled: false });
    expect(data.captcha_settings).to.deep.equal({ enabled: false });
    expect((await server.fetch(`${base}/sdk/v1/projects/bootstrap/nobody`)).status).to.equal(401);
  });
});
