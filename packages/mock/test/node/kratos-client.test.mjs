// Fidelity: Ory's official client (`@ory/client-fetch`, FrontendApi) runs the browser flows of the
// `code` method against `pwless-mock --dialect kratos`, the way a single-page app does (JSON with
// `Accept: application/json`, credentials included). Node's fetch keeps no cookies, so a small
// cookie jar stands in for the browser's: the anti-CSRF cookie and `ory_kratos_session` travel as
// they would between a page and Kratos on the same site.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Configuration, FrontendApi, ResponseError } from '@ory/client-fetch';
import { startHttpServer } from '@pwless/mock/node';

/** A browser's cookies for one site, enough for Kratos' flows. */
function cookieJar() {
  const cookies = new Map();
  const fetchWithCookies = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('Cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(input, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (/max-age=0/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };
  return { cookies, fetch: fetchWithCookies };
}

/** The body of a refused call: the client throws `ResponseError` for every status from 300 on. */
async function refusal(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ResponseError, `expected a ResponseError, got ${error}`);
    const text = await error.response.text();
    return { status: error.response.status, body: text ? JSON.parse(text) : undefined };
  }
  assert.fail('the call was expected to be refused');
}

const csrfOf = (flow) => flow.ui.nodes.find((node) => node.attributes.name === 'csrf_token').attributes.value;

