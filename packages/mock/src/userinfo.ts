import type { Context } from './context.js';
import { dpopAlgorithms, dpopKeyThumbprint, dpopNonceHeaders } from './dpop.js';
import { AnswerError, answer, oauthError, type Answer } from './http.js';
import type { AccessTokenRecord } from './state.js';
import { findAccessToken } from './tokens.js';

/** RFC 6750 §3: a 401 naming what is wrong in `WWW-Authenticate`, for the scheme the client used. */
function unauthorized(scheme: 'Bearer' | 'DPoP', error: string, description: string): never {
  const algs = scheme === 'DPoP' ? `, algs="${dpopAlgorithms.join(' ')}"` : '';
  throw new AnswerError({
    ...oauthError(401, error, description),
    headers: { 'WWW-Authenticate': `${scheme} error="${error}", error_description="${description}"${algs}` },
  });
}

/**
 * Checks the access token of a request to a protected resource (RFC 6750, and RFC 9449 §7 for
 * DPoP-bound tokens) and answers its record; every failure is a 401 with `WWW-Authenticate`.
 * `missing` is the error for a request without a token (`invalid_request` at userinfo, RFC 6750 §3.1).
 */
export async function checkAccessToken(context: Context, request: Request, missing = 'invalid_request'): Promise<AccessTokenRecord> {
  const match = /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]+=*)$/i.exec(request.headers.get('authorization') ?? '');
  if (!match) unauthorized('Bearer', missing, 'send the access token in the Authorization header');
  const scheme = match[1]!.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
  const accessToken = match[2]!;
  const record = await findAccessToken(context, accessToken);
  if (!record) unauthorized(scheme, 'invalid_token', 'the access token is unknown, expired or revoked');
  if (record.jkt) {
    // RFC 9449 §7.2: a DPoP-bound token sent as a bearer token is refused, never downgraded.
    if (scheme !== 'DPoP') unauthorized('DPoP', 'invalid_token', 'this access token is bound to a DPoP key');
    const jkt = await dpopKeyThumbprint(context, request, { accessToken, resource: true });
    if (jkt !== record.jkt) unauthorized('DPoP', 'invalid_dpop_proof', 'the DPoP proof is missing or made with another key');
  } else if (scheme === 'DPoP') {
    unauthorized('Bearer', 'invalid_token', 'this access token is a bearer token');
  }
  if (!context.state.users[record.sub]) unauthorized(scheme, 'invalid_token', 'the user no longer exists');
  return record;
}

/** GET|POST /userinfo (OIDC Core §5.3): the claims the access token's scope grants. */
export async function userinfoEndpoint(context: Context, request: Request): Promise<Answer> {
  const record = await checkAccessToken(context, request);
  const scheme = record.jkt ? 'DPoP' : 'Bearer';
  const user = context.state.users[record.sub];
  if (!user) unauthorized(scheme, 'invalid_token', 'the user no longer exists');
  const scopes = record.scope.split(' ');
  return answer(
    200,
    {
      sub: user.sub,
      ...(scopes.includes('email') && user.email ? { email: user.email, email_verified: true } : {}),
      ...(scopes.includes('phone') && user.phone ? { phone_number: user.phone, phone_number_verified: true } : {}),
    },
    record.jkt ? dpopNonceHeaders(context) : undefined,
  );
}
