import { expect } from '@open-wc/testing';
import { challenge, FakeClient } from './helpers/fake-client.js';
import { find, focused, mount, typeEmailAndContinue } from './helpers/element.js';

describe('<pwless-login> a code expiring on screen', () => {
  it('keeps focus in the widget when the code expires under a person on Sign in: it moves to "Send a new code"', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ expiresAt: Date.now() + 300, resendAt: Date.now() - 1000 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    find<HTMLButtonElement>(element, '[part~=submit-button]').focus();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await element.updateComplete;
    expect(focused(element)?.id).to.equal('resend');
  });
});
