/**
 * What a signed-in page needs later, not to sign in: renewing the access token, calling APIs with
 * it, and revoking it. The engine loads this on the first such call, so a sign-in never downloads it.
 */
import * as oauth from 'oauth4webapi';
import { requestOptions } from './discovery.js';
import { withDpopNonce } from './dpop.js';
import type { Engine } from './engine.js';
import { PwlessError } from './errors.js';
import { ChallengeEvent } from './events.js';
import { withLock } from './lock.js';
import { isLoopback } from './options.js';
import type { StoredSession } from './session-store.js';
import { sessionFromTokens } from './token-session.js';
import type { Session } from './types.js';

/** The longest a refresh may take; shorter than the lock timeout, so a stolen lock means a stuck tab. */
const refreshTimeout = 8_000;

/**
 * The DPoP handle of the session's key pair, kept so it remembers the server's nonce; made anew
 * when another session took over (keys read from storage are new objects every time).
 */
function sessionDpop(engine: Engine, keys: CryptoKeyPair | undefined): oauth.DPoPHandle | undefined {
  if (!keys) return undefined;
  const { generation } = engine.holder;
  if (engine.sessionProofs?.generation !== generation) engine.sessionProofs = { handle: engine.dpopHandle(keys), generation };
  return engine.sessionProofs.handle;
}

/**
 * Renews the access token once across tabs: under a Web Lock, a tab first looks whether another
 * tab already renewed (then it takes that result) and only otherwise spends the refresh token.
 * A rotated refresh token is thus never used twice.
 */
export function refresh(engine: Engine, staleToken: string): Promise<Session> {
  return withLock(`pwless-refresh:${engine.holder.scope}`, () => refreshHoldingLock(engine, staleToken));
}

async function refreshHoldingLock(engine: Engine, staleToken: string): Promise<Session> {
  const { options, client, holder } = engine;
  const latest = await holder.read();
  if (latest && latest.session.accessToken !== staleToken && Date.now() < latest.refreshAt) {
    holder.adopt(latest);
    return latest.session;
  }
  const refreshToken = latest?.refreshToken;
  if (!refreshToken) throw new PwlessError('session_expired', 'the session cannot be renewed here');
  const { generation } = holder;
  const metadata = await engine.discover();
  const dpop = sessionDpop(engine, latest.dpopKeys);
  let tokens: oauth.TokenEndpointResponse;
  try {
    tokens = await withDpopNonce(async () => {
      // Through the generic grant the code exchange already uses (RFC 6749 §6): the same request and checks as
      // oauth4webapi's refresh-specific pair, which would otherwise ride along in the engine chunk of every sign-in.
      const response = await oauth.genericTokenEndpointRequest(metadata, client, oauth.None(), 'refresh_token', { refresh_token: refreshToken }, {
        ...requestOptions(options, AbortSignal.timeout(refreshTimeout)),
        ...(dpop ? { DPoP: dpop } : {}),
      });
      return oauth.processGenericTokenEndpointResponse(metadata, client, response);
    });
  } catch (error) {
    // `insufficient_authorization` asks for a new sign-in; `invalid_grant` means the session is over.
    const refusal = (error as { error?: unknown }).error;
    if (refusal === 'insufficient_authorization') engine.emit(new ChallengeEvent(undefined));
    if (refusal === 'invalid_grant') await holder.end(true);
    throw error;
  }
  // OIDC Core §12.2: a renewed ID token is about the same person; one about anybody else is not this session's.
  const renewedSubject = oauth.getValidatedIdTokenClaims(tokens)?.sub;
  if (renewedSubject !== undefined && renewedSubject !== latest.session.user.sub) {
    throw new PwlessError('invalid_response', 'the renewed ID token names another subject');
  }
  // Signed out (or signed in anew) while the answer travelled: keeping it would bring back a session that is over.
  if (holder.generation !== generation) throw new PwlessError('session_expired', 'the session ended while it was renewed');
  const next: StoredSession = {
    ...sessionFromTokens(tokens, latest.session),
    refreshToken: tokens.refresh_token ?? refreshToken,
    ...(latest.dpopKeys ? { dpopKeys: latest.dpopKeys } : {}),
  };
  return holder.keep(next, 'refreshed');
}

/** `fetch` with the access token (and a DPoP proof); retries once for a DPoP nonce and once after a renewal on 401. */
export async function authorizedFetch(
  engine: Engine,
  accessToken: (signal: AbortSignal | undefined) => Promise<string>,
  input: RequestInfo | URL,
  init: RequestInit | undefined,
): Promise<Response> {
  const request = new Request(input, init);
  const signal = init?.signal ?? undefined;
  const body = request.body ? await request.arrayBuffer() : null;
  const url = new URL(request.url);
  const send = async (token: string) => {
    const keys = engine.holder.timed?.session.tokenType.toLowerCase() === 'dpop' ? (await engine.holder.read())?.dpopKeys : undefined;
    return oauth.protectedResourceRequest(token, request.method, url, new Headers(request.headers), body, {
      [oauth.customFetch]: engine.options.fetch as (url: string, init: oauth.CustomFetchOptions<string, oauth.ProtectedResourceRequestBody>) => Promise<Response>,
      [oauth.allowInsecureRequests]: isLoopback(url),
      ...(signal ? { signal } : {}),
      ...(keys ? { DPoP: sessionDpop(engine, keys)! } : {}),
    });
  };
  const sendOnce = (token: string) => answerOf(() => withDpopNonce(() => send(token)));
  const token = await accessToken(signal);
  const response = await sendOnce(token);
  if (response.status !== 401) return response;
  return sendOnce((await engine.refresh(token, signal)).accessToken);
}

/** Asks the provider to revoke the refresh token (RFC 7009). */
export async function revoke(engine: Engine, refreshToken: string, signal: AbortSignal | undefined): Promise<void> {
  const metadata = await engine.discover(signal);
  if (!metadata.revocation_endpoint) return;
  const response = await oauth.revocationRequest(metadata, engine.client, oauth.None(), refreshToken, {
    ...requestOptions(engine.options, signal),
    additionalParameters: { token_type_hint: 'refresh_token' },
  });
  await oauth.processRevocationResponse(response);
}

/** The response of a resource request, also when oauth4webapi turned a 401 challenge into an error. */
async function answerOf(send: () => Promise<Response>): Promise<Response> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof oauth.WWWAuthenticateChallengeError) return error.response;
    throw error;
  }
}
