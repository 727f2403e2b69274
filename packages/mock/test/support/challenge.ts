import { expect } from '@open-wc/testing';
import { mockFetch } from '../../../../test/helpers/mock-fetch.js';
import type { InboxMessage, MockOptions } from '../../src/index.js';

export const issuer = 'https://id.pwless.test';
export const clientId = 'pwless-demo';
export const linkUri = 'http://localhost:8000/signin';
/** A valid S256 challenge; the challenge endpoint never sees the verifier. */
export const codeChallenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A mock provider of its own, with helpers that speak to it. */
export function provider(options: MockOptions = {}) {
  const fetchFunction = mockFetch(options);
  const post = async (path: string, parameters: Record<string, string>, headers: Record<string, string> = {}) =>
    reply(
      await fetchFunction(`${issuer}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(parameters),
      }),
    );
  const challenge = (parameters: Record<string, string>) =>
    post('/challenge', { response_type: 'code', client_id: clientId, ...parameters });
  const start = (loginHint: string, extra: Record<string, string> = {}) =>
    challenge({ login_hint: loginHint, scope: 'openid email', code_challenge: codeChallenge, code_challenge_method: 'S256', nonce: 'nonce-1', ...extra });
  const startLink = (loginHint: string, extra: Record<string, string> = {}) =>
    start(loginHint, { pwless_delivery: 'link', pwless_link_uri: linkUri, ...extra });
  const inbox = async () => (await (await fetchFunction(`${issuer}/_mock/inbox`)).json()) as InboxMessage[];
  const lastMessage = async (to: string) => {
    const message = (await inbox()).filter((entry) => entry.to === to).at(-1);
    if (!message) throw new Error(`nothing was sent to ${to}`);
    return message;
  };
  const configure = async (config: Record<string, unknown>) =>
    reply(await fetchFunction(`${issuer}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(config) }));
  /** Moves the mock's clock forward. */
  const advance = async (seconds: number) => {
    const current = (await (await fetchFunction(`${issuer}/_mock/config`)).json()) as { clockOffset: number };
    await configure({ clockOffset: current.clockOffset + seconds * 1000 });
  };
  return { fetch: fetchFunction, post, challenge, start, startLink, inbox, lastMessage, configure, advance };
}

export function linkToken(message: InboxMessage): string {
  expect(message.link, 'the message has a link').to.be.a('string');
  return new URL(message.link!).searchParams.get('pwless_link')!;
}
