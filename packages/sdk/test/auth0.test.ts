import { expect } from '@open-wc/testing';
import { createClient, type PwlessClient } from '../src/index.js';
import { mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer, recording, rejection } from './support/helpers.js';

// Each test has its own tenant: clients of one issuer share storage and hear each other's tabs.
let tenant: string;
beforeEach(() => (tenant = freshIssuer()));

function auth0Client(fetchFunction: typeof fetch, overrides: Partial<Parameters<typeof createClient>[0]> = {}): PwlessClient {
  return createClient({ dialect: 'auth0', issuer: tenant, clientId: 'pwless-demo', fetch: fetchFunction, ...overrides });
}

/**
 * A tenant that answers /passwordless/start, and /co/authenticate with Auth0's answer `refusal`
 * (403 with its words, as the Authentication API gives them); the mock itself refuses
 * /co/authenticate to a request without an Origin, which a test page cannot set.
 */
function refusingTenant(refusal: { status: number; body: Record<string, string>; headers?: Record<string, string> }): typeof fetch {
  const tenantMock = mockFetch({ dialect: 'auth0', issuer: tenant });
  return async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).pathname === '/co/authenticate') return Response.json(refusal.body, { status: refusal.status, headers: refusal.headers ?? {} });
    return tenantMock(request);
  };
}

describe('Auth0 dialect', () => {
  it('asks /passwordless/start for a code in the person\'s language, with PKCE, state and nonce in authParams', async () => {
    const { fetch, requests } = recording(mockFetch({ dialect: 'auth0', issuer: tenant }));
    const challenge = await auth0Client(fetch).start({ email: 'ada@example.com' }, { locale: 'de' });
    expect(challenge).to.include({ channel: 'email', delivery: 'code', codeLength: 6, attemptsRemaining: 3, to: 'a•••@example.com' });
    const start = requests.find((request) => request.url.endsWith('/passwordless/start'))!;
    expect(start.headers.get('x-request-language')).to.equal('de');
    const body = (await start.clone().json()) as { client_id: string; connection: string; email: string; send: string; authParams: Record<string, string> };
    expect(body).to.include({ client_id: 'pwless-demo', connection: 'email', email: 'ada@example.com', send: 'code' });
    expect(body.authParams).to.include({ response_type: 'code', code_challenge_method: 'S256', redirect_uri: location.origin });
    expect(body.authParams.code_challenge).to.match(/^[\w-]{43}$/);
    expect(body.authParams.state).to.be.a('string');
    expect(body.authParams.nonce).to.be.a('string');
    const inbox = (await (await fetch(`${tenant}/_mock/inbox`)).json()) as { to: string; locale: string }[];
    expect(inbox.at(-1)).to.include({ to: 'ada@example.com', locale: 'de' });
  });

  it('sends a magic link whose return is this page, and an SMS code on the sms connection', async () => {
    const { fetch, requests } = recording(mockFetch({ dialect: 'auth0', issuer: tenant }));
    const linkUri = `${location.origin}/landing`;
    expect((await auth0Client(fetch, { linkUri }).start({ email: 'lin@example.com' }, { delivery: 'link' })).delivery).to.equal('link');
    const linkStart = (await requests.at(-1)!.clone().json()) as { send: string; authParams: Record<string, string> };
    expect(linkStart.send).to.equal('link');
    expect(linkStart.authParams.redirect_uri).to.equal(linkUri);
    const inbox = (await (await fetch(`${tenant}/_mock/inbox`)).json()) as { link?: string }[];
    expect(new URL(inbox.at(-1)!.link!).pathname).to.equal('/passwordless/verify_redirect');
    const sms = await auth0Client(fetch).start({ phone: '+4915112345678' });
    expect(sms.channel).to.equal('sms');
    expect((await requests.at(-1)!.clone().json()) as object).to.include({ connection: 'sms', phone_number: '+4915112345678' });
  });

  it('maps bad.connection to not_supported and /passwordless/start\'s 429 to rate_limited with the wait', async () => {
    const noSms = await auth0Client(async () => Response.json({ error: 'bad.connection', error_description: 'Connection is disabled' }, { status: 400 })).start({ phone: '+4915112345678' }).catch((error: unknown) => error);
    expect((noSms as { code: string }).code).to.equal('not_supported');
    const badEmail = await rejection(auth0Client(async () => Response.json({ error: 'bad.email', error_description: 'error in email - email format validation failed: x' }, { status: 400 })).start({ email: 'ada@example.com' }));
    expect(badEmail.code).to.equal('invalid_identifier');
    const limited = await rejection(
      auth0Client(async () => Response.json({ error: 'too_many_requests', error_description: 'Too many requests.' }, { status: 429, headers: { 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 120) } })).start({ email: 'ada@example.com' }),
    );
    expect(limited.code).to.equal('rate_limited');
    expect(limited.retryAfter).to.be.within(100, 121);
  });

  it('maps Auth0\'s refusals of a code: wrong (with the tries left), expired, too many attempts', async () => {
    const cases: [string, string][] = [
      ['Wrong email or verification code.', 'invalid_code'],
      ['The verification code has expired. Please try to login again.', 'code_expired'],
      ["You've reached the maximum number of attempts. Please try to login again.", 'too_many_attempts'],
    ];
    for (const [description, code] of cases) {
      const client = auth0Client(refusingTenant({ status: 403, body: { error: 'access_denied', error_description: description } }));
      await client.start({ email: 'bob@example.com' });
      const error = await rejection(client.verify('123456'));
      expect(error.code, description).to.equal(code);
      if (code === 'invalid_code') expect(error.attemptsRemaining).to.equal(2);
    }
    const invalidGrant = auth0Client(refusingTenant({ status: 403, body: { error: 'invalid_grant', error_description: 'Wrong email or verification code.' } }));
    await invalidGrant.start({ email: 'bob@example.com' });
    expect((await rejection(invalidGrant.verify('123456'))).code).to.equal('invalid_code');
  });

  it('ends the sign-in after too many attempts: the next try needs a new start', async () => {
    const client = auth0Client(refusingTenant({ status: 403, body: { error: 'access_denied', error_description: "You've reached the maximum number of attempts. Please try to login again." } }));
    await client.start({ email: 'bob@example.com' });
    expect((await rejection(client.verify('123456'))).code).to.equal('too_many_attempts');
    expect((await rejection(client.verify('123456'))).code).to.equal('no_pending_sign_in');
  });
});
