import { expect } from '@open-wc/testing';
import { FakeClient } from './helpers/fake-client.js';
import { focused, inState, mount, settle, text, typeEmailAndContinue } from './helpers/element.js';

describe('<pwless-login> in redirect mode without a connection', () => {
  afterEach(() => delete (navigator as { onLine?: boolean }).onLine);

  it('stays on the page and says it is offline instead of leaving for the browser’s error page, then goes on once back online', async () => {
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
    const client = new FakeClient();
    const element = await mount(client, { mode: 'redirect' });
    await typeEmailAndContinue(element);
    expect(client.calls.some((call) => call.startsWith('signInWithRedirect'))).to.equal(false);
    expect(inState(element, 'email')).to.equal(true);
    expect(text(element)).to.contain('offline');
    expect(focused(element)?.id).to.equal('retry');
    await expect(element).to.be.accessible();

    Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
    dispatchEvent(new Event('online'));
    await settle(element);
    expect(client.calls.some((call) => call.startsWith('signInWithRedirect'))).to.equal(true);
  });
});
