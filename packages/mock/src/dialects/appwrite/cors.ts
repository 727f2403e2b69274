import { isLoopbackOrigin } from '../../clients.js';
import type { MockClient } from '../../config.js';

/** Request headers the web SDK sends (Appwrite's own list, app/controllers/general.php). */
const allowHeaders = [
  'Origin', 'Cookie', 'Set-Cookie', 'X-Requested-With', 'Content-Type', 'Access-Control-Allow-Origin',
  'Access-Control-Request-Headers', 'Accept', 'X-Appwrite-Project', 'X-Appwrite-Key', 'X-Appwrite-Locale',
  'X-Appwrite-Mode', 'X-Appwrite-JWT', 'X-Appwrite-Response-Format', 'X-Appwrite-Timeout', 'X-SDK-Version',
  'X-SDK-Name', 'X-SDK-Language', 'X-SDK-Platform', 'X-SDK-GraphQL', 'X-Appwrite-ID', 'X-Appwrite-Timestamp',
  'Content-Range', 'Range', 'Cache-Control', 'Expires', 'Pragma', 'X-Fallback-Cookies', 'X-Appwrite-Session',
].join(', ');

function hostname(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).hostname : undefined;
}

/**
 * A project's Web platforms are hostnames (any scheme and port): the project's registered
 * origins' hosts, and the loopback names when the client allows loopback (Appwrite allows
 * `localhost` for every project).
 */
function platformHosts(client: MockClient): string[] {
  const hosts = client.origins.map(hostname).filter((host): host is string => host !== undefined);
  return client.allowLoopback ? [...new Set([...hosts, 'localhost', '127.0.0.1', '[::1]'])] : [...new Set(hosts)];
}

function originAllowed(client: MockClient, origin: string): boolean {
  const host = hostname(origin);
  return host !== undefined && (platformHosts(client).includes(host) || (client.allowLoopback && isLoopbackOrigin(origin)));
}

/** Whether a magic URL may point at `url`: an http(s) page on one of the project's platform hosts. */
function urlAllowed(client: MockClient, url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && platformHosts(client).includes(parsed.hostname);
}

/** CORS with credentials for an origin that is a platform of some project (preflights name no project). */
function headers(clients: readonly MockClient[], request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  if (!origin || !clients.some((client) => originAllowed(client, origin))) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
    'Access-Control-Allow-Headers': allowHeaders,
    'Access-Control-Expose-Headers': 'X-Appwrite-Session, X-Fallback-Cookies, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
    Vary: 'Origin',
  };
}

export const appwriteCors = { originAllowed, urlAllowed, headers, platformHosts };

/** The registrable part of a host name, roughly: its last two labels; none for IPs and single labels. */
function registrable(host: string): string | undefined {
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return undefined;
  const labels = host.split('.');
  return labels.length < 2 ? undefined : labels.slice(-2).join('.');
}

/**
 * Appwrite adds `X-Fallback-Cookies` (the session for the SDK to keep in localStorage) unless the
 * app's origin (or referrer) and the endpoint share a registrable domain: across sites, third-party
 * cookies may be blocked; with neither header it cannot tell, and sends it too.
 */
export function sendsFallbackCookies(baseUrl: string, request: Request): boolean {
  const from = request.headers.get('origin') ?? request.headers.get('referer');
  const appHost = from ? hostname(from) : undefined;
  const endpoint = registrable(new URL(baseUrl).hostname);
  return endpoint === undefined || appHost === undefined || endpoint !== registrable(appHost);
}
