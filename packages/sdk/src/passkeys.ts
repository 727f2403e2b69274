/**
 * Passkeys (WebAuthn), a chunk of its own: loaded on the first passkey call, so a code sign-in
 * never downloads it. Sign-in goes through the challenge endpoint (`pwless_action=passkey`) and ends
 * in an authorization code like a right code. Managing the signed-in user's passkeys is a chunk of
 * its own again (passkey-manage.ts): the email field's autofill needs only this one.
 */
import type { Dialect } from './dialect.js';
import type { Engine } from './engine.js';
import { errorFromResponse, networkFailures, PwlessError } from './errors.js';
import type { CallOptions, PwlessClient } from './client.js';
import type { Passkey, PasskeySignInOptions, PasskeySupport, Session } from './types.js';

type Json = Record<string, any>;

/** The browser's own JSON ↔ WebAuthn conversion (Chrome 129, Firefox 119, Safari 18.4), where present. */
interface NativeConversion {
  parseRequestOptionsFromJSON?(options: Json): PublicKeyCredentialRequestOptions;
  parseCreationOptionsFromJSON?(options: Json): PublicKeyCredentialCreationOptions;
  isConditionalMediationAvailable?(): Promise<boolean>;
  signalUnknownCredential?(options: { rpId: string; credentialId: string }): Promise<void>;
}


const native = () => globalThis.PublicKeyCredential as unknown as NativeConversion | undefined;

/**
 * This device made or used a passkey for this issuer (`localStorage`, per issuer: no secret, only a
 * hint). The element starts the field's passkey autofill on mount only where it is set; a passkey the
 * server no longer knows clears it.
 */
export function remember(engine: Engine, used: boolean): void {
  try {
    const key = `pwless:passkey:${engine.options.issuer.href}`;
    if (used) localStorage.setItem(key, '1');
    else localStorage.removeItem(key);
  } catch {
    // Storage refused (a sandboxed frame): the autofill simply waits for a sign-in here.
  }
}

export async function support(dialect: Dialect): Promise<PasskeySupport> {
  const browser = native();
  return {
    // Vendor dialects have no passkeys here (docs/backends says what each vendor offers).
    server: typeof (dialect as Engine).begin === 'function' && (await dialect.discover())['pwless_passkeys_supported'] === true,
    browser: browser !== undefined,
    conditional: (await browser?.isConditionalMediationAvailable?.().catch(() => false)) === true,
  };
}

/** What a WebAuthn call rejected with, as our code; an abort through `signal` stays `aborted`. */
export function ceremonyError(error: unknown, signal: AbortSignal | undefined): unknown {
  const name = (error as { name?: unknown } | null)?.name;
  if (signal?.aborted || !(error instanceof DOMException)) return error;
  const code = name === 'NotAllowedError' || name === 'AbortError' ? 'passkey_cancelled' : name === 'InvalidStateError' ? 'passkey_exists' : name === 'NotSupportedError' ? 'not_supported' : 'passkey_failed';
  return new PwlessError(code, error.message, { cause: error });
}

/** The browser's JSON conversion, else @simplewebauthn/browser's, loaded only by browsers that need it. */
export async function conversion() {
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
    let result;
    try {
      result = await engine.challengeCall(transaction, { pwless_passkey: JSON.stringify(convert.toJSON(credential)) }, signal);
    } catch (error) {
      // Tells the browser (or password manager) that this passkey is gone, so it stops offering it.
      if ((error as PwlessError).code === 'passkey_unknown') {
        remember(engine, false);
        native()?.signalUnknownCredential?.({ rpId: publicKey.rpId ?? location.hostname, credentialId: credential.id })?.catch(() => undefined);
      }
      throw error;
    }
    if (result.kind !== 'code') throw new PwlessError('invalid_response', 'expected an authorization code');
    const session = await engine.exchange(transaction, result.authorizationCode, signal);
    remember(engine, true);
    return session;
  }
}

const manage = () => networkFailures(import('./passkey-manage.js'));

/** `fetch` with the session's access token, as `client.fetch` sends it (DPoP, one renewal on 401). */
const authorized = (client: PwlessClient) => (input: string, init: RequestInit) => client.fetch(input, init);

/** What the client's passkey methods call, by name: each gets the dialect, the method's options, the client and (delete) the passkey's id. */
export const calls = {
  support: (dialect: Dialect, _options: CallOptions) => support(dialect),
  signIn: (dialect: Dialect, options: PasskeySignInOptions) => signIn(dialect, options),
  register: async (dialect: Dialect, options: CallOptions & { name?: string }, client: PwlessClient): Promise<Passkey> => (await manage()).register(dialect, authorized(client), options),
  list: async (dialect: Dialect, options: CallOptions, client: PwlessClient): Promise<Passkey[]> => (await manage()).list(dialect, authorized(client), options.signal),
  remove: async (dialect: Dialect, options: CallOptions, client: PwlessClient, id: string): Promise<void> => (await manage()).remove(dialect, authorized(client), id, options.signal),
};

export type PasskeyCalls = typeof calls;
