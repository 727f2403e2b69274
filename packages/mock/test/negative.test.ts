import { expect } from '@open-wc/testing';
import { defaultClients, type MockClient } from '../src/index.js';
import { clientId, codeChallenge, issuer, linkToken, provider, type Reply } from './support/challenge.js';

type Mock = ReturnType<typeof provider>;

const email = 'parent@example.com';
const otherClient: MockClient = { clientId: 'other-app', origins: ['https://other.example'], redirectUris: [], linkUris: [], allowLoopback: false };

interface Row {
  /** The rule, as a sentence. */
  rule: string;
  /** Policies for this row's provider. */
  config?: Record<string, unknown>;
  act(mock: Mock): Promise<Reply>;
  status: number;
  error: string;
  /** Fields the error body must carry. */
  fields?: Record<string, unknown>;
  /** Headers the answer must carry. */
  headers?: Record<string, string>;
}

async function started(mock: Mock, loginHint = email): Promise<string> {
  const reply = await mock.start(loginHint);
  expect(reply.status, 'the sign-in starts').to.equal(403);
  return reply.body.auth_session as string;
}

async function code(mock: Mock, to = email): Promise<string> {
  return (await mock.lastMessage(to)).code!;
}

async function wrongTries(mock: Mock, authSession: string, count: number): Promise<Reply> {
  let reply: Reply | undefined;
  for (let attempt = 0; attempt < count; attempt++) reply = await mock.challenge({ auth_session: authSession, otp: 'wrong-1' });
  return reply!;
}

