import { PwlessError } from './errors.js';
import type { Identifier } from './types.js';

const emailPattern = /^[^\s@"<>()[\],;:\\]+@[^\s@"<>()[\],;:\\_]+\.[^\s@"<>()[\],;:\\_.]{2,}$/u;
const phonePattern = /^\+[1-9]\d{6,14}$/;

/** Whether `text` looks like an email address; internationalized domains and local parts are fine. */
export function isEmail(text: string): boolean {
  return text.length <= 254 && emailPattern.test(text) && !text.includes('..');
}

/** Whether `text` is a phone number in E.164 form (`+` and 7 to 15 digits). */
export function isPhone(text: string): boolean {
  return phonePattern.test(text);
}

/**
 * The `login_hint` for an identifier, trimmed, or the `PwlessError` of a mistyped one (the user's
 * mistake, for the caller to reject with). A missing identifier is the program's mistake: it throws.
 */
export function loginHint(identifier: Identifier): string | PwlessError {
  if (identifier?.email !== undefined) {
    const email = String(identifier.email).trim();
    return isEmail(email) ? email : new PwlessError('invalid_identifier', 'not an email address');
  }
  if (identifier?.phone !== undefined) {
    const phone = String(identifier.phone).replace(/[\s().-]/g, '');
    return isPhone(phone) ? phone : new PwlessError('invalid_identifier', 'not a phone number in E.164 form');
  }
  throw new TypeError('start() needs { email } or { phone }');
}
