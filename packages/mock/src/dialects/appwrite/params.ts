import { mediaType } from '../../http.js';
import { parseIdentifier } from '../../identifier.js';
import { readBodyText } from '../variant.js';
import { fail } from './errors.js';

/** `CustomId`: what a user ID may look like; `unique()` asks the server for one. */
const customId = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/;

/** Reads the JSON body the SDK sends (`content-type: application/json`). */
export async function readParams(request: Request): Promise<Record<string, unknown>> {
  if (mediaType(request) !== 'application/json') return {};
  const text = await readBodyText(request);
  if (text === undefined) fail('general_argument_invalid', 'The request body is too large or not UTF-8.');
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Appwrite answers an unreadable body as missing parameters.
  }
  return {};
}

export function requiredString(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') fail('general_argument_invalid', `Param "${name}" is not optional.`);
  if (typeof value !== 'string') fail('general_argument_invalid', `Invalid \`${name}\` param: Value must be a valid string`);
  return value;
}

export function readUserId(params: Record<string, unknown>): string {
  const userId = requiredString(params, 'userId');
  if (userId !== 'unique()' && !customId.test(userId)) {
    fail('general_argument_invalid', "Invalid `userId` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char");
  }
  return userId;
}

export function readEmail(params: Record<string, unknown>): string {
  const email = requiredString(params, 'email');
  try {
    const address = parseIdentifier(email);
    if (address.channel === 'email') return address.identifier.toLowerCase();
  } catch {
    // Answered below in Appwrite's words.
  }
  return fail('general_argument_invalid', 'Invalid `email` param: Value must be a valid email address');
}

export function readPhrase(params: Record<string, unknown>): boolean {
  const phrase = params.phrase ?? false;
  if (typeof phrase !== 'boolean') fail('general_argument_invalid', 'Invalid `phrase` param: Value must be a valid boolean');
  return phrase;
}
