import { fail } from './http.js';
import type { Channel } from './state.js';

const emailPattern = /^[^\s@"<>()[\],;:\\]+@[^\s@"<>()[\],;:\\_]+\.[^\s@"<>()[\],;:\\_]{2,}$/u;
/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
const phonePattern = /^\+[1-9]\d{6,14}$/;

export interface Identifier {
  /** The address as stored: phone as given, email with the domain lower-cased. */
  identifier: string;
  channel: Channel;
}

/** Reads an email address or an E.164 phone number, or answers `invalid_request`. */
export function parseIdentifier(loginHint: string): Identifier {
  const hint = loginHint.trim();
  if (phonePattern.test(hint)) return { identifier: hint, channel: 'sms' };
  if (hint.length <= 254 && emailPattern.test(hint)) {
    const at = hint.lastIndexOf('@');
    return { identifier: `${hint.slice(0, at)}@${hint.slice(at + 1).toLowerCase()}`, channel: 'email' };
  }
  return fail(400, 'invalid_request', 'login_hint must be an email address or an E.164 phone number', {
    pwless_reason: 'invalid_identifier',
  });
}
