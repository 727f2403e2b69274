import { expect } from '@open-wc/testing';
import { supportedLocales } from '../src/messages.js';
import { acceptedLanguages, pageLanguage } from '../src/page-language.js';
import { pageTexts } from '../src/page-texts.js';

const english = pageTexts.en!;
/** Every string field of the hosted page, as English has them. */
const fields = Object.keys(english).filter((field) => field !== 'locale' && field !== 'direction');
const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();
const field = (locale: string, name: string) => (pageTexts[locale] as unknown as Record<string, unknown>)[name];

describe('hosted page texts', () => {
  it('exist in every language the messages are written in', () => {
    expect(Object.keys(pageTexts).sort()).to.deep.equal([...supportedLocales].sort());
  });

  for (const locale of supportedLocales) {
    it(`fill every string of the page with English's placeholders in ${locale}`, () => {
      const text = pageTexts[locale]!;
      expect(text.locale).to.equal(locale);
      expect(text.direction).to.equal(locale === 'ar' || locale === 'he' ? 'rtl' : 'ltr');
      expect(Object.keys(text).sort(), locale).to.deep.equal(Object.keys(english).sort());
      for (const name of fields) {
        const value = field(locale, name);
        expect(value, `${locale}.${name}`).to.be.a('string').and.not.equal('');
        expect(placeholders(value as string), `${locale}.${name}`).to.deep.equal(placeholders(field('en', name) as string));
      }
    });
  }

  it('differ from English in every other language', () => {
    for (const locale of supportedLocales.filter((tag) => tag !== 'en')) {
      for (const name of ['codeSignInOff', 'somethingWentWrong', 'signInExpired', 'invalidAddress']) {
        expect(field(locale, name), `${locale}.${name}`).not.to.equal(field('en', name));
      }
    }
  });
});

describe('the hosted page language', () => {
  it('reads Accept-Language by weight, keeping the header order for equal weights', () => {
    expect(acceptedLanguages('en;q=0.5, de-CH, fr;q=0.8, it')).to.deep.equal(['de-CH', 'it', 'fr', 'en']);
  });

  it('drops languages refused with q=0, the wildcard and unreadable weights', () => {
    expect(acceptedLanguages('de;q=0, *;q=0.5, nl;q=abc, ja;Q=0.2')).to.deep.equal(['ja']);
  });

  it('reads nothing from a missing or empty header', () => {
    expect(acceptedLanguages(null)).to.deep.equal([]);
    expect(acceptedLanguages(' , ')).to.deep.equal([]);
  });

  it('takes a carried language before the sign-in, ui_locales and Accept-Language', () => {
    expect(pageLanguage({ carried: 'pl', sessionLocale: 'ja', uiLocales: 'de', acceptLanguage: 'fr' }).locale).to.equal('pl');
  });

  it('ignores a carried value that is not exactly a supported language', () => {
    expect(pageLanguage({ carried: 'PL', uiLocales: 'de' }).locale).to.equal('de');
    expect(pageLanguage({ carried: 'constructor', acceptLanguage: 'fr' }).locale).to.equal('fr');
  });

  it('takes the sign-in language before ui_locales', () => {
    expect(pageLanguage({ sessionLocale: 'ja', uiLocales: 'de' }).locale).to.equal('ja');
  });

  it('skips Traditional Chinese in Accept-Language rather than showing Simplified', () => {
    expect(pageLanguage({ acceptLanguage: 'zh-TW, pt-PT;q=0.5' }).locale).to.equal('pt-BR');
  });

  it('is English when nothing matches', () => {
    expect(pageLanguage({ uiLocales: 'tlh', acceptLanguage: 'sw' }).locale).to.equal('en');
  });
});
