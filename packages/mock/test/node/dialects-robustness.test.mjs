// The vendor variants under junk: odd paths, methods, bodies, headers and cookies always get an
// answer in the vendor's own shape, never a 5xx or a pwless-shaped error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProvider } from '@pwless/mock';

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function sequence(seed) {
  let state = seed;
  return (limit) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % limit;
  };
}

const junkStrings = ['', ' ', '__proto__', 'constructor', 'null', '%00', '\u0000', '😀'.repeat(40), 'a'.repeat(3000), 'unique()', 'parent@example.com', 'not-an-email', '000000', '{', '[]'];
const junkValues = [...junkStrings, 0, -1, 1e309, true, false, null, [], {}, { email: 'x' }, ['a']];

function junkBody(next, extraFields) {
  switch (next(6)) {
    case 0: return { type: 'application/json', body: '{"unclosed' };
    case 1: return { type: 'application/json', body: JSON.stringify(junkValues[next(junkValues.length)]) };
    case 2: return { type: 'application/x-www-form-urlencoded', body: 'csrf_token=%E0%A4%A&method=code&identifier=' };
    case 3: return { type: 'application/json', body: new Uint8Array([0xff, 0xfe, 0x00, 0x7b]) };
    case 4: return { type: 'application/json', body: 'x'.repeat(20_000) };
    default: {
      const fields = ['token', 'method_id', 'session_duration_minutes', 'code_verifier', 'code_challenge', 'login_magic_link_url', 'expiration_minutes', 'userId', 'email', 'secret', 'phrase', 'url', 'duration', 'method', 'identifier', 'code', 'csrf_token', 'resend', 'traits', 'address', ...extraFields];
      const object = {};
      for (const field of fields) if (next(2) === 0) object[field] = junkValues[next(junkValues.length)];
      return { type: 'application/json', body: JSON.stringify(object) };
    }
  }
}

async function fuzz(dialect, paths, isVendorShaped, extraFields = [], methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
  const provider = createProvider({ dialect });
  const next = sequence(dialect.length * 31 + 5);
  // The high bits for Supabase: the sequence's low bits repeat quickly, which would pair each path with one method.
  const draw = dialect === 'supabase' ? (limit) => Math.floor(next(2 ** 31) / 65536) % limit : next;
  const statuses = new Set();
  for (let round = 0; round < 300; round++) {
    const method = methods[draw(methods.length)];
    const path = paths[draw(paths.length)];
    const query = draw(3) === 0 ? `?flow=${encodeURIComponent(junkStrings[draw(junkStrings.length)])}&id=${encodeURIComponent(junkStrings[draw(junkStrings.length)])}&token=x&login_challenge=${encodeURIComponent(junkStrings[draw(junkStrings.length)])}&return_to=${encodeURIComponent(junkStrings[draw(junkStrings.length)])}` : '';
    const headers = new Headers();
    if (draw(2) === 0) headers.set('X-Appwrite-Project', draw(2) === 0 ? 'pwless-demo' : junkStrings[draw(junkStrings.length)].replace(/[^\x20-\x7e]/g, '?'));
    if (draw(2) === 0) headers.set('Accept', ['application/json', 'text/html', '*/*', 'application/json;q=0', ''][draw(5)]);
    if (draw(3) === 0) headers.set('Cookie', `ory_kratos_session=${['x', '', '%%'][draw(3)]}; a_session_pwless-demo=${['eyJ9', 'x', ''][draw(3)]}`);
    if (draw(3) === 0) headers.set('X-Fallback-Cookies', ['{', '[]', '{"a_session_pwless-demo":"e30="}', 'null'][draw(4)]);
    if (draw(4) === 0) headers.set('X-Appwrite-JWT', 'a.b.c');
    if (dialect === 'stytch' && draw(4) !== 0) headers.set('Authorization', ['Basic cHdsZXNzLWRlbW86cHdsZXNzLWRlbW8=', 'Basic cHdsZXNzLWRlbW86eA==', 'Basic %%%', 'Basic Og==', 'Bearer x', ''][draw(6)]);
    if (draw(4) === 0) headers.set('Origin', ['http://localhost:5173', 'https://evil.example', 'null'][draw(3)]);
    let body;
    if (method !== 'GET' && method !== 'OPTIONS' && draw(4) !== 0) {
      const junk = junkBody(draw, extraFields);
      headers.set('Content-Type', junk.type);
      body = junk.body;
    }
    // GoTrue's own fields and headers (drawn only for Supabase, so the other variants' sequences stay as they were).
    if (dialect === 'supabase') {
      if (draw(4) !== 0) headers.set('apikey', draw(5) === 0 ? 'not-the-key' : 'pwless-demo');
      if (draw(3) === 0) headers.set('Authorization', ['Bearer a.b.c', 'Bearer ', 'Basic x'][draw(3)]);
      if (draw(2) === 0) headers.set('X-Supabase-Api-Version', ['2024-01-01', 'x', '2020-01-01'][draw(3)]);
      if (method === 'POST' && draw(2) === 0) {
        const object = {};
        for (const field of ['email', 'phone', 'token', 'token_hash', 'type', 'create_user', 'code_challenge', 'code_challenge_method', 'refresh_token', 'auth_code', 'code_verifier']) if (draw(2) === 0) object[field] = [...junkValues, 'email', 's256', 'a'.repeat(43)][draw(junkValues.length + 3)];
        headers.set('Content-Type', 'application/json');
        body = JSON.stringify(object);
      }
    }
    const target = path.includes('?') && query ? `${path}&${query.slice(1)}` : `${path}${query}`;
    const request = new Request(`${provider.issuer}${target}`, { method, headers, body });
    const response = await provider.handle(request);
    const label = `${method} ${target}`;
    assert.ok(response, `${label}: answered`);
    statuses.add(response.status);
    assert.ok(response.status < 500, `${label}: ${response.status}`);
    const text = await response.text();
    if (response.status >= 400 && !path.startsWith('/_mock/')) {
      const parsed = JSON.parse(text);
      assert.ok(isVendorShaped(parsed), `${label}: ${text.slice(0, 200)}`);
    }
  }
  return statuses;
}

