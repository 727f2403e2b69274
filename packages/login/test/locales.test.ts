import { expect } from '@open-wc/testing';
import { pwlessErrorCodes } from '@pwless/sdk';
import { loadMessages, matchLocale, supportedLocales, withOverrides } from '../src/locale.js';
import { englishPasskeyTexts, loadPasskeyTexts } from '../src/locales/passkeys.js';
import { landingTexts } from '../src/locales/en-landing.js';
import { linkSentTexts } from '../src/locales/en-link-sent.js';
import { messages as en, type Messages, type PluralMessage } from '../src/locales/en.js';
import { failure, FakeClient } from './helpers/fake-client.js';
import { find, mount, settle, text, typeEmailAndContinue } from './helpers/element.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/** The plural categories a locale uses for the whole numbers a countdown can show. */
function categoriesFor(locale: string): Set<string> {
  const rules = new Intl.PluralRules(locale);
  return new Set(Array.from({ length: 1001 }, (_, count) => rules.select(count)));
}

describe('locales', () => {
  it('ships the twelve languages', () => {
    expect([...supportedLocales].sort()).to.deep.equal(['ar', 'de', 'en', 'es', 'fr', 'he', 'it', 'ja', 'nl', 'pl', 'pt-BR', 'zh-Hans']);
  });

  for (const locale of supportedLocales) {
    it(`${locale} has every key, every plural form and every error code`, async () => {
      const loaded = await loadMessages(locale);
      if (locale !== 'en') expect(loaded).to.not.equal(en);
      // The passkey texts come with the passkey part (English) or a chunk per language (locales/passkeys.ts), laid over the locale's own.
      const passkeyTexts = await loadPasskeyTexts(locale);
      if (locale !== 'en') expect(passkeyTexts, `passkey texts for ${locale}`).to.not.equal(englishPasskeyTexts);
      // English's texts of "check your inbox" and of the landing page come with those steps' chunks;
      // every other language must have them itself.
      const withSteps = (texts: Messages) => ({ ...linkSentTexts, ...landingTexts, ...texts });
      const messages: Messages = withOverrides(locale === 'en' ? withSteps(loaded) : loaded, passkeyTexts);
      const english = withOverrides(withSteps(en), englishPasskeyTexts);
      for (const key of Object.keys(english) as (keyof Messages)[]) {
        if (key === 'errors') continue;
        const source = english[key];
        const translated = messages[key];
        expect(translated, `${locale}.${key}`).to.not.equal(undefined);
        if (typeof source === 'string') {
          expect(translated, `${locale}.${key}`).to.be.a('string').and.not.equal('');
          expect(placeholders(translated as string), `${locale}.${key} placeholders`).to.deep.equal(placeholders(source));
        } else {
          for (const category of categoriesFor(locale)) {
            expect((translated as PluralMessage)[category as Intl.LDMLPluralRule], `${locale}.${key}.${category}`).to.be.a('string');
          }
        }
      }
      for (const code of pwlessErrorCodes) expect(messages.errors[code], `${locale}.errors.${code}`).to.be.a('string').and.not.equal('');
      expect(Object.keys(messages.errors).sort()).to.deep.equal([...pwlessErrorCodes].sort());
    });
  }

  it('names the restart button of a spent link apart from the heading above it, in every language', async () => {
    for (const locale of supportedLocales) {
      const messages = { ...landingTexts, ...(await loadMessages(locale)) };
      expect(messages.startAgain, locale).to.be.a('string').and.not.equal(messages.heading);
    }
  });

  it('maps language tags to the shipped locales', () => {
    expect(['de-AT', 'pt', 'pt-PT', 'zh-CN', 'zh', 'iw', 'he-IL', 'ar-EG', 'sv', '', 'EN-gb'].map(matchLocale)).to.deep.equal([
      'de', 'pt-BR', 'pt-BR', 'zh-Hans', 'zh-Hans', 'he', 'he', 'ar', 'en', 'en', 'en',
    ]);
  });
});

