import type { Context } from './context.js';
import { dpopNonceHeaders } from './dpop.js';
import { fail, readForm, readText, type Answer } from './http.js';
import { passkeysEnabled, passkeysEndpoint } from './passkeys.js';
import { checkAccessToken } from './userinfo.js';

/**
 * The form of a `/passkeys` request: `POST /passkeys/options` may come with no body (and then no
 * `Content-Type`); every other POST is a form.
 */
export async function readPasskeyForm(request: Request): Promise<Map<string, string> | undefined> {
  if (request.method !== 'POST') return undefined;
  if (!request.headers.has('content-type')) {
    const text = await readText(request.clone());
    if (text === '') return new Map();
  }
  return readForm(request);
}

/** The mock's `/passkeys` endpoints: its own access tokens (Bearer, or DPoP-bound with a proof), then the shared rules. */
export async function mockPasskeysEndpoint(context: Context, request: Request, path: string): Promise<Answer> {
  if (!passkeysEnabled(context)) fail(404, 'not_found', 'passkeys are not enabled');
  const record = await checkAccessToken(context, request, 'invalid_token');
  const form = await readPasskeyForm(request);
  const result = await passkeysEndpoint(context, request, path, { sub: record.sub, clientId: record.clientId }, form, true);
  return record.jkt ? { ...result, headers: { ...dpopNonceHeaders(context), ...result.headers } } : result;
}
