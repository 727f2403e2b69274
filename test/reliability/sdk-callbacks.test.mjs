// Property-based checks of what comes back to the SDK in the address bar: the redirect callback
// and the magic link. Whatever the URL, the SDK rejects with a PwlessError (never another error),
// and a callback whose `state` is not the one it sent never reaches the token endpoint.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createClient, PwlessError, pwlessErrorCodes } from '../../packages/sdk/dist/index.js';
import { announce, propertyParameters, record, runs, seed } from './settings.mjs';

const issuer = 'https://id.example.com';
const metadata = {
  issuer,
  authorization_endpoint: `${issuer}/auth`,
  token_endpoint: `${issuer}/token`,
  authorization_challenge_endpoint: `${issuer}/challenge`,
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
};

/** A provider that answers discovery, counts token requests, and answers the link endpoint whatever the test says. */
function fakeProvider() {
  const provider = { tokenRequests: 0, linkAnswer: { status: 400, body: { error: 'invalid_link' } } };
  provider.fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const json = (status, body) => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    if (url.pathname === '/.well-known/openid-configuration') return json(200, metadata);
    if (url.pathname === '/token') {
      provider.tokenRequests++;
      return json(400, { error: 'invalid_grant' });
    }
    if (url.pathname === '/challenge') return typeof provider.linkAnswer.body === 'string' ? new Response(provider.linkAnswer.body, { status: provider.linkAnswer.status }) : json(provider.linkAnswer.status, provider.linkAnswer.body);
    return json(404, { error: 'not_found' });
  };
  return provider;
}

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.webSegment());
const parameterNames = fc.oneof(fc.constantFrom('code', 'state', 'iss', 'error', 'error_description', 'session_state', 'response'), fc.string());

describe('the redirect callback', () => {
  it('rejects any callback URL with a PwlessError, and one without our state as state_mismatch before any token request', async (t) => {
    announce(t);
    const provider = fakeProvider();
    const client = createClient({ issuer, clientId: 'app', redirectUri: 'https://app.example.com/cb', fetch: provider.fetch });
    const sent = (await client.authorizationUrl()).searchParams.get('state');
    // States close to ours (cut, grown, case-changed) as well as anything else.
    const stateLike = fc.oneof(
      anyText,
      fc.nat(sent.length - 1).map((cut) => sent.slice(0, cut)),
      anyText.map((tail) => sent + (tail || 'x')),
      fc.constant(sent.toUpperCase() === sent ? sent.toLowerCase() : sent.toUpperCase()),
      fc.constant(` ${sent}`),
    );
    const callbackUrl = fc
      .tuple(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.array(fc.tuple(parameterNames, anyText), { maxLength: 6 }), fc.option(stateLike, { nil: undefined }), fc.boolean())
      .map(([base, parameters, state, twice]) => {
        const url = new URL(base);
        for (const [name, value] of parameters) if (name !== 'state') url.searchParams.append(name, value);
        if (state !== undefined) {
          url.searchParams.set('state', state);
          if (twice) url.searchParams.append('state', sent);
        }
        return url.href;
      });
    await fc.assert(
      fc.asyncProperty(callbackUrl, async (url) => {
        const stateOfUrl = new URL(url).searchParams.get('state');
        await assert.rejects(client.handleRedirectCallback(url), (error) => {
          assert.ok(error instanceof PwlessError, String(error));
          assert.ok(pwlessErrorCodes.includes(error.code));
          if (stateOfUrl !== sent) assert.equal(error.code, 'state_mismatch');
          return true;
        });
      }),
      propertyParameters,
    );
    assert.equal(provider.tokenRequests, 0, 'a callback with a mismatched state reached the token endpoint');
    // Our own state still works once (the transaction was not spent by the wrong ones), then never again.
    await assert.rejects(client.handleRedirectCallback(`https://app.example.com/cb?code=abc&state=${sent}&iss=${encodeURIComponent(issuer)}`), { name: 'PwlessError', code: 'session_expired' });
    assert.equal(provider.tokenRequests, 1);
    await assert.rejects(client.handleRedirectCallback(`https://app.example.com/cb?code=abc&state=${sent}&iss=${encodeURIComponent(issuer)}`), { name: 'PwlessError', code: 'state_mismatch' });
    assert.equal(provider.tokenRequests, 1);
    client.close();
    await record({ group: 'Property-based', check: 'Redirect callback: any callback URL rejects with a PwlessError; a state not ours (cut, grown, case-changed, repeated, anything) is state_mismatch and never reaches the token endpoint; ours is spent once', inputs: runs, seed, result: 'holds' });
  });

  it('calls a callback argument that is not a URL a TypeError (the program’s mistake), before any request', async () => {
    const provider = fakeProvider();
    const client = createClient({ issuer, clientId: 'app', redirectUri: 'https://app.example.com/cb', fetch: provider.fetch });
    await assert.rejects(client.handleRedirectCallback('not a url'), TypeError);
    client.close();
  });
});

describe('the magic link', () => {
  it('rejects any link URL and any answer of the provider with a PwlessError, or answers its details', async (t) => {
    announce(t);
    const provider = fakeProvider();
    const client = createClient({ issuer, clientId: 'app', redirectUri: 'https://app.example.com/cb', fetch: provider.fetch });
    const linkUrl = fc.oneof(
      anyText,
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.tuple(fc.webUrl(), anyText).map(([base, token]) => `${base}${base.includes('?') ? '&' : '?'}pwless_link=${encodeURIComponent(token)}`),
    );
    const answer = fc.record({
      status: fc.integer({ min: 200, max: 599 }),
      body: fc.oneof(fc.jsonValue(), fc.record({ to: fc.anything(), phrase: fc.anything(), requested_at: fc.anything(), user_agent: fc.anything(), error: fc.anything() }, { requiredKeys: [] }), fc.string()),
    });
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(linkUrl, answer, async (url, linkAnswer) => {
        provider.linkAnswer = linkAnswer;
        try {
          const info = await client.inspectLink(url);
          assert.equal(typeof info.to, 'string');
          answered++;
        } catch (error) {
          assert.ok(error instanceof PwlessError, String(error));
          assert.ok(pwlessErrorCodes.includes(error.code));
          if (!URL.canParse(url) || !new URL(url).searchParams.get('pwless_link')) assert.equal(error.code, 'link_invalid');
        }
      }),
      propertyParameters,
    );
    client.close();
    await record({ group: 'Property-based', check: `Link URL: any string as a link and any answer of the link endpoint → the link's details or a PwlessError (link_invalid when it carries no pwless_link); ${answered} answers were valid details`, inputs: runs, seed, result: 'holds' });
  });
});