describe('<pwless-login> languages', () => {
  it('speaks the language of its lang attribute', async () => {
    const element = await mount(new FakeClient(), { lang: 'de' });
    expect(find(element, '#identifier').closest('form')!.querySelector('label')!.textContent).to.equal('E-Mail-Adresse');
    expect(text(element, '[part~=heading]')).to.equal('Anmelden');
  });

  it('follows the language of an ancestor when it has none', async () => {
    // Built by hand: fixture() waits an animation frame for plain elements, which background pages never get.
    const wrapper = Object.assign(document.createElement('div'), { lang: 'fr' });
    const element = Object.assign(document.createElement('pwless-login'), { client: new FakeClient().asClient() });
    wrapper.append(element);
    document.body.append(wrapper);
    await element.updateComplete;
    expect(text(element, '[part~=heading]')).to.equal('Se connecter');
    wrapper.remove();
  });

  it('switches language when lang changes', async () => {
    const element = await mount(new FakeClient(), { lang: 'en' });
    element.setAttribute('lang', 'nl');
    await settle(element);
    await element.updateComplete;
    expect(text(element, '[part~=heading]')).to.equal('Inloggen');
  });

  for (const locale of ['ar', 'he']) {
    it(`lays out right to left in ${locale} and stays accessible`, async () => {
      const element = await mount(new FakeClient(), { lang: locale });
      expect(find(element, '[part~=container]').dir).to.equal('rtl');
      await expect(element).to.be.accessible();
      await typeEmailAndContinue(element);
      const cells = find(element, '[part~=code-cells]');
      expect(getComputedStyle(cells).direction).to.equal('ltr');
      await expect(element).to.be.accessible();
    });
  }

  it('uses the plural rules of the language for counts', async () => {
    const client = new FakeClient();
    client.verifies = [failure('invalid_code', { attemptsRemaining: 2 })];
    const element = await mount(client, { lang: 'pl' });
    await typeEmailAndContinue(element);
    const input = find<HTMLInputElement>(element, '#code');
    input.value = '111111';
    input.dispatchEvent(new InputEvent('input'));
    await settle(element);
    expect(text(element, '[role=alert]')).to.equal('Ten kod jest nieprawidłowy. Zostały 2 próby.');
  });

  it('lets the messages property reword any text, errors included', async () => {
    const client = new FakeClient();
    client.starts = [failure('signup_disabled')];
    const element = await mount(client, { lang: 'de' });
    element.messages = { continue: 'Code anfordern', errors: { signup_disabled: 'Nur für Mitglieder.' } };
    await element.updateComplete;
    expect(find(element, '[part~=submit-button]').textContent!.trim()).to.equal('Code anfordern');
    await typeEmailAndContinue(element);
    expect(text(element, '[role=alert]')).to.equal('Nur für Mitglieder.');
    expect(text(element, '[part~=hint]')).to.contain('Code per E-Mail');
  });
});

describe('right-to-left texts', () => {
  it('isolate addresses (always left to right) and phrases so they keep their own order', async () => {
    const arabic = await loadMessages('ar');
    expect(arabic.codeSentTo).to.contain('\u2066{to}\u2069');
    expect(arabic.phrase).to.contain('\u2068{phrase}\u2069');
    expect((await loadMessages('de')).codeSentTo).to.not.match(/[\u2066\u2068]/);
  });

  it('isolate every address, name, phrase, time and device in Arabic and Hebrew, and nothing in the other languages', async () => {
    /** Every text of a locale, plural forms and errors included. */
    const texts = (value: unknown): string[] => (typeof value === 'string' ? [value] : Object.values(value as object).flatMap(texts));
    for (const locale of supportedLocales) {
      const all = texts(await loadMessages(locale));
      if (locale === 'ar' || locale === 'he') {
        for (const text of all) {
          // Each placeholder right inside its isolate: LRI for addresses and names, FSI for the rest, then PDI.
          for (const [placeholder, key] of text.matchAll(/\{(to|name|phrase|device|time)\}/g)) {
            const start = key === 'to' || key === 'name' ? '\u2066' : '\u2068';
            expect(text, `${locale}: ${placeholder}`).to.contain(`${start}${placeholder}\u2069`);
          }
          expect(text.match(/[\u2066\u2068]/g)?.length ?? 0, `${locale}: ${text}`).to.equal(text.match(/\{(to|name|phrase|device|time)\}/g)?.length ?? 0);
        }
      } else {
        for (const text of all) expect(text, `${locale}: ${text}`).to.not.match(/[\u2066\u2068\u2069]/);
      }
    }
  });
});
