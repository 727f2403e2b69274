import { expect } from '@open-wc/testing';
import { mockFetch } from '../../../test/helpers/mock-fetch.js';
import { errorExample, jwtExample, sessionExample, tokenExample, userExample } from './fixtures/appwrite-contract.js';

const endpoint = 'https://appwrite.pwless.test/v1';
const project = 'pwless-demo';

/** The JSON type of every key, to compare an answer with the reference's example. */
function shape(value: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, Array.isArray(item) ? 'array' : item === null ? 'null' : typeof item]));
}

/** An Appwrite project of its own, spoken to as the web SDK does (JSON, project header, fallback cookie). */
function appwrite(config = {}) {
  const fetchFunction = mockFetch({ dialect: 'appwrite', config });
  let fallback: string | undefined;
  const call = async (method: string, path: string, body?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetchFunction(`${endpoint}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-Appwrite-Project': project, ...(fallback ? { 'X-Fallback-Cookies': fallback } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    fallback = response.headers.get('X-Fallback-Cookies') ?? fallback;
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const latestCode = async (to: string) => {
    const inbox = (await (await fetchFunction(`${endpoint}/_mock/inbox`)).json()) as { to: string; code?: string; subject: string; text: string; locale: string }[];
    return inbox.filter((message) => message.to === to).at(-1)!;
  };
  return { call, latestCode, fetch: fetchFunction };
}

describe('Appwrite variant (dialect appwrite)', () => {
  it('answers with the models of the API reference: Token, Session, User, JWT and errors', async () => {
    const server = appwrite();
    const token = await server.call('POST', '/account/tokens/email', { userId: 'unique()', email: 'ada@example.com', phrase: true });
    expect(token.status).to.equal(201);
    expect(shape(token.body)).to.deep.equal(shape(tokenExample));
    const wrong = await server.call('POST', '/account/sessions/token', { userId: token.body.userId, secret: '000000' });
    expect(wrong.status).to.equal(401);
    expect(shape(wrong.body)).to.deep.equal(shape(errorExample));
    expect(wrong.body.type).to.equal('user_invalid_token');
    const { code } = await server.latestCode('ada@example.com');
    const session = await server.call('POST', '/account/sessions/token', { userId: token.body.userId, secret: code });
    expect(session.status).to.equal(201);
    expect(shape(session.body)).to.deep.equal(shape(sessionExample));
    const user = await server.call('GET', '/account');
    expect(shape(user.body)).to.deep.equal(shape(userExample));
    const jwt = await server.call('POST', '/account/jwts', {});
    expect(jwt.status).to.equal(201);
    expect(shape(jwt.body)).to.deep.equal(shape(jwtExample));
  });

  it('keeps the userId chosen with ID.custom for a new address, and the existing account for a known one', async () => {
    const server = appwrite();
    const custom = await server.call('POST', '/account/tokens/email', { userId: 'my-own-id', email: 'new@example.com' });
    expect(custom.body.userId).to.equal('my-own-id');
    const known = await server.call('POST', '/account/tokens/email', { userId: 'another-id', email: 'parent@example.com' });
    expect(known.body.userId).to.equal('demo-parent');
    const generated = await server.call('POST', '/account/tokens/email', { userId: 'unique()', email: 'third@example.com' });
    expect(generated.body.userId).to.match(/^[0-9a-f]{20}$/);
    const invalid = await server.call('POST', '/account/tokens/email', { userId: '_starts-with-special', email: 'x@example.com' });
    expect(invalid.status).to.equal(400);
    expect(invalid.body.type).to.equal('general_argument_invalid');
  });

  it('writes the email in the language of X-Appwrite-Locale, with the code length and lifetime of the policies', async () => {
    const server = appwrite({ codeLength: 8 });
    await server.call('POST', '/account/tokens/email', { userId: 'unique()', email: 'ada@example.com' }, { 'X-Appwrite-Locale': 'de' });
    const message = await server.latestCode('ada@example.com');
    expect(message.locale).to.equal('de');
    expect(message.code).to.match(/^\d{8}$/);
    expect(message.text).to.contain('15 Minuten');
  });

  it('refuses an expired code with user_invalid_token', async () => {
    const server = appwrite();
    const token = await server.call('POST', '/account/tokens/email', { userId: 'unique()', email: 'ada@example.com' });
    const { code } = await server.latestCode('ada@example.com');
    await server.fetch(`${endpoint}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ clockOffset: 901_000 }) });
    const late = await server.call('POST', '/account/sessions/token', { userId: token.body.userId, secret: code });
    expect(late.status).to.equal(401);
    expect(late.body.type).to.equal('user_invalid_token');
  });

  it('limits session attempts to 10 an hour per user, wrong ones included (429 with X-RateLimit-*)', async () => {
    const server = appwrite();
    const token = await server.call('POST', '/account/tokens/email', { userId: 'unique()', email: 'ada@example.com' });
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await server.call('POST', '/account/sessions/token', { userId: token.body.userId, secret: '000000' })).status).to.equal(401);
    }
    const limited = await server.call('POST', '/account/sessions/token', { userId: token.body.userId, secret: (await server.latestCode('ada@example.com')).code });
    expect(limited.status).to.equal(429);
    expect(limited.body.type).to.equal('general_rate_limit_exceeded');
    expect(limited.headers.get('X-RateLimit-Remaining')).to.equal('0');
  });

  it('signs in with a magic URL secret, also through the deprecated PUT /account/sessions/magic-url', async () => {
    const server = appwrite();
    const token = await server.call('POST', '/account/tokens/magic-url', { userId: 'unique()', email: 'ada@example.com', url: 'http://localhost:8000/landing' });
    expect(token.status).to.equal(201);
    const message = await server.latestCode('ada@example.com') as { link?: string; code?: string; text: string };
    expect(message.code).to.equal(undefined);
    expect(message.text).not.to.contain('type this code');
    const link = new URL(message.link!);
    const session = await server.call('PUT', '/account/sessions/magic-url', { userId: link.searchParams.get('userId'), secret: link.searchParams.get('secret') });
    expect(session.status).to.equal(201);
    expect((await server.call('GET', '/account')).body.emailVerification).to.equal(true);
  });

  it('needs X-Appwrite-Project on every Account call', async () => {
    const server = appwrite();
    const answer = await server.call('POST', '/account/tokens/email', { userId: 'unique()', email: 'ada@example.com' }, { 'X-Appwrite-Project': '' });
    expect(answer.status).to.equal(404);
    expect(answer.body.type).to.equal('project_not_found');
  });

  it('keeps the dev endpoints on its base URL', async () => {
    const server = appwrite();
    const users = (await (await server.fetch(`${endpoint}/_mock/users`)).json()) as { email?: string }[];
    expect(users.map((user) => user.email)).to.include('parent@example.com');
    expect((await server.fetch(`${endpoint}/_mock/reset`, { method: 'POST' })).status).to.equal(204);
  });
});
