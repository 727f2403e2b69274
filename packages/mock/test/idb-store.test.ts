import { expect } from '@open-wc/testing';
import { createStore, set } from 'idb-keyval';
import { indexedDbStore } from '../src/browser.js';
import { defaultConfig, emptyState } from '../src/index.js';
import { provider } from './support/challenge.js';

describe('IndexedDB state', () => {
  it('upgrades state saved by an older version instead of failing', async () => {
    const databaseName = `pwless-mock-upgrade-${crypto.randomUUID()}`;
    const { deliveries: _deliveries, channels: _channels, pollInterval: _pollInterval, ...olderConfig } = defaultConfig;
    await set('state', { config: olderConfig, sessions: {}, codes: {}, users: {}, inbox: [] }, createStore(databaseName, 'state'));
    const mock = provider({ store: indexedDbStore(() => emptyState({ ...defaultConfig }), databaseName) });
    const started = await mock.startLink('parent@example.com');
    expect(started.status).to.equal(403);
    expect((await mock.lastMessage('parent@example.com')).link).to.be.a('string');
  });
});