async function raw(mock: Mock, path: string, init: RequestInit): Promise<Reply> {
  const response = await mock.fetch(`${issuer}${path}`, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const start = { response_type: 'code', client_id: clientId, login_hint: email, code_challenge: codeChallenge, code_challenge_method: 'S256' };

const rows: Row[] = [
  // Codes
  {
    rule: 'a code past its lifetime (clock offset) is expired',
    async act(mock) {
      const session = await started(mock);
      await mock.configure({ clockOffset: 181_000 });
      return mock.challenge({ auth_session: session, otp: await code(mock) });
    },
    status: 400,
    error: 'otp_expired',
  },
  {
    rule: 'a wrong code spends one try and says how many are left',
    act: async (mock) => wrongTries(mock, await started(mock), 1),
    status: 400,
    error: 'invalid_otp',
    fields: { attempts_remaining: 2 },
  },
  {
    rule: 'the 3rd wrong code ends the sign-in',
    act: async (mock) => wrongTries(mock, await started(mock), 3),
    status: 400,
    error: 'otp_attempts_exceeded',
  },
  {
    rule: 'the 4th try, even with the right code, finds the sign-in dead',
    async act(mock) {
      const session = await started(mock);
      await wrongTries(mock, session, 3);
      return mock.challenge({ auth_session: session, otp: await code(mock) });
    },
    status: 400,
    error: 'invalid_session',
  },
  {
    rule: 'an older code no longer counts after a resend',
    config: { resendAfter: 0 },
    async act(mock) {
      const session = await started(mock);
      const old = await code(mock);
      await mock.challenge({ auth_session: session, pwless_action: 'resend' });
      expect(await code(mock)).not.to.equal(old);
      return mock.challenge({ auth_session: session, otp: old });
    },
    status: 400,
    error: 'invalid_otp',
    fields: { attempts_remaining: 2 },
  },
  {
    rule: 'a resend before resendAfter is refused with Retry-After',
    async act(mock) {
      const session = await started(mock);
      await mock.advance(12);
      return mock.challenge({ auth_session: session, pwless_action: 'resend' });
    },
    status: 429,
    error: 'slow_down',
    fields: { retry_after: 18 },
    headers: { 'retry-after': '18' },
  },
  {
    rule: 'a used code cannot be used again',
    async act(mock) {
      const session = await started(mock);
      const otp = await code(mock);
      await mock.challenge({ auth_session: session, otp });
      return mock.challenge({ auth_session: session, otp });
    },
    status: 400,
    error: 'invalid_session',
  },
  {
    rule: 'an address that got its hourly share of messages must wait',
    config: { sendsPerHour: 3 },
    async act(mock) {
      for (let send = 0; send < 3; send++) await started(mock);
      return mock.start(email);
    },
    status: 429,
    error: 'slow_down',
    fields: { retry_after: 3600 },
    headers: { 'retry-after': '3600' },
  },
  {
    rule: 'an auth_session of another client is unknown',
    async act(mock) {
      const session = await started(mock);
      return mock.post('/challenge', { response_type: 'code', client_id: otherClient.clientId, auth_session: session, otp: await code(mock) });
    },
    status: 400,
    error: 'invalid_session',
  },
  {
    rule: 'an unknown auth_session is refused',
    act: (mock) => mock.challenge({ auth_session: 'no-such-session', otp: '123456' }),
    status: 400,
    error: 'invalid_session',
  },
  {
    rule: 'a code sign-in cannot be polled',
    act: async (mock) => mock.challenge({ auth_session: await started(mock) }),
    status: 400,
    error: 'invalid_request',
  },
  // Links
  {
    rule: 'a link confirmed twice is refused the second time',
    async act(mock) {
      await mock.startLink(email);
      const token = linkToken(await mock.lastMessage(email));
      await mock.challenge({ pwless_action: 'approve', pwless_link: token });
      return mock.challenge({ pwless_action: 'approve', pwless_link: token });
    },
    status: 400,
    error: 'invalid_link',
  },
  {
    rule: 'an approved link can no longer be inspected',
    async act(mock) {
      await mock.startLink(email);
      const token = linkToken(await mock.lastMessage(email));
      await mock.challenge({ pwless_action: 'approve', pwless_link: token });
      return mock.challenge({ pwless_action: 'inspect', pwless_link: token });
    },
    status: 400,
    error: 'invalid_link',
  },
  {
    rule: 'an unknown link is refused',
    act: (mock) => mock.challenge({ pwless_action: 'approve', pwless_link: 'not.a-link' }),
    status: 400,
    error: 'invalid_link',
  },
  {
    rule: 'an expired link is refused',
    async act(mock) {
      await mock.startLink(email);
      const token = linkToken(await mock.lastMessage(email));
      await mock.advance(181);
      return mock.challenge({ pwless_action: 'approve', pwless_link: token });
    },
    status: 400,
    error: 'invalid_link',
  },
  {
    rule: 'polling faster than the interval answers slow_down with a longer interval',
    async act(mock) {
      const session = (await mock.startLink(email)).body.auth_session as string;
      await mock.challenge({ auth_session: session });
      await mock.advance(2);
      return mock.challenge({ auth_session: session });
    },
    status: 400,
    error: 'slow_down',
    fields: { interval: 10 },
  },
  {
    rule: 'polling before approval answers authorization_pending',
    act: async (mock) => mock.challenge({ auth_session: (await mock.startLink(email)).body.auth_session as string }),
    status: 400,
    error: 'authorization_pending',
    fields: { interval: 5 },
  },
  // Sign-ups
  {
    rule: 'a new address is refused when sign-ups are closed and enumeration protection is off',
    config: { signupsOpen: false, enumerationProtection: false },
    act: (mock) => mock.start('stranger@example.com'),
    status: 403,
    error: 'access_denied',
    fields: { pwless_reason: 'signup_disabled' },
  },
  {
    rule: 'a new address gets no message when sign-ups are closed behind enumeration protection',
    config: { signupsOpen: false },
    async act(mock) {
      const session = await started(mock, 'stranger@example.com');
      expect(await mock.inbox()).to.deep.equal([]);
      return mock.challenge({ auth_session: session, otp: '123456' });
    },
    status: 400,
    error: 'invalid_otp',
    fields: { attempts_remaining: 2 },
  },
  // Bad input
  {
    rule: 'a JSON body is refused',
    act: (mock) => raw(mock, '/challenge', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(start) }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a body without a content type is refused',
    act: (mock) => raw(mock, '/challenge', { method: 'POST', body: new Blob([new URLSearchParams(start).toString()]) }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a look-alike content type is refused',
    act: (mock) => raw(mock, '/challenge', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencodedx' }, body: new URLSearchParams(start).toString() }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'an oversized body is refused',
    act: (mock) => mock.challenge({ ...start, nonce: 'n'.repeat(20_000) }),
    status: 413,
    error: 'invalid_request',
  },
  {
    rule: 'a body that is not UTF-8 is refused',
    act: (mock) =>
      raw(mock, '/challenge', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new Uint8Array([0x61, 0x3d, 0xff, 0xfe]),
      }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a malformed form body is refused',
    act: (mock) => raw(mock, '/challenge', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '{"client_id":"pwless-demo"}' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a missing client_id is refused',
    act: (mock) => mock.post('/challenge', { response_type: 'code', login_hint: email }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'an unknown client_id is refused',
    act: (mock) => mock.post('/challenge', { ...start, client_id: 'who-knows' }),
    status: 401,
    error: 'invalid_client',
  },
  {
    rule: 'a response_type other than code is refused',
    act: (mock) => mock.post('/challenge', { ...start, response_type: 'token' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a repeated parameter is refused',
    act: (mock) =>
      raw(mock, '/challenge', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `${new URLSearchParams(start).toString()}&login_hint=grandma%40example.com`,
      }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a missing login_hint is refused',
    act: (mock) => mock.challenge({ code_challenge: codeChallenge, code_challenge_method: 'S256' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'an invalid email address is refused',
    act: (mock) => mock.start('parent@example'),
    status: 400,
    error: 'invalid_request',
    fields: { pwless_reason: 'invalid_identifier' },
  },
  {
    rule: 'a phone number that is not E.164 is refused',
    act: (mock) => mock.start('555-0123'),
    status: 400,
    error: 'invalid_request',
    fields: { pwless_reason: 'invalid_identifier' },
  },
  {
    rule: 'a phone number with a leading zero country code is refused',
    act: (mock) => mock.start('+0155550123'),
    status: 400,
    error: 'invalid_request',
    fields: { pwless_reason: 'invalid_identifier' },
  },
  {
    rule: 'code_challenge_method plain is refused',
    act: (mock) => mock.start(email, { code_challenge_method: 'plain' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a missing code_challenge is refused',
    act: (mock) => mock.challenge({ login_hint: email, code_challenge_method: 'S256' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a code_challenge that is not S256-shaped is refused',
    act: (mock) => mock.start(email, { code_challenge: 'short' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'an unknown pwless_delivery is refused',
    act: (mock) => mock.start(email, { pwless_delivery: 'pigeon' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a link sign-in without pwless_link_uri is refused',
    act: (mock) => mock.start(email, { pwless_delivery: 'link' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'an unregistered pwless_link_uri is refused',
    act: (mock) => mock.startLink(email, { pwless_link_uri: 'https://evil.example/' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a javascript: pwless_link_uri is refused',
    act: (mock) => mock.startLink(email, { pwless_link_uri: 'javascript:alert(1)//localhost' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a pwless_link_uri with a fragment is refused',
    act: (mock) => mock.startLink(email, { pwless_link_uri: 'http://localhost:8000/signin#x' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'an unknown pwless_action is refused',
    act: (mock) => mock.challenge({ pwless_action: 'explode' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a resend without auth_session is refused',
    act: (mock) => mock.challenge({ pwless_action: 'resend' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'an inspection without pwless_link is refused',
    act: (mock) => mock.challenge({ pwless_action: 'inspect' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'GET on the challenge endpoint is refused with Allow',
    act: (mock) => raw(mock, '/challenge', { method: 'GET' }),
    status: 405,
    error: 'invalid_request',
    headers: { allow: 'POST' },
  },
  {
    rule: 'an unknown path answers a JSON 404',
    act: (mock) => raw(mock, '/nothing-here', { method: 'GET' }),
    status: 404,
    error: 'not_found',
  },
  {
    rule: 'malformed JSON on /_mock/config is refused',
    act: (mock) => raw(mock, '/_mock/config', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"codeLength":' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'a form body on /_mock/config is refused',
    act: (mock) => raw(mock, '/_mock/config', { method: 'PUT', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'codeLength=4' }),
    status: 400,
    error: 'invalid_request',
  },
  {
    rule: 'an oversized JSON body on /_mock/users is refused',
    act: (mock) =>
      raw(mock, '/_mock/users', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: `${'a'.repeat(20_000)}@example.com` }) }),
    status: 413,
    error: 'invalid_request',
  },
];

describe('the challenge endpoint refuses', () => {
  for (const row of rows) {
    it(row.rule, async () => {
      const mock = provider({ clients: [...defaultClients, otherClient], ...(row.config ? { config: row.config } : {}) });
      const reply = await row.act(mock);
      expect(reply.status, 'status').to.equal(row.status);
      expect(reply.body.error, 'error').to.equal(row.error);
      expect(reply.body, 'fields').to.include(row.fields ?? {});
      expect(reply.headers.get('content-type'), 'JSON').to.equal('application/json');
      expect(reply.headers.get('cache-control'), 'no-store').to.equal('no-store');
      for (const [name, value] of Object.entries(row.headers ?? {})) expect(reply.headers.get(name), name).to.equal(value);
    });
  }
});

describe('enumeration protection', () => {
  /** Everything an observer sees of an answer, minus the values that are random by design. */
  async function observe(mock: Mock, loginHint: string) {
    const reply = await mock.start(loginHint);
    const body = structuredClone(reply.body) as { auth_session: string; pwless: { phrase: string } };
    const shape = {
      status: reply.status,
      headers: [...reply.headers.entries()],
      body: { ...body, auth_session: body.auth_session.length, pwless: { ...body.pwless, phrase: body.pwless.phrase.split(' ').length } },
    };
    return JSON.stringify(shape);
  }

  it('answers a known and an unknown address identically while sign-ups are open', async () => {
    const mock = provider();
    // Both mask to "p•••••@example.com".
    expect(await observe(mock, 'pirate@example.com')).to.equal(await observe(mock, 'parent@example.com'));
  });

  it('answers a known and an unknown address identically while sign-ups are closed', async () => {
    const mock = provider({ config: { signupsOpen: false } });
    expect(await observe(mock, 'pirate@example.com')).to.equal(await observe(mock, 'parent@example.com'));
    expect((await mock.inbox()).map((message) => message.to)).to.deep.equal(['parent@example.com']);
  });

  it('answers a known and an unknown address identically on a resend', async () => {
    const mock = provider({ config: { signupsOpen: false, resendAfter: 0 } });
    const resend = async (loginHint: string) => {
      const session = await started(mock, loginHint);
      const reply = await mock.challenge({ auth_session: session, pwless_action: 'resend' });
      return JSON.stringify({ status: reply.status, keys: Object.keys(reply.body), pwless: Object.keys(reply.body.pwless as object) });
    };
    expect(await resend('pirate@example.com')).to.equal(await resend('parent@example.com'));
  });
});
