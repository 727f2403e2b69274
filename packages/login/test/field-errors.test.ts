import { expect } from '@open-wc/testing';
import { failure, FakeClient } from './helpers/fake-client.js';
import { find, mount, settle, text, type, typeEmailAndContinue } from './helpers/element.js';

describe('<pwless-login> errors about a field', () => {
  it('takes the email error and its red state away as soon as the address is edited, and shows it again on the next Continue', async () => {
    const element = await mount();
    await typeEmailAndContinue(element, 'ada');
    const input = find<HTMLInputElement>(element, '#identifier');
    const alert = find(element, '[role=alert]');
    expect(text(element, '[role=alert]')).to.equal('Please enter an email address like name@example.com.');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    type(input, 'ada@');
    await element.updateComplete;
    expect(text(element, '[role=alert]')).to.equal('');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    // The same live region stays, emptied: nothing is announced again while typing.
    expect(find(element, '[role=alert]')).to.equal(alert);
    await expect(element).to.be.accessible();
    find<HTMLButtonElement>(element, '[part~=submit-button]').click();
    await settle(element);
    expect(text(element, '[role=alert]')).to.equal('Please enter an email address like name@example.com.');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
  });

  it('takes “sign-ups are closed” away once another address is being typed', async () => {
    const client = new FakeClient();
    client.starts = [failure('signup_disabled')];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    const input = find<HTMLInputElement>(element, '#identifier');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    type(input, 'ada@example.co');
    await element.updateComplete;
    expect(text(element, '[role=alert]')).to.equal('');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
  });

  it('takes a wrong-code error and its red state away as soon as the code is edited', async () => {
    const client = new FakeClient();
    client.verifies = [failure('invalid_code', { attemptsRemaining: 2 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    const input = find<HTMLInputElement>(element, '#code');
    type(input, '123456');
    await settle(element);
    expect(text(element, '[role=alert]')).to.equal('That code is not right. 2 tries left.');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    type(input, '6');
    await element.updateComplete;
    expect(text(element, '[role=alert]')).to.equal('');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    await expect(element).to.be.accessible();
  });

  it('keeps an error that is not about the field, like being offline, while the person types', async () => {
    const client = new FakeClient();
    client.starts = [failure('network_error')];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    type(find<HTMLInputElement>(element, '#identifier'), 'ada@example.org');
    await element.updateComplete;
    expect(text(element, '[role=alert]')).to.equal('You seem to be offline. Check your connection and try again.');
  });
});
