import { expect } from '@open-wc/testing';
import type { MockConfig } from '@pwless/mock';
import { PwlessError } from '../../src/index.js';

/** An issuer no other test uses: clients of one issuer share storage and talk across the page. */
export function freshIssuer(): string {
  return `https://id-${crypto.randomUUID().slice(0, 8)}.pwless.test`;
}

/** The `PwlessError` a promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<PwlessError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(PwlessError);
    return error as PwlessError;
  }
  throw new Error('expected a rejection');
}

/** Changes the mock's policies at run time. */
export async function configure(fetchFunction: typeof fetch, issuer: string, config: Partial<MockConfig>): Promise<void> {
  const response = await fetchFunction(`${issuer}/_mock/config`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(config),
  });
  if (!response.ok) throw new Error(`config refused: ${await response.text()}`);
}

/** The newest magic link the mock sent to `to`. */
export async function latestLink(fetchFunction: typeof fetch, to: string, issuer: string): Promise<string> {
  const inbox = (await (await fetchFunction(`${issuer}/_mock/inbox`)).json()) as { to: string; link?: string }[];
  const message = inbox.filter((entry) => entry.to === to).at(-1);
  if (!message?.link) throw new Error(`no link was sent to ${to}`);
  return message.link;
}

/** A `fetch` that records the requests it passes on. */
export function recording(fetchFunction: typeof fetch): { fetch: typeof fetch; requests: Request[] } {
  const requests: Request[] = [];
  return {
    requests,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request.clone());
      return fetchFunction(request);
    },
  };
}

/**
 * A provider that hands out a new auth_session with every challenge answer, errors included
 * (draft-ietf-oauth-first-party-apps §5.2), and forgets the older one: the client must always use the newest.
 */
export function renewingSessions(fetchFunction: typeof fetch): typeof fetch {
  const current = new Map<string, string>();
  let renewals = 0;
  return async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.endsWith('/challenge')) return fetchFunction(request);
    const form = new URLSearchParams(await request.text());
    const presented = form.get('auth_session');
    if (presented !== null) {
      if (!current.has(presented)) return Response.json({ error: 'invalid_session' }, { status: 400 });
      form.set('auth_session', current.get(presented)!);
    }
    const response = await fetchFunction(request.url, { method: 'POST', headers: request.headers, body: form });
    const body = (await response.json()) as { auth_session?: unknown; error?: unknown };
    const real = typeof body.auth_session === 'string' ? body.auth_session : body.error === 'invalid_otp' ? form.get('auth_session') : null;
    if (real === null) return Response.json(body, { status: response.status });
    current.clear();
    const renewed = `renewed-${(renewals += 1)}`;
    current.set(renewed, real);
    return Response.json({ ...body, auth_session: renewed }, { status: response.status });
  };
}

/**
 * An app's own API at https://api.example.com in front of `fetchFunction` (which answers every other
 * request): it refuses the first call with 401 and takes the next. `seen` holds the Authorization
 * header of each call; `requests` every request that passed, as `recording` keeps them.
 */
export function apiRefusingOnce(fetchFunction: typeof fetch): { fetch: typeof fetch; requests: Request[]; seen: (string | null)[] } {
  const seen: (string | null)[] = [];
  const { fetch, requests } = recording(async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith('https://api.example.com/')) return fetchFunction(request);
    seen.push(request.headers.get('authorization'));
    return new Response(null, { status: seen.length === 1 ? 401 : 200 });
  });
  return { fetch, requests, seen };
}

/**
 * Calls the API of `apiRefusingOnce` through `client.fetch` a second after sign-in (the vendors make
 * their tokens per second: a renewed one differs once a second has passed) and checks that the 401 was
 * answered by one renewal: the first call carried the session's token, the second a new one.
 */
export async function expectRenewedOnce(client: { fetch: typeof fetch }, seen: (string | null)[], accessToken: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  expect((await client.fetch('https://api.example.com/photos')).status).to.equal(200);
  expect(seen[0]).to.equal(`Bearer ${accessToken}`);
  expect(seen[1]).to.match(/^Bearer ey/).and.not.equal(seen[0]);
}
