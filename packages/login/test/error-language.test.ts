import { expect } from '@open-wc/testing';
import { loadMessages } from '../src/locale.js';
import { failure, FakeClient } from './helpers/fake-client.js';
import { find, mount, nextEvent, settle, text, type, typeEmailAndContinue } from './helpers/element.js';

// Japanese is fetched for the first time by the first test of this file: the link's answer comes
// before the Japanese texts do, as on a slow connection or from the CDN.

describe('<pwless-login> errors in the language on screen', () => {
  const home = location.href;
  afterEach(() => history.replaceState(null, '', home));

  it('explains a spent link in Japanese when the link’s answer comes before the Japanese texts', async () => {
    history.replaceState(null, '', `${home.split('?')[0]}?pwless_link=spent-ja`);
    const client = new FakeClient();
    client.link = failure('link_invalid');
    const element = document.createElement('pwless-login');
    element.setAttribute('lang', 'ja');
    element.client = client.asClient();
    const error = nextEvent(element, 'pwless-error');
    document.body.append(element);
    await settle(element);
    const japanese = await loadMessages('ja');
    expect(text(element, '[role=alert]')).to.equal(japanese.errors.link_invalid);
    expect(find(element, '[part~=restart-button]').textContent!.trim()).to.equal(japanese.startAgain);
    expect((await error).message).to.equal(japanese.errors.link_invalid);
    element.remove();
  });

  it('says an error already on screen again in the new language when lang changes', async () => {
    history.replaceState(null, '', `${home.split('?')[0]}?pwless_link=spent-de`);
    const client = new FakeClient();
    client.link = failure('link_invalid');
    const element = await mount(client, { lang: 'en' });
    await settle(element);
    expect(text(element, '[role=alert]')).to.contain('already used or has expired');
    element.setAttribute('lang', 'de');
    await settle(element);
    expect(text(element, '[role=alert]')).to.equal((await loadMessages('de')).errors.link_invalid);
  });

  it('counts the tries left in the new language’s plural forms after lang changes', async () => {
    const client = new FakeClient();
    client.verifies = [failure('invalid_code', { attemptsRemaining: 2 })];
    const element = await mount(client, { lang: 'en' });
    await typeEmailAndContinue(element);
    type(find<HTMLInputElement>(element, '#code'), '111111');
    await settle(element);
    expect(text(element, '[role=alert]')).to.equal('That code is not right. 2 tries left.');
    element.setAttribute('lang', 'pl');
    await settle(element);
    expect(text(element, '[role=alert]')).to.equal('Ten kod jest nieprawidłowy. Zostały 2 próby.');
  });

  it('words an address the page itself refused in the new language after lang changes', async () => {
    const element = await mount(new FakeClient(), { lang: 'en' });
    await typeEmailAndContinue(element, 'not an address');
    expect(text(element, '[role=alert]')).to.equal('Please enter an email address like name@example.com.');
    element.setAttribute('lang', 'fr');
    await settle(element);
    expect(text(element, '[role=alert]')).to.equal((await loadMessages('fr')).invalidEmail);
  });
});
