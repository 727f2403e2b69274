import { expect } from '@open-wc/testing';
import { createClient, pwlessErrorCodes } from '../src/index.js';
import { mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer, recording, rejection } from './support/helpers.js';
import { signedIn } from './support/sign-in.js';

/** Runs `work` while this page cannot open IndexedDB (some private modes, a full disk, a blocked origin). */
async function withoutStorage<T>(work: () => Promise<T>): Promise<T> {
  const open = indexedDB.open;
  const transaction = IDBDatabase.prototype.transaction;
  const blocked = () => {
    throw new DOMException('storage is blocked', 'InvalidStateError');
  };
  indexedDB.open = blocked;
  // Databases opened before are cut off too.
  IDBDatabase.prototype.transaction = blocked;
  try {
    return await work();
  } finally {
    indexedDB.open = open;
    IDBDatabase.prototype.transaction = transaction;
  }
}

describe('when storage fails', () => {
  it('getAccessToken rejects with a PwlessError, on this call and the next (the table lives in memory from then on)', async () => {
    const issuer = freshIssuer();
    const client = createClient({ issuer, clientId: 'pwless-demo', persistence: 'local', fetch: mockFetch({ issuer }) });
    const error = await withoutStorage(() => rejection(client.getAccessToken()));
    expect(pwlessErrorCodes).to.include(error.code);
    expect(error.code).to.equal('session_expired');
    expect((await rejection(client.getAccessToken())).code).to.equal('session_expired');
    client.close();
  });

  it('signOut of a session kept in memory ends it, tells the other tabs and revokes it without touching storage', async () => {
    const issuer = freshIssuer();
    const recorder = recording(mockFetch({ issuer }));
    const mock = recorder.fetch;
    const otherTab = createClient({ issuer, clientId: 'pwless-demo', fetch: mock });
    const otherTabSignedIn = new Promise<void>((resolve) => otherTab.addEventListener('session', () => resolve()));
    const client = await signedIn(mock, issuer, 'nostorage@example.com');
    await otherTabSignedIn;
    const toldOtherTab = new Promise<void>((resolve) => otherTab.addEventListener('signedout', () => resolve()));
    await withoutStorage(() => client.signOut());
    expect(client.session).to.equal(undefined);
    await toldOtherTab;
    expect(recorder.requests.filter((request) => request.url.endsWith('/revoke'))).to.have.length(1);
    otherTab.close();
    client.close();
  });

  it('cancel() leaves no unhandled rejection behind', async () => {
    const issuer = freshIssuer();
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: mockFetch({ issuer }) });
    await client.start({ email: 'changed-my-mind@example.com' });
    const unhandled: unknown[] = [];
    const listener = (event: PromiseRejectionEvent) => {
      unhandled.push(event.reason);
      event.preventDefault();
    };
    window.addEventListener('unhandledrejection', listener);
    await withoutStorage(async () => {
      client.cancel();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    window.removeEventListener('unhandledrejection', listener);
    expect(unhandled.map(String)).to.deep.equal([]);
    client.close();
  });
});
