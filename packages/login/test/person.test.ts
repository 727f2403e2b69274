import { expect, waitUntil } from '@open-wc/testing';
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
    expect(text(element, '[role=alert]')).to.equal('This code has expired. Ask for a new one.');
    // Said once, by the error; the countdown does not repeat it.
    expect(find(element, '#countdown').hidden).to.equal(true);
    expect(focused(element)).to.equal(resend);
    await expect(element).to.be.accessible();
  });

  it('makes "Send a new code" the main button once the code has expired, with no Sign in left that cannot work', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ resendAt: Date.now() - 1000 })];
    client.verifies = [failure('code_expired')];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    type(find<HTMLInputElement>(element, '#code'), '111111');
    await settle(element);
    const buttons = [...element.shadowRoot!.querySelectorAll('form button')].map((button) => button.textContent!.trim());
    expect(buttons).to.deep.equal(['Send a new code', 'Use a different email']);
    expect(find(element, '#resend').getAttribute('part')).to.equal('button resend-button');
    expect(focused(element)).to.equal(find(element, '#resend'));
    await expect(element).to.be.accessible();
  });

  it('speaks of the phone number, not an address, when sign-ups are closed for the number typed', async () => {
    const client = new FakeClient();
    client.starts = [failure('signup_disabled')];
    const element = await mount(client, { channel: 'sms' });
    await typeEmailAndContinue(element, '+44 7700 900123');
    expect(text(element, '[role=alert]')).to.equal('There is no account for this phone number, and new sign-ups are closed. Try another number.');
    expect(find(element, '#identifier').getAttribute('aria-invalid')).to.equal('true');
    await expect(element).to.be.accessible();
  });

  it('keeps focus in the code field when asking for a new code is refused for a while', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ resendAt: Date.now() - 1000 })];
    client.resends = [failure('rate_limited', { retryAfter: 20 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    const resend = find<HTMLButtonElement>(element, '#resend');
    resend.focus();
    resend.click();
    await settle(element);
    expect(resend.disabled).to.equal(true);
    expect(text(element, '[role=alert]')).to.equal('Too many tries. Please wait a moment.');
    expect(focused(element)?.id).to.equal('code');
  });

  it('shows, not only announces, that a new code is on its way after “Send a new code”', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ resendAt: Date.now() - 1000 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    find<HTMLButtonElement>(element, '#resend').click();
    await settle(element);
    expect(text(element, '#sent-to')).to.equal('A new code is on its way to a••@example.com.');
    await expect(element).to.be.accessible();
  });

  it('takes “Please wait a moment” away once the wait is over', async () => {
    const client = new FakeClient();
    client.starts = [failure('rate_limited', { retryAfter: 1 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    expect(text(element, '[role=alert]')).to.equal('Too many tries. Please wait a moment.');
    await waitUntil(() => text(element, '[role=status]') === 'You can try again now.', 'no announcement', { timeout: 3000 });
    await element.updateComplete;
    expect(text(element, '[role=alert]')).to.equal('');
    expect(find<HTMLButtonElement>(element, '[part~=submit-button]').disabled).to.equal(false);
  });

  describe('on the link landing page', () => {
    const home = location.href;
    afterEach(() => history.replaceState(null, '', home));

    it('offers one “Try again” when confirming failed on the way, not a second button beside Confirm', async () => {
      history.replaceState(null, '', `${home.split('?')[0]}?pwless_link=token-3`);
      const client = new FakeClient();
      client.link = { to: 'a••@example.com', requestedAt: Date.now(), userAgent: 'Chrome' };
      client.approve = failure('network_error');
      const element = await mount(client);
      await settle(element);
      find<HTMLButtonElement>(element, '[part~=confirm-button]').click();
      await settle(element);
      const buttons = [...element.shadowRoot!.querySelectorAll('[part~=landing] button')].map((button) => button.textContent!.trim());
      expect(buttons).to.deep.equal(['Try again']);
      expect(focused(element)?.id).to.equal('retry');
      await expect(element).to.be.accessible();
    });

    it('does not ask to confirm a link that is already spent', async () => {
      history.replaceState(null, '', `${home.split('?')[0]}?pwless_link=spent-2`);
      const client = new FakeClient();
      client.link = failure('link_invalid');
      const element = await mount(client);
      await settle(element);
      expect(text(element, '[part~=heading]')).to.equal('Sign in');
      expect(text(element, '[role=alert]')).to.contain('already used or has expired');
      await expect(element).to.be.accessible();
    });

    it('says “Start again” on the button of a spent link, not the heading’s “Sign in”, and starts again from it', async () => {
      history.replaceState(null, '', `${home.split('?')[0]}?pwless_link=spent-3`);
      const client = new FakeClient();
      client.link = failure('link_invalid');
      const element = await mount(client);
      await settle(element);
      const restart = find<HTMLButtonElement>(element, '[part~=restart-button]');
      expect(text(element, '[part~=heading]')).to.equal('Sign in');
      expect(restart.textContent!.trim()).to.equal('Start again');
      await expect(element).to.be.accessible();
      restart.click();
      await settle(element);
      expect(element.matches(':state(email)')).to.equal(true);
    });

    it('leaves the device out when the provider did not say which one asked, instead of showing “?”', async () => {
      history.replaceState(null, '', `${home.split('?')[0]}?pwless_link=token-2`);
      const client = new FakeClient();
      client.link = { to: 'a••@example.com', requestedAt: Date.UTC(2026, 0, 5, 9, 30), userAgent: '' };
      const element = await mount(client);
      await settle(element);
      const details = text(element, '[part~=landing] [part~=hint]');
      expect(details).to.match(/^Asked .*2026.*\.$/);
      expect(details).to.not.contain('?');
      expect(details).to.not.contain(' on ');
      await expect(element).to.be.accessible();
    });
  });
});
