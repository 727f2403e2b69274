/**
 * Passkeys (WebAuthn), a chunk of its own: loaded on the first passkey call, so a code sign-in
 * never downloads it. Sign-in goes through the challenge endpoint (`pwless_action=passkey`) and ends
 * in an authorization code like a right code; the signed-in user's passkeys live at the provider's
 * `pwless_passkeys_endpoint`, called with the session's access token (and DPoP proof).
 */
import type { Dialect } from './dialect.js';
import type { Engine } from './engine.js';
import { errorFromResponse, PwlessError } from './errors.js';
import { processChallengeResponse } from './challenge.js';
import type { Passkey, PasskeySignInOptions, PasskeySupport, Session } from './types.js';

type Json = Record<string, any>;

/** The browser's own JSON ↔ WebAuthn conversion (Chrome 129, Firefox 119, Safari 18.4), where present. */
interface NativeConversion {
  parseRequestOptionsFromJSON?(options: Json): PublicKeyCredentialRequestOptions;
  parseCreationOptionsFromJSON?(options: Json): PublicKeyCredentialCreationOptions;
  isConditionalMediationAvailable?(): Promise<boolean>;
  signalUnknownCredential?(options: { rpId: string; credentialId: string }): Promise<void>;
}

/** `fetch` with the session's access token, as `client.fetch` sends it (DPoP, one renewal on 401). */
export type AuthorizedFetch = (input: string, init: RequestInit) => Promise<Response>;

const native = () => globalThis.PublicKeyCredential as unknown as NativeConversion | undefined;

export async function support(dialect: Dialect, pwless: boolean): Promise<PasskeySupport> {
  const browser = native();
  return {
    server: pwless && (await dialect.discover())['pwless_passkeys_supported'] === true,
    browser: browser !== undefined,
    conditional: (await browser?.isConditionalMediationAvailable?.().catch(() => false)) === true,
  };
}

/** What a WebAuthn call rejected with, as our code; an abort through `signal` stays `aborted`. */
function ceremonyError(error: unknown, signal: AbortSignal | undefined): unknown {
  const name = (error as { name?: unknown } | null)?.name;
  if (signal?.aborted || !(error instanceof DOMException)) return error;
  const code = name === 'NotAllowedError' || name === 'AbortError' ? 'passkey_cancelled' : name === 'InvalidStateError' ? 'passkey_exists' : name === 'NotSupportedError' ? 'not_supported' : 'passkey_failed';
  return new PwlessError(code, error.message, { cause: error });
}

/** The browser's JSON conversion, else @simplewebauthn/browser's, loaded only by browsers that need it. */
async function conversion() {
  const browser = native();
  if (!browser) throw new PwlessError('not_supported', 'this browser has no WebAuthn');
  if (browser.parseRequestOptionsFromJSON && browser.parseCreationOptionsFromJSON && 'toJSON' in PublicKeyCredential.prototype) {
    return {
      request: (json: Json) => browser.parseRequestOptionsFromJSON!(json),
      creation: (json: Json) => browser.parseCreationOptionsFromJSON!(json),
      toJSON: (credential: PublicKeyCredential) => (credential as unknown as { toJSON(): Json }).toJSON(),
    };
  }
  return import('./passkey-json.js');
}

/** Signs in with a passkey: the browser's chooser, or with `conditional` its autofill. No code is sent. */
export async function signIn(dialect: Dialect, options: PasskeySignInOptions): Promise<Session> {
  const { signal, conditional } = options;
  const engine = dialect as Engine;
  // Vendor dialects have no passkey sign-in here (docs/backends says what each vendor offers).
  if (typeof engine.begin !== 'function') throw new PwlessError('not_supported', 'this backend has no passkey sign-in here');
  const convert = await conversion();
  for (;;) {
    const { response, body, transaction } = await engine.begin({ pwless_action: 'passkey' }, signal);
    const details = (body as Json | null)?.['pwless'];
    if ((body as Json | null)?.['error'] !== 'insufficient_authorization' || details?.delivery !== 'passkey' || typeof details.passkey !== 'object') {
      throw errorFromResponse(response, body);
    }
    transaction.authSession = (body as Json)['auth_session'];
    const publicKey = convert.request(details.passkey);
    // Autofill may wait longer than the server keeps the challenge: a fresh one replaces it in time.
    const expired = conditional && typeof details.expires_in === 'number' ? AbortSignal.timeout(Math.max(details.expires_in - 10, 1) * 1000) : undefined;
    const both = expired && signal ? AbortSignal.any([signal, expired]) : (expired ?? signal);
    let credential: PublicKeyCredential;
    try {
      credential = (await navigator.credentials.get({ publicKey, ...(conditional ? { mediation: 'conditional' } : {}), ...(both ? { signal: both } : {}) })) as PublicKeyCredential;
    } catch (error) {
      if (expired?.aborted && !signal?.aborted) continue;
      throw ceremonyError(error, signal);
    }
    const answer = await engine.challengePost({ auth_session: transaction.authSession, pwless_passkey: JSON.stringify(convert.toJSON(credential)) }, signal, transaction.dpopKeys);
    let result;
    try {
      result = processChallengeResponse(answer.response, answer.body);
    } catch (error) {
      // Tells the browser (or password manager) that this passkey is gone, so it stops offering it.
      if ((error as PwlessError).code === 'passkey_unknown') native()?.signalUnknownCredential?.({ rpId: publicKey.rpId ?? location.hostname, credentialId: credential.id })?.catch(() => undefined);
      throw error;
    }
    if (result.kind !== 'code') throw new PwlessError('invalid_response', 'expected an authorization code');
    return engine.exchange(transaction, result.authorizationCode, signal);
  }
}

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
  return toPasskey((await read(created))!);
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
