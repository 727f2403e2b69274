import { expect } from '@open-wc/testing';
import { FakeClient } from './helpers/fake-client.js';
import { find, focused, inState, mount, settle, text, typeEmailAndContinue } from './helpers/element.js';

const started = (client: FakeClient) => client.calls.filter((call) => call.startsWith('start'));

describe('<pwless-login> a misspelt email domain', () => {
  it('asks "Did you mean …?" before sending a code to gmial.com, and sends to gmail.com with one click', async () => {
    const client = new FakeClient();
    const element = await mount(client);
    await typeEmailAndContinue(element, 'mum@gmial.com');
    expect(started(client)).to.deep.equal([]);
    expect(inState(element, 'email')).to.equal(true);
    expect(text(element, '#suggestion')).to.equal('Did you mean mum@gmail.com?');
    expect(focused(element)?.id).to.equal('suggestion');
    await expect(element).to.be.accessible();

    find<HTMLButtonElement>(element, '#suggestion').click();
    await settle(element);
    expect(started(client)).to.have.length(1);
    expect(started(client)[0]).to.contain('"email":"mum@gmail.com"');
    expect(inState(element, 'code')).to.equal(true);
    // Back to the first step, the field holds the address the code went to.
    find<HTMLButtonElement>(element, '[part~=change-button]').click();
    await settle(element);
    expect(find<HTMLInputElement>(element, '#identifier').value).to.equal('mum@gmail.com');
  });

  it('sends to the address as typed when the person presses Continue again', async () => {
    const client = new FakeClient();
    const element = await mount(client);
    await typeEmailAndContinue(element, 'dad@hotmial.com');
    find<HTMLButtonElement>(element, '[part~=submit-button]').click();
    await settle(element);
    expect(started(client)[0]).to.contain('"email":"dad@hotmial.com"');
    expect(inState(element, 'code')).to.equal(true);
  });

  it('asks in the language on screen', async () => {
    const element = await mount(new FakeClient(), { lang: 'de' });
    await typeEmailAndContinue(element, 'oma@gmx.ed');
    expect(text(element, '#suggestion')).to.equal('Meinten Sie oma@gmx.de?');
  });

  it('lets real domains close to a common one through at once (mail.com, ymail.com) and any unknown one', async () => {
    for (const email of ['a@mail.com', 'b@ymail.com', 'c@example.org', 'd@GMAIL.COM']) {
      const client = new FakeClient();
      const element = await mount(client);
      await typeEmailAndContinue(element, email);
      expect(started(client), email).to.have.length(1);
    }
  });
});
