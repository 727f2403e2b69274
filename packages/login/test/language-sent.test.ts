import { expect } from '@open-wc/testing';
import { FakeClient } from './helpers/fake-client.js';
import { mount, typeEmailAndContinue } from './helpers/element.js';

describe('<pwless-login> tells the provider the language it speaks', () => {
  it('sends the language it renders in to the provider’s page in redirect mode', async () => {
    const client = new FakeClient();
    const element = await mount(client, { mode: 'redirect', lang: 'ja' });
    await typeEmailAndContinue(element, 'ada@example.com');
    expect(client.calls).to.include('signInWithRedirect {"loginHint":"ada@example.com","locale":"ja"}');
  });

  it('sends the shipped locale a regional tag resolves to, not the tag itself', async () => {
    const client = new FakeClient();
    const element = await mount(client, { mode: 'redirect', lang: 'zh-CN' });
    await typeEmailAndContinue(element, 'ada@example.com');
    expect(client.calls).to.include('signInWithRedirect {"loginHint":"ada@example.com","locale":"zh-Hans"}');
  });

  it('sends the language of the page around it when it has no lang of its own', async () => {
    const client = new FakeClient();
    // Built by hand: fixture() waits an animation frame for plain elements, which background pages never get.
    const wrapper = Object.assign(document.createElement('div'), { lang: 'pt-PT' });
    const element = Object.assign(document.createElement('pwless-login'), { client: client.asClient(), mode: 'redirect' as const });
    wrapper.append(element);
    document.body.append(wrapper);
    await element.updateComplete;
    await typeEmailAndContinue(element, 'ada@example.com');
    expect(client.calls).to.include('signInWithRedirect {"loginHint":"ada@example.com","locale":"pt-BR"}');
    wrapper.remove();
  });

  it('sends the same language with a code sent on this page', async () => {
    const client = new FakeClient();
    const element = await mount(client, { lang: 'ja' });
    await typeEmailAndContinue(element, 'ada@example.com');
    expect(client.calls).to.include('start {"email":"ada@example.com"} {"delivery":"code","locale":"ja"}');
  });
});
