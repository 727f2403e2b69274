import { expect } from '@open-wc/testing';
import { FakeClient, session } from './helpers/fake-client.js';
import { inState, mount, settle, text } from './helpers/element.js';

describe('<pwless-login> back from the provider’s page', () => {
  const home = location.href;
  afterEach(() => history.replaceState(null, '', home));

  it('says it is checking while it finishes the sign-in, under the plain heading', async () => {
    history.replaceState(null, '', `${home.split('?')[0]}?code=code-1&state=state-1`);
    const client = new FakeClient();
    client.redirectReturn = 'pending';
    const element = await mount(client, { mode: 'redirect' });
    await settle(element);
    expect(inState(element, 'verifying')).to.equal(true);
    expect(text(element, '[part~=heading]')).to.equal('Sign in');
    expect(text(element)).to.contain('Checking…');
    await expect(element).to.be.accessible();
  });

  it('signs in from the answer, in the language of the page', async () => {
    history.replaceState(null, '', `${home.split('?')[0]}?code=code-2&state=state-2`);
    const client = new FakeClient();
    client.redirectReturn = session;
    const element = await mount(client, { mode: 'redirect', lang: 'de' });
    await settle(element);
    expect(inState(element, 'signed-in')).to.equal(true);
    expect(text(element, '[part~=signed-in-text]')).to.equal('Angemeldet als ada@example.com');
    expect(location.search).to.equal('');
  });
});
