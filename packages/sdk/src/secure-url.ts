import { isLoopback } from './options.js';

/**
 * `value` as a URL the SDK may send secrets to or navigate to: https, or plain http on a loopback
 * host (the local mock). Anything else from the metadata (`http:` elsewhere, `javascript:`, `data:`) is `undefined`.
 */
export function secureUrl(value: string): URL | undefined {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  return url && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) ? url : undefined;
}
