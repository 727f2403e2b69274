/**
 * The signed-in user's passkeys at the provider's `pwless_passkeys_endpoint`, called with the
 * session's access token (and DPoP proof): create, list, delete. Loaded only when used.
 */
import type { Dialect } from './dialect.js';
import { errorFromResponse, PwlessError } from './errors.js';
import type { Engine } from './engine.js';
import { ceremonyError, conversion, remember } from './passkeys.js';
import type { Passkey } from './types.js';

type Json = Record<string, any>;

/** `fetch` with the session's access token, as `client.fetch` sends it (DPoP, one renewal on 401). */
export type AuthorizedFetch = (input: string, init: RequestInit) => Promise<Response>;

/** The provider's passkey endpoint; a provider without one does not do passkeys. */
async function endpoint(dialect: Dialect, signal: AbortSignal | undefined): Promise<string> {
  const url = (await dialect.discover(signal))['pwless_passkeys_endpoint'];
  if (typeof url !== 'string') throw new PwlessError('not_supported', 'the provider has no pwless_passkeys_endpoint');
  return url;
}

/** The JSON of a 2xx answer; any other is read as an OAuth error body. */
async function read(response: Response): Promise<Json | undefined> {
  const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) throw errorFromResponse(response, body);
  return body as Json | undefined;
}

function toPasskey(json: Json): Passkey {
  const when = (seconds: unknown) => (typeof seconds === 'number' ? new Date(seconds * 1000) : null);
  if (typeof json?.['id'] !== 'string') throw new PwlessError('invalid_response', 'a passkey without an id');
  return { id: json['id'], name: String(json['name'] ?? ''), createdAt: when(json['created_at']) ?? new Date(NaN), lastUsedAt: when(json['last_used_at']), backedUp: json['backed_up'] === true };
}

const form = (fields: Record<string, string | undefined>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) body.set(name, value);
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body };
};

/** Creates a passkey for the signed-in user on this device and keeps it at the provider. */
export async function register(dialect: Dialect, send: AuthorizedFetch, options: { name?: string; signal?: AbortSignal }): Promise<Passkey> {
  const { signal } = options;
  const convert = await conversion();
  const url = await endpoint(dialect, signal);
  const started = await read(await send(`${url}/options`, { ...form({}), ...(signal ? { signal } : {}) }));
  if (typeof started?.['registration_session'] !== 'string' || typeof started['options'] !== 'object') throw new PwlessError('invalid_response', 'no registration options');
  let credential: PublicKeyCredential;
  try {
    credential = (await navigator.credentials.create({ publicKey: convert.creation(started['options']), ...(signal ? { signal } : {}) })) as PublicKeyCredential;
  } catch (error) {
    throw ceremonyError(error, signal);
  }
  const created = await send(url, { ...form({ registration_session: started['registration_session'], credential: JSON.stringify(convert.toJSON(credential)), name: options.name }), ...(signal ? { signal } : {}) });
  const passkey = toPasskey((await read(created))!);
  remember(dialect as Engine, true);
  return passkey;
}

export async function list(dialect: Dialect, send: AuthorizedFetch, signal: AbortSignal | undefined): Promise<Passkey[]> {
  const body = await read(await send(await endpoint(dialect, signal), { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) }));
  if (!Array.isArray(body?.['passkeys'])) throw new PwlessError('invalid_response', 'no passkeys list');
  return body['passkeys'].map(toPasskey);
}

/** Deletes one of the user's passkeys; one that is not there (any more) is as good as deleted. */
export async function remove(dialect: Dialect, send: AuthorizedFetch, id: string, signal: AbortSignal | undefined): Promise<void> {
  const response = await send(`${await endpoint(dialect, signal)}/${encodeURIComponent(id)}`, { method: 'DELETE', ...(signal ? { signal } : {}) });
  if (response.status !== 404) await read(response);
}
