import type { Context } from '../../context.js';
import { fail } from '../../http.js';
import { auth0Text } from './errors.js';
import { auth0State } from './state.js';

const hour = 3600_000;

/**
 * The address a request came from. The mock answers on loopback or inside the page, so every
 * caller is one address unless a proxy in front of it names the client (`X-Forwarded-For`).
 */
export function clientAddress(request: Request): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'local';
}

export interface RateLimitHeaders {
  'X-RateLimit-Limit': string;
  'X-RateLimit-Remaining': string;
  'X-RateLimit-Reset': string;
}

/**
 * Counts one request of `bucket` from the request's address in a sliding hour, as Auth0 limits
 * `/passwordless/start` (50 an hour per IP address). Over the limit: 429 `too_many_requests` with
 * Auth0's `X-RateLimit-*` headers (`Reset` in seconds since the epoch); the refused request is not counted.
 */
export function countRequest(context: Context, request: Request, bucket: string, limit: number): RateLimitHeaders {
  const requests = auth0State(context.state).requestsByAddress;
  for (const [key, times] of Object.entries(requests)) {
    const recent = times.filter((time) => time > context.now - hour);
    if (recent.length === 0) delete requests[key];
    else requests[key] = recent;
  }
  const key = `${bucket} ${clientAddress(request)}`;
  const recent = requests[key] ?? [];
  const resetAt = (recent.length >= limit ? recent[recent.length - limit]! : context.now) + hour;
  if (recent.length >= limit) {
    fail(429, 'too_many_requests', auth0Text.tooManyRequests, undefined, {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(Math.ceil(resetAt / 1000)),
    });
  }
  requests[key] = [...recent, context.now];
  return {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(limit - recent.length - 1),
    'X-RateLimit-Reset': String(Math.ceil(((recent[0] ?? context.now) + hour) / 1000)),
  };
}
