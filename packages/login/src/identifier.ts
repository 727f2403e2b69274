import { isEmail, isPhone, type Channel, type Identifier } from '@pwless/sdk';
import { normalizeDigits } from './format.js';

/**
 * What the user typed, tidied for the server: emails are trimmed; phone numbers lose spaces,
 * dashes, dots and brackets, and any script's digits become ASCII. `undefined` when it is not valid.
 */
export function toIdentifier(typed: string, channel: Channel): Identifier | undefined {
  const text = typed.trim();
  if (channel === 'email') return isEmail(text) ? { email: text } : undefined;
  const phone = /^[+＋]/.test(text) ? `+${normalizeDigits(text)}` : '';
  return isPhone(phone) ? { phone } : undefined;
}
