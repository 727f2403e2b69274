import type * as oauth from 'oauth4webapi';
import { errorFromResponse, PwlessError } from './errors.js';
import type { Delivery } from './options.js';
import { secureUrl } from './secure-url.js';
import type { Challenge, Channel } from './types.js';

/** The `pwless` object of an `insufficient_authorization` answer. */
interface ChallengeDetails {
  channel: Channel;
  delivery: Delivery;
  to: string;
  code_length: number;
  expires_in: number;
  resend_after: number;
  attempts_remaining: number;
  phrase?: string;
}

export type ChallengeResult =
  | { kind: 'challenge'; authSession: string; challenge: Challenge }
  | { kind: 'code'; authorizationCode: string };

/**
 * POSTs to the authorization challenge endpoint (draft-ietf-oauth-first-party-apps §5.1) and reads
 * its answer. The client branches on `error`, not on the status code.
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-first-party-apps-04#section-5
 */
/** oauth4webapi's DPoP handle as it is at run time: it signs proofs for any request and keeps the server's nonce. */
interface DpopProofs {
  addProof(url: URL, headers: Headers, method: string): Promise<void>;
  cacheNonce(response: Response, url: URL): void;
}

export async function challengeRequest(
  fetchFunction: typeof fetch,
  endpoint: string,
  parameters: Record<string, string | undefined>,
  signal: AbortSignal | undefined,
  dpop?: oauth.DPoPHandle,
): Promise<{ response: Response; body: unknown }> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) body.set(name, value);
  const url = secureUrl(endpoint);
  // The requests carry the address, codes and the auth_session: never over plain http to another host.
  if (!url) throw new PwlessError('invalid_response', 'the authorization_challenge_endpoint is not an https URL');
  const proofs = dpop as unknown as DpopProofs | undefined;
  // A DPoP proof on every challenge request binds the auth_session (and so the code) to this browser's key.
  for (let attempt = 0; ; attempt += 1) {
    const headers = new Headers({ 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' });
    await proofs?.addProof(url, headers, 'POST');
    const response = await fetchFunction(endpoint, { method: 'POST', headers, body, ...(signal ? { signal } : {}) });
    proofs?.cacheNonce(response, url);
    // An answer that is not JSON is read by its status alone (a 5xx is server_error).
    const json: unknown = await response.json().catch(() => {
      throw errorFromResponse(response, undefined);
    });
    if (proofs && attempt === 0 && (json as { error?: unknown } | null)?.error === 'use_dpop_nonce') continue;
    return { response, body: json };
  }
}

function isDetails(value: unknown): value is ChallengeDetails {
  const details = value as Partial<ChallengeDetails> | null;
  const numbers = [details?.expires_in, details?.resend_after, details?.attempts_remaining];
  return (
    (details?.channel === 'email' || details?.channel === 'sms') && typeof details.to === 'string' &&
    Number.isInteger(details.code_length) && numbers.every((number) => typeof number === 'number')
  );
}

export function processChallengeResponse(response: Response, body: unknown, now = Date.now()): ChallengeResult {
  const json = body as Record<string, unknown>;
  if (typeof json?.authorization_code === 'string' && response.status === 200) {
    return { kind: 'code', authorizationCode: json.authorization_code };
  }
  if (json?.error === 'insufficient_authorization' && typeof json.auth_session === 'string') {
    if (!isDetails(json.pwless)) throw new PwlessError('invalid_response', 'the challenge lacks its pwless details');
    const details = json.pwless;
    return {
      kind: 'challenge',
      authSession: json.auth_session,
      challenge: {
        channel: details.channel,
        delivery: details.delivery === 'link' ? 'link' : 'code',
        to: details.to,
        codeLength: details.code_length,
        expiresAt: now + details.expires_in * 1000,
        resendAt: now + details.resend_after * 1000,
        attemptsRemaining: details.attempts_remaining,
        ...(typeof details.phrase === 'string' ? { phrase: details.phrase } : {}),
      },
    };
  }
  throw errorFromResponse(response, body);
}
