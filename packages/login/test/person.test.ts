import { expect } from '@open-wc/testing';
import { challenge, failure, FakeClient } from './helpers/fake-client.js';
import { find, focused, mount, settle, text, type, typeEmailAndContinue } from './helpers/element.js';

describe('<pwless-login> when things go wrong for a person', () => {
  it('lets a person ask for a new code at once when the server says it expired, even if this device’s clock says otherwise', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ expiresAt: Date.now() + 170_000, resendAt: Date.now() + 20_000 })];
    client.verifies = [failure('code_expired')];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    type(find<HTMLInputElement>(element, '#code'), '123456');
    await settle(element);
    const resend = find<HTMLButtonElement>(element, '#resend');
    expect(resend.disabled).to.equal(false);
    expect(resend.textContent!.trim()).to.equal('Send a new code');
    expect(text(element, '#countdown')).to.equal('This code has expired. Ask for a new one.');
    expect(focused(element)).to.equal(resend);
    await expect(element).to.be.accessible();
  });
});
