import { expect } from '@open-wc/testing';
import { createClient } from '../src/index.js';
import { saveTransaction, listTransactions } from '../src/transactions.js';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer, rejection } from './support/helpers.js';

describe('pending sign-ins', () => {
  it('survive a reload: a new client in the same browser finishes the sign-in', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const before = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    const challenge = await before.start({ email: 'reload@example.com' });
    before.close();
    const after = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    expect(await after.resume()).to.deep.equal(challenge);
    const session = await after.verify(await latestCode(mock, 'reload@example.com', issuer));
    expect(session.user.email).to.equal('reload@example.com');
    after.close();
  });

  it('are deleted when used, so a second verify has nothing to finish', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    await client.start({ email: 'used@example.com' });
    const code = await latestCode(mock, 'used@example.com', issuer);
    await client.verify(code);
    expect(await listTransactions(`${issuer}/`, 'pwless-demo', 'native')).to.have.length(0);
    expect((await rejection(client.verify(code))).code).to.equal('no_pending_sign_in');
    client.close();
  });

  it('are ignored and removed once expired', async () => {
    const issuer = freshIssuer();
    await saveTransaction({
      state: 'old-state',
      flow: 'native',
      issuer: `${issuer}/`,
      clientId: 'pwless-demo',
      codeVerifier: 'v'.repeat(43),
      nonce: 'n',
      authSession: 'gone',
      expiresAt: Date.now() - 1,
    });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: mockFetch({ issuer }) });
    expect(await client.resume()).to.equal(undefined);
    expect((await rejection(client.verify('123456'))).code).to.equal('no_pending_sign_in');
    client.close();
  });

  it('are dropped after too many wrong codes', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer, config: { maxAttempts: 1 } });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    await client.start({ email: 'wrong@example.com' });
    const right = await latestCode(mock, 'wrong@example.com', issuer);
    expect((await rejection(client.verify(right === '000000' ? '111111' : '000000'))).code).to.equal('too_many_attempts');
    expect(client.challenge).to.equal(undefined);
    expect((await rejection(client.verify(right))).code).to.equal('no_pending_sign_in');
    client.close();
  });
});
