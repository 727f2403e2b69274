import { expect } from '@open-wc/testing';
import { composeMessage, pickLocale, supportedLocales, templates } from '../src/messages.js';
import { issuer, provider } from './support/challenge.js';

const elementLocales = ['en', 'de', 'fr', 'es', 'it', 'pt-BR', 'nl', 'pl', 'ja', 'zh-Hans', 'ar', 'he'];
/** Placeholders each field must use; the others must not appear. */
const placeholders: Record<string, string[]> = {
  codeSubject: [],
  linkSubject: [],
  codeBody: ['{code}', '{duration}'],
  linkIntro: ['{duration}'],
  linkAction: [],
  linkFallback: ['{code}'],
  phraseLine: ['{phrase}'],
  ignoreLine: [],
  sms: ['{code}'],
  smsLink: ['{code}', '{link}'],
};

describe('message templates', () => {
  it('exist in the same languages as the element', () => {
    expect([...supportedLocales].sort()).to.deep.equal([...elementLocales].sort());
  });

  for (const locale of elementLocales) {
    it(`fill every field with the right placeholders in ${locale}`, () => {
      const template = templates[locale]!;
      expect(template.locale).to.equal(locale);
      expect(template.direction).to.equal(locale === 'ar' || locale === 'he' ? 'rtl' : 'ltr');
      for (const [field, expected] of Object.entries(placeholders)) {
        const text = (template as unknown as Record<string, unknown>)[field];
        expect(text, `${locale}.${field}`).to.be.a('string').and.not.equal('');
        const used = (text as string).match(/\{\w+\}/g) ?? [];
        expect([...new Set(used)].sort(), `${locale}.${field}`).to.deep.equal([...expected].sort());
      }
    });
  }

  it('differ from English in every other language', () => {
    for (const locale of elementLocales.filter((tag) => tag !== 'en')) {
      expect(templates[locale]!.codeBody, locale).not.to.equal(templates.en!.codeBody);
    }
  });

  for (const [uiLocales, expected] of [
    ['de', 'de'],
    ['de-AT', 'de'],
    ['PT-br', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['zh-CN', 'zh-Hans'],
    ['zh-Hans-SG', 'zh-Hans'],
    ['zh-TW fr', 'fr'],
    ['iw', 'he'],
    ['tlh  ar-EG', 'ar'],
    ['tlh', 'en'],
    ['', 'en'],
  ]) {
    it(`picks ${expected} for ui_locales "${uiLocales}"`, () => {
      expect(pickLocale(uiLocales)).to.equal(expected);
    });
  }

  it('writes the duration with the plural rules of the language', () => {
    expect(composeMessage('en', 'email', { code: '123456', minutes: 1 }).text).to.contain('valid for 1 minute.');
    expect(composeMessage('pl', 'email', { code: '123456', minutes: 5 }).text).to.contain('5 minut');
    expect(composeMessage('ar', 'email', { code: '123456', minutes: 3 }).text).to.contain('3');
  });

  it('puts the link, the code and the phrase into a link email, with the link escaped in HTML', () => {
    const link = 'http://localhost:8000/signin?a=1&pwless_link=abc.def';
    const message = composeMessage('fr', 'email', { code: '123456', minutes: 3, link, phrase: 'calm otter 42' });
    expect(message.subject).to.equal(templates.fr!.linkSubject);
    expect(message.text).to.contain(link).and.contain('123456').and.contain('calm otter 42');
    expect(message.html).to.contain('href="http://localhost:8000/signin?a=1&#38;pwless_link=abc.def"');
    expect(message.html).to.contain('<div lang="fr" dir="ltr">');
  });

  it('marks right-to-left languages in the HTML body', () => {
    expect(composeMessage('he', 'email', { code: '123456', minutes: 3 }).html).to.contain('dir="rtl"');
  });

  it('keeps an SMS short: no subject, no phrase, under 160 characters', () => {
    for (const locale of elementLocales) {
      const message = composeMessage(locale, 'sms', { code: '12345678', minutes: 3, phrase: 'calm otter 42' });
      expect(message.subject, locale).to.equal('');
      expect(message.text, locale).to.contain('12345678').and.not.contain('calm otter');
      expect(message.text.length, locale).to.be.below(160);
    }
  });

  it('ends an SMS with the origin-bound line that WebOTP reads, when a page asked', () => {
    const message = composeMessage('de', 'sms', { code: '123456', minutes: 3, originHost: 'photos.example' });
    expect(message.text.split('\n').at(-1)).to.equal('@photos.example #123456');
  });

  it('sends the message in the language of ui_locales and lists the languages in discovery', async () => {
    const mock = provider();
    await mock.start('parent@example.com', { ui_locales: 'ja-JP en' });
    const message = await mock.lastMessage('parent@example.com');
    expect(message.locale).to.equal('ja');
    expect(message.subject).to.equal(templates.ja!.codeSubject);
    const metadata = (await (await mock.fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata.ui_locales_supported).to.deep.equal(supportedLocales);
  });

  it('sends a short SMS to a phone number', async () => {
    const mock = provider();
    await mock.start('+15555550123', { ui_locales: 'es' });
    const message = await mock.lastMessage('+15555550123');
    expect(message).to.include({ channel: 'sms', locale: 'es', subject: '' });
    expect(message.text).to.equal(`${message.code} es tu código de inicio de sesión.`);
  });
});

describe('the inbox', () => {
  it('keeps only the newest 100 messages, so a long-running mock does not grow with every send', async () => {
    const mock = provider();
    for (let index = 0; index < 105; index++) expect((await mock.start(`visitor${index}@example.com`)).status).to.equal(403);
    const inbox = await mock.inbox();
    expect(inbox).to.have.length(100);
    expect(inbox[0]!.to).to.equal('visitor5@example.com');
    expect(inbox.at(-1)!.to).to.equal('visitor104@example.com');
  });
});