describe('vendor variants under junk requests', () => {
  it('appwrite answers 300 junk requests with {message, code, type, version} and never a 5xx', async () => {
    const statuses = await fuzz('appwrite', ['/account/tokens/email', '/account/tokens/magic-url', '/account/sessions/token', '/account/sessions/magic-url', '/account', '/account/jwts', '/account/sessions/current', '/account/sessions/constructor', '/account/sessions/__proto__', '/nope', '/_mock/config'], (body) =>
      typeof body.message === 'string' && typeof body.code === 'number' && typeof body.type === 'string' && typeof body.version === 'string');
    assert.ok(statuses.size >= 4, `a spread of answers: ${[...statuses]}`);
  });

  it('kratos answers 300 junk requests with a flow or {error: {code, status, message}} and never a 5xx', async () => {
    const statuses = await fuzz('kratos', ['/self-service/login/browser', '/self-service/login/flows', '/self-service/login', '/self-service/registration/browser', '/self-service/registration/flows', '/self-service/registration', '/sessions/whoami', '/self-service/logout/browser', '/self-service/logout', '/oauth2/auth', '/nope', '/_mock/inbox'], (body) =>
      (typeof body.ui === 'object' && typeof body.id === 'string') ||
      (typeof body.error === 'object' && typeof body.error.code === 'number' && typeof body.error.message === 'string') ||
      typeof body.error === 'string' /* the simulated Hydra answers OAuth-shaped, as Hydra does */);
    assert.ok(statuses.size >= 4, `a spread of answers: ${[...statuses]}`);
  });

  it('stytch answers 300 junk requests with {status_code, request_id, error_type, error_message, error_url} and never a 5xx', async () => {
    const statuses = await fuzz('stytch', ['/sdk/v1/otps/email/login_or_create', '/sdk/v1/otps/authenticate', '/sdk/v1/magic_links/email/login_or_create', '/sdk/v1/magic_links/authenticate', '/sdk/v1/sessions/authenticate', '/sdk/v1/sessions/revoke', '/sdk/v1/projects/bootstrap/pwless-demo', '/sdk/v1/projects/bootstrap/__proto__', '/sdk/v1/events', '/nope', '/_mock/inbox'], (body) =>
      typeof body.status_code === 'number' && typeof body.request_id === 'string' && typeof body.error_type === 'string' && typeof body.error_message === 'string' && typeof body.error_url === 'string');
    assert.ok(statuses.size >= 4, `a spread of answers: ${[...statuses]}`);
  });

  it('firebase answers 300 junk requests with Google\'s {error: {code, message}} and never a 5xx', async () => {
    const toolkit = '/identitytoolkit.googleapis.com/v1';
    const statuses = await fuzz('firebase', [`${toolkit}/accounts:sendOobCode?key=pwless-demo`, `${toolkit}/accounts:signInWithEmailLink?key=pwless-demo`, `${toolkit}/accounts:lookup?key=pwless-demo`, `${toolkit}/accounts:signUp?key=pwless-demo`, `${toolkit}/accounts:sendOobCode`, `${toolkit}/__proto__?key=pwless-demo`, '/securetoken.googleapis.com/v1/token?key=pwless-demo', '/securetoken.googleapis.com/v1/token?key=constructor', '/nope', '/_mock/users'], (body) =>
      typeof body.error === 'object' && body.error !== null && typeof body.error.code === 'number' && typeof body.error.message === 'string',
    ['requestType', 'continueUrl', 'canHandleCodeInApp', 'oobCode', 'idToken', 'grant_type', 'refresh_token'],
    // Firebase's REST calls are all POSTs: most junk goes there.
    ['POST', 'POST', 'POST', 'POST', 'GET', 'OPTIONS', 'DELETE']);
    assert.ok(statuses.size >= 3, `a spread of answers: ${[...statuses]}`);
  });

  it('supabase answers 300 junk requests with GoTrue\'s {code, error_code, msg} (or {code, message} for API version 2024-01-01), the gateway\'s {message}, and never a 5xx', async () => {
    const statuses = await fuzz('supabase', ['/auth/v1/otp', '/auth/v1/verify', '/auth/v1/token', '/auth/v1/token?grant_type=pkce', '/auth/v1/token?grant_type=refresh_token', '/auth/v1/user', '/auth/v1/logout', '/auth/v1/__proto__', '/nope', '/_mock/refresh-tokens'], (body) =>
      (typeof body.code === 'number' && typeof body.error_code === 'string' && typeof body.msg === 'string') ||
      (typeof body.code === 'string' && typeof body.message === 'string') ||
      (typeof body.message === 'string' && body.code === undefined));
    assert.ok(statuses.size >= 4, `a spread of answers: ${[...statuses]}`);
  });
});
