import { expect } from '@open-wc/testing';
import type { PwlessLogin } from '../src/index.js';
import { challenge, FakeClient } from './helpers/fake-client.js';
import { find, focused, inState, mount, nextEvent, settle, text, type, typeEmailAndContinue } from './helpers/element.js';

// The tests run in this order on purpose: each step's chunk loads once per page, and each test
// needs its step not loaded yet. Nothing else in this file imports the link steps.

/** The step modules this page has fetched so far. */
function fetchedSteps(): PerformanceEntry[] {
  return performance.getEntriesByType('resource').filter((entry) => /\/steps\/(link-sent|landing)\./.test(entry.name));
}

/** Lets every queued promise callback run, without giving the network a turn. */
async function microtasks(): Promise<void> {
  for (let round = 0; round < 50; round++) await Promise.resolve();
}

describe('<pwless-login> steps in chunks of their own', () => {
  const home = location.href;
  afterEach(() => history.replaceState(null, '', home));

  it('fetches neither link step for a sign-in with a code', async () => {
    const element = await mount(new FakeClient());
    await typeEmailAndContinue(element);
    const signedIn = nextEvent(element, 'pwless-signed-in');
    type(find<HTMLInputElement>(element, '#code'), '123456');
    await signedIn;
    await settle(element);
    expect(fetchedSteps()).to.deep.equal([]);
  });

  it('fetches "check your inbox" while the link is being sent, and keeps showing Sending… until it is here', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ delivery: 'link' })];
    let answeredAt = 0;
    const start = client.start.bind(client);
    client.start = (identifier, options) => start(identifier, options).then((answer) => ((answeredAt = performance.now()), answer));
    const element = await mount(client, { delivery: 'link' });
    type(find<HTMLInputElement>(element, '#identifier'), 'ada@gmail.com');
    const sent = nextEvent(element, 'pwless-sent');
    find<HTMLButtonElement>(element, '[part~=submit-button]').click();
    await sent;
    await microtasks();
    expect(inState(element, 'sending')).to.equal(true);
    expect(text(element, '[part~=submit-button]')).to.equal('Sending…');
    await element.updateComplete;
    expect(inState(element, 'link-sent')).to.equal(true);
    expect(focused(element)).to.equal(find(element, '#sent-to'));
    // The focused sentence tells of the link; the live region adds no word about a code.
    expect(text(element, '[role=status]')).to.equal('');
    await expect(element).to.be.accessible();
    expect(fetchedSteps().map((entry) => entry.startTime < answeredAt)).to.deep.equal([true]);
  });

  it('shows a landing page at once, saying Checking…, and focuses Confirm once its step is here', async () => {
    history.replaceState(null, '', `${home.split('?')[0]}?pwless_link=token-lazy`);
    const client = new FakeClient();
    client.link = { to: 'a••@example.com', requestedAt: Date.now() };
    const element = Object.assign(document.createElement('pwless-login'), { client: client.asClient() }) as PwlessLogin;
    element.lang = 'en';
    document.body.append(element);
    try {
      await microtasks();
      expect(element.hasUpdated).to.equal(true);
      expect(inState(element, 'landing')).to.equal(true);
      expect([text(element, '[part~=heading]'), text(element, '[part~=landing-text]')]).to.deep.equal(['Confirm sign-in', 'Checking…']);
      await element.updateComplete;
      expect(focused(element)).to.equal(find(element, '[part~=confirm-button]'));
      expect(text(element, '[part~=landing-text]')).to.equal('Someone asked to sign in as a••@example.com.');
      await expect(element).to.be.accessible();
    } finally {
      element.remove();
    }
  });
});