describe('Ory client-fetch FrontendApi against pwless-mock --dialect kratos', () => {
  let mock;
  let jar;
  let frontend;
  const origin = 'http://localhost:5173';

  const inbox = async () => (await fetch(`${mock.issuer}/_mock/inbox`)).json();
  const latestCode = async (to) => (await inbox()).filter((message) => message.to === to).at(-1)?.code;

  before(async () => {
    mock = await startHttpServer({ port: 0, dialect: 'kratos' });
  });

  after(async () => {
    await mock?.close();
  });

  beforeEach(() => {
    jar = cookieJar();
    frontend = new FrontendApi(new Configuration({
      basePath: mock.issuer,
      credentials: 'include',
      headers: { Accept: 'application/json', Origin: origin },
      fetchApi: jar.fetch,
    }));
  });

  it('signs in with an email code: 400 "code sent" (1010014), 4010008 for a wrong code, then a session cookie', async () => {
    const flow = await frontend.createBrowserLoginFlow({ returnTo: `${origin}/home` });
    assert.equal(flow.type, 'browser');
    assert.equal(flow.state, 'choose_method');
    assert.ok([...jar.cookies.keys()].some((name) => name.startsWith('csrf_token_')), 'the anti-CSRF cookie is set');
    const csrf = csrfOf(flow);

    const sent = await refusal(frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'code', identifier: 'parent@example.com', csrf_token: csrf } }));
    assert.equal(sent.status, 400);
    assert.equal(sent.body.state, 'sent_email');
    assert.deepEqual(sent.body.ui.messages.map((message) => message.id), [1010014]);
    assert.ok(sent.body.ui.nodes.some((node) => node.attributes.name === 'code'));

    const wrong = await refusal(frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'code', code: '000000', identifier: 'parent@example.com', csrf_token: csrfOf(sent.body) } }));
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.ui.messages.map((message) => message.id), [4010008]);

    const code = await latestCode('parent@example.com');
    assert.match(code, /^\d{6}$/);
    const done = await frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'code', code, identifier: 'parent@example.com', csrf_token: csrfOf(wrong.body) } });
    assert.equal(done.session.identity.traits.email, 'parent@example.com');
    assert.equal(done.session.authentication_methods[0].method, 'code');
    assert.deepEqual(done.continue_with.map((item) => item.redirect_browser_to), [`${origin}/home`]);
    assert.ok(jar.cookies.has('ory_kratos_session'));

    const session = await frontend.toSession({ tokenizeAs: 'pwless' });
    assert.equal(session.identity.traits.email, 'parent@example.com');
    assert.match(session.tokenized, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const again = await refusal(frontend.createBrowserLoginFlow());
    assert.equal(again.body.error.id, 'session_already_available');

    const logout = await frontend.createBrowserLogoutFlow();
    await frontend.updateLogoutFlow({ token: logout.logout_token });
    const gone = await refusal(frontend.toSession());
    assert.equal(gone.status, 401);
    assert.equal(gone.body.error.id, 'session_inactive');
  });

  it('answers an unknown address with 4000035 and signs it up through the registration flow', async () => {
    const login = await frontend.createBrowserLoginFlow();
    const unknown = await refusal(frontend.updateLoginFlow({ flow: login.id, updateLoginFlowBody: { method: 'code', identifier: 'newcomer@example.com', csrf_token: csrfOf(login) } }));
    assert.deepEqual(unknown.body.ui.messages.map((message) => message.id), [4000035]);

    const registration = await frontend.createBrowserRegistrationFlow();
    const sent = await refusal(frontend.updateRegistrationFlow({ flow: registration.id, updateRegistrationFlowBody: { method: 'code', traits: { email: 'newcomer@example.com' }, csrf_token: csrfOf(registration) } }));
    assert.equal(sent.body.state, 'sent_email');
    assert.deepEqual(sent.body.ui.messages.map((message) => message.id), [1040005]);
    const code = await latestCode('newcomer@example.com');
    const done = await frontend.updateRegistrationFlow({ flow: registration.id, updateRegistrationFlowBody: { method: 'code', code, traits: { email: 'newcomer@example.com' }, csrf_token: csrfOf(sent.body) } });
    assert.equal(done.identity.traits.email, 'newcomer@example.com');
    assert.equal(done.session.identity.id, done.identity.id);
    assert.equal((await frontend.toSession()).identity.id, done.identity.id);
  });

  it('refuses a flow update whose CSRF token does not match the cookie (403 security_csrf_violation)', async () => {
    const flow = await frontend.createBrowserLoginFlow();
    const forged = await refusal(frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'code', identifier: 'parent@example.com', csrf_token: btoa('x'.repeat(64)) } }));
    assert.equal(forged.status, 403);
    assert.equal(forged.body.error.id, 'security_csrf_violation');
  });

  it('answers an expired flow with 410 self_service_flow_expired and a replacement flow', async () => {
    const flow = await frontend.createBrowserLoginFlow();
    await fetch(`${mock.issuer}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ clockOffset: 3601_000 }) });
    try {
      const expired = await refusal(frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'code', identifier: 'parent@example.com', csrf_token: csrfOf(flow) } }));
      assert.equal(expired.status, 410);
      assert.equal(expired.body.error.id, 'self_service_flow_expired');
      const replacement = await frontend.getLoginFlow({ id: expired.body.use_flow_id });
      assert.equal(replacement.state, 'choose_method');
      assert.deepEqual(replacement.ui.messages.map((message) => message.id), [4010001]);
    } finally {
      await fetch(`${mock.issuer}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ clockOffset: 0 }) });
    }
  });

  it('with a login_challenge, answers the sign-in with 422 and the Hydra address to open', async () => {
    const flow = await frontend.createBrowserLoginFlow({ loginChallenge: 'challenge-123' });
    assert.equal(flow.oauth2_login_challenge, 'challenge-123');
    const sent = await refusal(frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'code', identifier: 'grandma@example.com', csrf_token: csrfOf(flow) } }));
    const code = await latestCode('grandma@example.com');
    const done = await refusal(frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'code', code, identifier: 'grandma@example.com', csrf_token: csrfOf(sent.body) } }));
    assert.equal(done.status, 422);
    assert.equal(done.body.error.id, 'browser_location_change_required');
    const hydra = new URL(done.body.redirect_browser_to);
    assert.equal(`${hydra.origin}${hydra.pathname}`, `${mock.issuer}/oauth2/auth`);
    const accepted = await (await fetch(hydra, { headers: { Accept: 'application/json' } })).json();
    assert.equal(accepted.login_challenge, 'challenge-123');
    assert.equal(accepted.subject, 'demo-grandma');
    assert.equal((await fetch(hydra, { headers: { Accept: 'application/json' } })).status, 403, 'a login verifier is spent once used');
  });

  it('with a session and a login_challenge, asks again (refresh) for the same identity, then sends on to Hydra', async () => {
    const first = await frontend.createBrowserLoginFlow();
    await refusal(frontend.updateLoginFlow({ flow: first.id, updateLoginFlowBody: { method: 'code', identifier: 'parent@example.com', csrf_token: csrfOf(first) } }));
    const code = await latestCode('parent@example.com');
    await frontend.updateLoginFlow({ flow: first.id, updateLoginFlowBody: { method: 'code', code, identifier: 'parent@example.com', csrf_token: csrfOf(first) } });

    const flow = await frontend.createBrowserLoginFlow({ loginChallenge: 'challenge-456' });
    assert.equal(flow.refresh, true);
    const foreign = await refusal(frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'code', identifier: 'grandma@example.com', csrf_token: csrfOf(flow) } }));
    assert.deepEqual(foreign.body.ui.messages.map((message) => message.id), [4000035], 'a refresh is for the signed-in identity only');
    await refusal(frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'code', identifier: 'parent@example.com', csrf_token: csrfOf(flow) } }));
    const again = await latestCode('parent@example.com');
    const done = await refusal(frontend.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'code', code: again, identifier: 'parent@example.com', csrf_token: csrfOf(flow) } }));
    assert.equal(done.status, 422);
    const accepted = await (await fetch(done.body.redirect_browser_to, { headers: { Accept: 'application/json' } })).json();
    assert.deepEqual([accepted.login_challenge, accepted.subject], ['challenge-456', 'demo-parent']);
    assert.equal((await frontend.toSession()).identity.id, 'demo-parent', 'the refreshed session is the one in the cookie');
  });

  it('sends an HTML client (no JSON in Accept) to the login UI with a 303', async () => {
    const response = await fetch(`${mock.issuer}/self-service/login/browser`, { redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location'), /\/ui\/login\?flow=[\w-]+$/);
  });
});
