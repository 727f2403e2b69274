import { expect } from '@open-wc/testing';
import { plural } from '../src/format.js';
import { loadMessages, supportedLocales } from '../src/locale.js';
import { challenge, failure, FakeClient } from './helpers/fake-client.js';
import { find, mount, text, typeEmailAndContinue } from './helpers/element.js';

describe('<pwless-login> a long rate limit', () => {
  it('says “2 minutes”, not “88 seconds”, in English', async () => {
    const client = new FakeClient();
    client.starts = [failure('rate_limited', { retryAfter: 88 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    expect(text(element, '[part~=retry-countdown]')).to.equal('You can try again in 2 minutes.');
  });

  it('still counts in seconds under a minute', async () => {
    const client = new FakeClient();
    client.starts = [failure('rate_limited', { retryAfter: 45 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    expect(text(element, '[part~=retry-countdown]')).to.equal('You can try again in 45 seconds.');
  });

  it('counts a long wait for a new code on the resend button in minutes', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ resendAt: Date.now() - 1000 })];
    client.resends = [failure('rate_limited', { retryAfter: 150 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    find<HTMLButtonElement>(element, '#resend').click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await element.updateComplete;
    expect(text(element, '#resend')).to.equal('You can ask for a new code in 3 minutes.');
  });

  for (const locale of supportedLocales) {
    it(`speaks in minutes with the plural rules of ${locale}`, async () => {
      const client = new FakeClient();
      client.starts = [failure('rate_limited', { retryAfter: 88 })];
      const element = await mount(client, { lang: locale });
      await typeEmailAndContinue(element);
      const messages = await loadMessages(locale);
      const shown = text(element, '[part~=retry-countdown]');
      expect(shown).to.equal(plural(locale, messages.retryInMinutes, 2));
      expect(shown).to.not.equal(plural(locale, messages.retryIn, 88));
    });
  }
});
