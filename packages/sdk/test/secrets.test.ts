import { expect } from '@open-wc/testing';
import { createClient } from '../src/index.js';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer, rejection } from './support/helpers.js';

/** Every string reachable from `value` through own properties and `cause`s (an error shown, logged or sent to a tracker). */
function reachableStrings(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  const members = [...Object.values(value), ...(value instanceof Error ? [value.message, value.cause] : [])];
  return members.flatMap((member) => reachableStrings(member, seen));
}

describe('secrets', () => {
  it('keeps the tokens of a token answer it refuses out of the error it rejects with', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    const issued: string[] = [];
    // A provider whose token answer breaks the rules (a scope that is no string): the tokens in it are real all the same.
    const malformed: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const response = await mock(request);
      if (!request.url.endsWith('/token')) return response;
      const body = (await response.json()) as Record<string, string>;
      issued.push(body['access_token']!, body['refresh_token']!, body['id_token']!);
      return Response.json({ ...body, scope: ['openid'] });
    };
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: malformed });
    await client.start({ email: 'leak@example.com' });
    const error = await rejection(client.verify(await latestCode(mock, 'leak@example.com', issuer)));
    expect(error.code).to.equal('invalid_response');
    const strings = reachableStrings(error);
    for (const token of issued) expect(strings.some((text) => text.includes(token))).to.equal(false);
  });
});
