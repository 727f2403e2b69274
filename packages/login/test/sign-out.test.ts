import { expect } from '@open-wc/testing';
import { failure, FakeClient, session } from './helpers/fake-client.js';
import { find, focused, inState, mount, nextEvent, settle, text, type, typeEmailAndContinue } from './helpers/element.js';

async function signedIn(client: FakeClient) {
  const element = await mount(client);
  await typeEmailAndContinue(element);
  type(find<HTMLInputElement>(element, '#code'), '123456');
  await settle(element);
  client.session = session;
  return element;
}

/** Counts rejections nobody handled while `work` runs. */
async function unhandledDuring(work: () => Promise<void>): Promise<number> {
  let count = 0;
  const note = (event: PromiseRejectionEvent) => (count += 1, event.preventDefault());
  addEventListener('unhandledrejection', note);
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    removeEventListener('unhandledrejection', note);
  }
  return count;
}

describe('<pwless-login> signing out', () => {
  it('ends signed out in this page when revoking the session fails on the way, without an unhandled rejection', async () => {
    const client = new FakeClient();
    // The SDK has forgotten the session here before revocation failed.
    client.signOuts = [failure('network_error')];
    const element = await signedIn(client);
    client.session = undefined;
    const signedOut = nextEvent(element, 'pwless-signed-out');
    const unhandled = await unhandledDuring(async () => {
      find<HTMLButtonElement>(element, '[part~=sign-out-button]').click();
      await settle(element);
    });
    await signedOut;
    expect(unhandled).to.equal(0);
    expect(inState(element, 'email')).to.equal(true);
    expect(text(element, '[role=alert]')).to.equal('');
    await expect(element).to.be.accessible();
  });

  it('stays signed in, says why and offers “Try again” when signing out did not happen at all', async () => {
    const client = new FakeClient();
    client.signOuts = [failure('server_error'), undefined];
    const element = await signedIn(client);
    let signedOutEvents = 0;
    element.addEventListener('pwless-signed-out', () => (signedOutEvents += 1));
    const unhandled = await unhandledDuring(async () => {
      find<HTMLButtonElement>(element, '[part~=sign-out-button]').click();
      await settle(element);
    });
    expect(unhandled).to.equal(0);
    expect(signedOutEvents).to.equal(0);
    expect(inState(element, 'signed-in')).to.equal(true);
    expect(text(element, '[role=alert]')).to.equal('The sign-in service is having trouble. Please try again in a moment.');
    expect(focused(element)?.id).to.equal('retry');
    await expect(element).to.be.accessible();
    client.session = undefined;
    find<HTMLButtonElement>(element, '#retry').click();
    await settle(element);
    expect(signedOutEvents).to.equal(1);
    expect(inState(element, 'email')).to.equal(true);
    expect(text(element, '[role=alert]')).to.equal('');
  });
});
