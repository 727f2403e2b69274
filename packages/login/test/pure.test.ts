import { expect } from '@open-wc/testing';
import { normalizeDigits, plural } from '../src/format.js';
import { toIdentifier } from '../src/identifier.js';
import { describeDevice } from '../src/steps/landing.js';
import { webmailFor } from '../src/steps/link-sent.js';

describe('what the user types', () => {
  it('keeps the digits of a code from any script', () => {
    expect(['123 456', '123-456', '１２３４５６', '١٢٣٤٥٦', '۱۲۳۴۵۶', '१२३४५६'].map(normalizeDigits)).to.deep.equal(Array(6).fill('123456'));
  });

  it('trims an email and accepts internationalized domains', () => {
    expect(toIdentifier('  oma@bücher.de ', 'email')).to.deep.equal({ email: 'oma@bücher.de' });
    expect(toIdentifier('oma@localhost', 'email')).to.equal(undefined);
  });

  it('turns a phone number written any common way into E.164', () => {
    expect(toIdentifier('+49 (170) 123-4567', 'sms')).to.deep.equal({ phone: '+491701234567' });
    expect(toIdentifier('＋٩٦٦ ٥٠ ١٢٣ ٤٥٦٧', 'sms')).to.deep.equal({ phone: '+966501234567' });
    expect(toIdentifier('0170 1234567', 'sms')).to.equal(undefined);
  });
});

describe('texts', () => {
  it('picks the plural form of the language and formats the number', () => {
    const message = { one: '{count} try', few: '{count} tries (few)', many: '{count} tries (many)', other: '{count} tries' };
    expect([1, 2, 5].map((count) => plural('pl', message, count))).to.deep.equal(['1 try', '2 tries (few)', '5 tries (many)']);
    expect(plural('de', { other: '{count}' }, 1000)).to.equal('1.000');
  });

  it('names the device that asked for a link in a few words', () => {
    expect(describeDevice('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36')).to.equal('Chrome / Android');
    expect(describeDevice('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1')).to.equal('Safari / iPhone');
    expect(describeDevice(undefined)).to.equal('?');
  });

  it('offers the webmail of well-known address domains only', () => {
    expect(webmailFor('oma@GMAIL.com')?.[0]).to.equal('Gmail');
    expect(webmailFor('oma@example.org')).to.equal(undefined);
  });
});
