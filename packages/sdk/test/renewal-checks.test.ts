import { expect } from '@open-wc/testing';
import { mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer, rejection } from './support/helpers.js';
import { signedIn } from './support/sign-in.js';

/** `jwt` with `sub` replaced; the signature no longer fits, which only a provider-side check would see. */
function withSubject(jwt: string, sub: string): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  const encoded = btoa(JSON.stringify({ ...claims, sub })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${header}.${encoded}.${signature}`;
}

describe('renewal checks', () => {
  it('refuses a renewal whose ID token names another person (OIDC Core §12.2) and keeps who is signed in', async () => {
    const issuer = freshIssuer();
    const mock = mockFetch({ issuer });
    let swap = false;
    const swapping: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const response = await mock(request);
      if (!swap || !request.url.endsWith('/token')) return response;
      const body = (await response.json()) as Record<string, string>;
      return Response.json({ ...body, id_token: withSubject(body['id_token']!, 'someone-else') });
    };
    const client = await signedIn(swapping, issuer, 'same@example.com');
    const sub = client.session!.user.sub;
    swap = true;
    const error = await rejection(client.getAccessToken({ forceRefresh: true }));
    expect(error.code).to.equal('invalid_response');
    expect(client.session?.user.sub).to.equal(sub);
    client.close();
  });
});
