import { expect } from '@open-wc/testing';
import { createClient } from '../src/index.js';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer } from './support/helpers.js';

// Its own file (so its own page): once IndexedDB fails, this page's tables stay in memory.
describe('when IndexedDB is over quota', () => {
  it('a code sign-in still works, its transaction kept in memory, and a second sign-in in the page too', async () => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('the quota has been exceeded', 'QuotaExceededError');
    };
    try {
      for (const email of ['full-disk@example.com', 'full-disk-again@example.com']) {
        const issuer = freshIssuer();
        const fetchFunction = mockFetch({ issuer });
        const client = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction });
        const challenge = await client.start({ email });
        expect(challenge.channel).to.equal('email');
        // What a reload does in the same page: a client that finds the sign-in in progress.
        const again = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction });
        expect((await again.resume())?.to).to.equal(challenge.to);
        const session = await again.verify(await latestCode(fetchFunction, email, issuer));
        expect(session.user.email).to.equal(email);
        client.close();
        again.close();
      }
    } finally {
      IDBObjectStore.prototype.put = put;
    }
  });
});
