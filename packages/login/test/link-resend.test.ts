import { expect, waitUntil } from '@open-wc/testing';
import type { Challenge } from '@pwless/sdk';
import { challenge, failure, FakeClient, session, type Script } from './helpers/fake-client.js';
import { find, focused, inState, mount, settle, text, typeEmailAndContinue, type MountOptions } from './helpers/element.js';

const resendButton = '[part~=resend-link-button]';

/** The element on "check your inbox" for a link whose cooldown is over; asking for a new one answers `resend`. */
async function onCheckYourInbox(resend: Script<Challenge>, options: MountOptions = {}) {
  const client = new FakeClient();
  client.starts = [challenge({ delivery: 'link', resendAt: Date.now() - 1000 })];
  client.resends = [resend];
  const element = await mount(client, { delivery: 'link', ...options });
  await typeEmailAndContinue(element);
  await waitUntil(() => inState(element, 'link-sent'), 'no "check your inbox"');
  return { client, element };
}

describe('<pwless-login> "Send a new link" on "check your inbox"', () => {
  it('waits out the cooldown with a live countdown, then offers a new link', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ delivery: 'link', resendAt: Date.now() + 1200 })];
    const element = await mount(client, { delivery: 'link' });
    await typeEmailAndContinue(element);
    await waitUntil(() => inState(element, 'link-sent'), 'no "check your inbox"');
    const button = find<HTMLButtonElement>(element, resendButton);
    expect(button.disabled).to.equal(true);
    expect(button.textContent).to.match(/new link in [12] seconds?/);
    await waitUntil(() => !find<HTMLButtonElement>(element, resendButton).disabled, 'still cooling down', { timeout: 3000 });
    expect(find(element, resendButton).textContent!.trim()).to.equal('Send a new link');
    await waitUntil(() => text(element, '[role=status]') === 'You can ask for a new link now.', 'the end of the cooldown was not announced');
  });

  it('sends a new link, says so politely, and signs in when the new link is confirmed', async () => {
    const { client, element } = await onCheckYourInbox(challenge({ delivery: 'link', to: 'a••@example.com' }));
    // The first wait never ends (its link is forgotten); the one for the new link does.
    client.approval = session;
    find<HTMLButtonElement>(element, resendButton).click();
    await settle(element);
    expect(client.calls.filter((call) => call === 'resend')).to.have.length(1);
    expect(client.calls.filter((call) => call === 'waitForApproval')).to.have.length(2);
    await waitUntil(() => inState(element, 'signed-in'), 'the new link did not sign in');
  });

  it('announces the new link and keeps focus on where it went', async () => {
    const { element } = await onCheckYourInbox(challenge({ delivery: 'link', to: 'a••@example.com' }));
    find<HTMLButtonElement>(element, resendButton).click();
    await settle(element);
    expect(text(element, '[role=status]')).to.equal('We sent a new sign-in link to a••@example.com. Open it on any device; this page continues by itself.');
    expect(text(element, '#sent-to')).to.contain('new sign-in link');
    expect(focused(element)).to.equal(find(element, '#sent-to'));
    expect(find<HTMLButtonElement>(element, resendButton).disabled).to.equal(true);
    await expect(element).to.be.accessible();
  });

  it('shows a rate limit under the button, in the page’s language, with its countdown', async () => {
    const { element } = await onCheckYourInbox(failure('rate_limited', { retryAfter: 30 }), { lang: 'de' });
    find<HTMLButtonElement>(element, resendButton).click();
    await settle(element);
    const error = find(element, '[part~=link-sent] [role=alert]');
    expect(error.textContent).to.contain('Zu viele Versuche');
    expect(inState(element, 'link-sent')).to.equal(true);
    expect(find<HTMLButtonElement>(element, resendButton).disabled).to.equal(true);
    expect(text(element, '[part~=link-sent] [part~=retry-countdown]')).to.match(/30/);
  });
});
