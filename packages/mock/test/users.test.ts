import { expect } from '@open-wc/testing';
import { issuer, provider } from './support/challenge.js';

interface UserRecord {
  sub: string;
  email?: string;
  phone?: string;
}

function usersApi(mock: ReturnType<typeof provider>) {
  const call = async (method: string, query = '', body?: unknown) => {
    const response = await mock.fetch(`${issuer}/_mock/users${query}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  return {
    list: async () => (await call('GET')).body as UserRecord[],
    add: (body: unknown) => call('POST', '', body),
    remove: (query = '') => call('DELETE', query),
  };
}

describe('mock users', () => {
  it('starts with the demo users', async () => {
    const users = await usersApi(provider()).list();
    expect(users.map((user) => user.email ?? user.phone)).to.have.members(['parent@example.com', 'grandma@example.com', '+15555550123']);
  });

  it('adds a user by email or phone', async () => {
    const api = usersApi(provider());
    const added = await api.add({ email: 'Aunt@Example.com' });
    expect(added.status).to.equal(201);
    expect(added.body).to.include({ email: 'Aunt@example.com' });
    expect((await api.add({ phone: '+442071838750' })).status).to.equal(201);
    expect(await api.list()).to.have.length(5);
  });

  for (const [name, body, status] of [
    ['an invalid email', { email: 'not-an-address' }, 400],
    ['a phone number that is not E.164', { phone: '555-0123' }, 400],
    ['a phone number given as email', { email: '+15555550100' }, 400],
    ['two addresses at once', { email: 'a@example.com', phone: '+15555550100' }, 400],
    ['a number instead of a string', { email: 42 }, 400],
    ['an address that already has an account', { email: 'parent@example.com' }, 409],
  ] as const) {
    it(`refuses to add ${name}`, async () => {
      const api = usersApi(provider());
      const refused = await api.add(body);
      expect(refused.status).to.equal(status);
      expect(refused.body).to.include({ error: 'invalid_request' });
      expect(await api.list()).to.have.length(3);
    });
  }

  it('removes one user by address, or all of them', async () => {
    const api = usersApi(provider());
    expect((await api.remove('?email=grandma@example.com')).status).to.equal(204);
    expect((await api.list()).map((user) => user.email)).not.to.include('grandma@example.com');
    expect((await api.remove('?email=nobody@example.com')).status).to.equal(404);
    expect((await api.remove()).status).to.equal(204);
    expect(await api.list()).to.deep.equal([]);
  });

  it('treats a removed user as a stranger when sign-ups are closed', async () => {
    const mock = provider({ config: { signupsOpen: false, enumerationProtection: false } });
    await usersApi(mock).remove('?email=parent@example.com');
    const refused = await mock.start('parent@example.com');
    expect(refused.body).to.include({ error: 'access_denied', pwless_reason: 'signup_disabled' });
  });

  it('lets a user added while sign-ups are closed sign in', async () => {
    const mock = provider({ config: { signupsOpen: false } });
    await usersApi(mock).add({ email: 'uncle@example.com' });
    const started = await mock.start('uncle@example.com');
    const verified = await mock.challenge({ auth_session: started.body.auth_session as string, otp: (await mock.lastMessage('uncle@example.com')).code! });
    expect(verified.status).to.equal(200);
  });
});

describe('mock reset', () => {
  it('clears messages, sign-ins and new users and returns to the configured policies', async () => {
    const mock = provider({ config: { codeLength: 8 } });
    const started = await mock.start('newcomer@example.com');
    await mock.configure({ codeLength: 4, offline: false });
    const reset = await mock.fetch(`${issuer}/_mock/reset`, { method: 'POST' });
    expect(reset.status).to.equal(204);
    expect(await mock.inbox()).to.deep.equal([]);
    const config = (await (await mock.fetch(`${issuer}/_mock/config`)).json()) as { codeLength: number };
    expect(config.codeLength).to.equal(8);
    expect(await usersApi(mock).list()).to.have.length(3);
    const stale = await mock.challenge({ auth_session: started.body.auth_session as string, otp: '00000000' });
    expect(stale.body.error).to.equal('invalid_session');
  });

  it('keeps the signing key, so tokens issued before still verify', async () => {
    const mock = provider();
    const before = await (await mock.fetch(`${issuer}/jwks`)).json();
    await mock.fetch(`${issuer}/_mock/reset`, { method: 'POST' });
    expect(await (await mock.fetch(`${issuer}/jwks`)).json()).to.deep.equal(before);
  });
});
