// Answers the issuer from the mock provider running in this Node process, through playwright's
// request interception: the page's main thread then does only the element's and SDK's work, and
// every request to the issuer is seen and counted here.
import { createProvider } from '../../packages/mock/dist/index.js';

export const issuer = 'https://id.pwless.test';

/** Dev endpoints (`/_mock/*`) are the test's own reads, not the sign-in's. */
export function isSignInRequest(method, url, base = issuer) {
  const { origin, pathname } = new URL(url);
  return origin === new URL(base).origin && method !== 'OPTIONS' && !pathname.includes('/_mock/');
}

/**
 * Routes `context`'s requests to the issuer into a fresh mock provider (with `dialect`, that
 * vendor's variant at `base`, default its own base URL).
 * @returns the provider and the list of `{ method, path, at }` it answered, in order
 */
export async function routeMock(context, { dialect, base } = {}) {
  const provider = createProvider(dialect ? { dialect, ...(base ? { issuer: base } : {}) } : { issuer });
  const requests = [];
  await context.route(`${new URL(provider.issuer).origin}/**`, async (route) => {
    const request = route.request();
    const body = request.postDataBuffer();
    const answer = await provider.handle(
      new Request(request.url(), { method: request.method(), headers: await request.allHeaders(), body: body ?? undefined }),
    );
    if (isSignInRequest(request.method(), request.url(), provider.issuer)) {
      requests.push({ method: request.method(), path: new URL(request.url()).pathname, at: Date.now() });
    }
    if (!answer || answer.type === 'error') {
      await route.abort();
      return;
    }
    await route.fulfill({ status: answer.status, headers: Object.fromEntries(answer.headers), body: Buffer.from(await answer.arrayBuffer()) });
  });
  return { provider, requests };
}

/** The newest code the mock sent to `to`, read in Node (never through the page). */
export async function latestCode(provider, to) {
  const inbox = await (await provider.handle(new Request(`${provider.issuer}/_mock/inbox`))).json();
  const message = inbox.filter((entry) => entry.to === to).at(-1);
  if (!message?.code) throw new Error(`no code was sent to ${to}`);
  return message.code;
}

/** The newest sign-in link the mock sent to `to`, read in Node. */
export async function latestLink(provider, to) {
  const inbox = await (await provider.handle(new Request(`${provider.issuer}/_mock/inbox`))).json();
  const message = inbox.filter((entry) => entry.to === to).at(-1);
  if (!message?.link) throw new Error(`no link was sent to ${to}`);
  return message.link;
}
