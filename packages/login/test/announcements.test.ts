import { expect } from '@open-wc/testing';
import { challenge, FakeClient } from './helpers/fake-client.js';
import { find, inState, mount, settle, text, type, typeEmailAndContinue } from './helpers/element.js';

describe('<pwless-login> live announcements', () => {
  it('does not tell a screen reader a code is on its way when a sign-in link was sent', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ delivery: 'link' })];
    const element = await mount(client, { delivery: 'link' });
    await typeEmailAndContinue(element);
    await settle(element);
    expect(inState(element, 'link-sent')).to.equal(true);
    expect(text(element, '[part~=announcer]')).not.to.contain('code');
  });

  it('keeps no word of a code on its way once the person is signed in', async () => {
    const element = await mount(new FakeClient());
    await typeEmailAndContinue(element);
    expect(text(element, '[part~=announcer]')).to.contain('A code is on its way');
    type(find<HTMLInputElement>(element, '#code'), '123456');
    await settle(element);
    expect(inState(element, 'signed-in')).to.equal(true);
    expect(text(element, '[part~=announcer]')).to.equal('');
  });

  it('keeps no word of a code on its way after "Use a different email"', async () => {
    const element = await mount(new FakeClient());
    await typeEmailAndContinue(element);
    find<HTMLButtonElement>(element, '[part~=change-button]').click();
    await settle(element);
    expect(inState(element, 'email')).to.equal(true);
    expect(text(element, '[part~=announcer]')).to.equal('');
  });
});
