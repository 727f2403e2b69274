import { expect } from '@open-wc/testing';
import { vendorFetch } from '../../../test/helpers/vendor-fetch.js';
import { flowStates, inputTypes, nodeGroups, required } from './fixtures/kratos-contract.js';

type Json = Record<string, unknown>;
type Node = { type: string; group: string; attributes: Json; messages: Json[]; meta: Json };

function expectRequired(value: unknown, schema: keyof typeof required): void {
  expect(value, schema).to.be.an('object');
  for (const key of required[schema]) expect(value as Json, `${schema}.${key}`).to.have.property(key);
}

/** Every node and text of a flow against the schemas of spec/api.json. */
function expectFlow(flow: Json, schema: 'loginFlow' | 'registrationFlow'): void {
  expectRequired(flow, schema);
  expect(flowStates).to.include(flow.state);
  const ui = flow.ui as Json & { nodes: Node[]; messages?: Json[] };
  expectRequired(ui, 'uiContainer');
  for (const node of ui.nodes) {
    expectRequired(node, 'uiNode');
    expectRequired(node.attributes, 'uiNodeInputAttributes');
    expect(nodeGroups).to.include(node.group);
    expect(inputTypes).to.include(node.attributes.type);
    for (const message of node.messages) expectRequired(message, 'uiText');
  }
  for (const message of ui.messages ?? []) expectRequired(message, 'uiText');
}

let instance = 0;

/** A Kratos of its own (own base URL, so no cookie of another test), spoken to as a single-page app does. */
function kratos(config = {}) {
  const base = `https://kratos-${++instance}-${Date.now()}.pwless.test`;
  const fetchFunction = vendorFetch({ dialect: 'kratos', issuer: base, config });
  const call = async (method: string, path: string, body?: Json) => {
    const response = await fetchFunction(`${base}${path}`, {
      method,
      headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const csrf = (flow: Json) => (flow.ui as { nodes: Node[] }).nodes.find((node) => node.attributes.name === 'csrf_token')!.attributes.value as string;
  const messageIds = (flow: Json) => ((flow.ui as { messages?: { id: number }[] }).messages ?? []).map((message) => message.id);
  const latestCode = async (to: string) => {
    const inbox = (await (await fetchFunction(`${base}/_mock/inbox`)).json()) as { to: string; code?: string }[];
    return inbox.filter((message) => message.to === to).at(-1)?.code;
  };
  const setConfig = (patch: Json) => fetchFunction(`${base}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) });
  return { base, call, csrf, messageIds, latestCode, setConfig };
}

describe('Kratos variant (dialect kratos)', () => {
  it('runs the code login of a browser flow with the schemas of spec/api.json', async () => {
    const server = kratos();
    const created = await server.call('GET', '/self-service/login/browser');
    expect(created.status).to.equal(200);
    expectFlow(created.body, 'loginFlow');
    expect(created.body.type).to.equal('browser');
    const flowId = created.body.id as string;

    const fetched = await server.call('GET', `/self-service/login/flows?id=${flowId}`);
    expect(fetched.status).to.equal(200);
    expect(fetched.body.id).to.equal(flowId);

    const sent = await server.call('POST', `/self-service/login?flow=${flowId}`, { method: 'code', identifier: 'Parent@Example.com', csrf_token: server.csrf(fetched.body) });
    expect(sent.status).to.equal(400);
    expectFlow(sent.body, 'loginFlow');
    expect(sent.body.state).to.equal('sent_email');
    expect(server.messageIds(sent.body)).to.deep.equal([1010014]);

    const code = await server.latestCode('parent@example.com');
    const done = await server.call('POST', `/self-service/login?flow=${flowId}`, { method: 'code', code, identifier: 'parent@example.com', csrf_token: server.csrf(sent.body) });
    expect(done.status).to.equal(200);
    expectRequired(done.body, 'successfulNativeLogin');
    expectRequired(done.body.session, 'session');
    expectRequired((done.body.session as Json).identity, 'identity');
    for (const item of done.body.continue_with as Json[]) expectRequired(item, 'continueWithRedirectBrowserTo');

    const whoami = await server.call('GET', '/sessions/whoami');
    expect(whoami.status).to.equal(200);
    expect(((whoami.body.identity as Json).traits as Json).email).to.equal('parent@example.com');

    const logout = await server.call('GET', '/self-service/logout/browser');
    expectRequired(logout.body, 'logoutFlow');
    expect((await server.call('GET', `/self-service/logout?token=${logout.body.logout_token as string}`)).status).to.equal(204);
    const after = await server.call('GET', '/sessions/whoami');
    expect(after.status).to.equal(401);
    expectRequired(after.body, 'errorGeneric');
  });

  it('forgets the older code when a new one is asked for ("Resend code"): the old one gets 4010008', async () => {
    const server = kratos();
    const flow = (await server.call('GET', '/self-service/login/browser')).body;
    const id = flow.id as string;
    const sent = await server.call('POST', `/self-service/login?flow=${id}`, { method: 'code', identifier: 'parent@example.com', csrf_token: server.csrf(flow) });
    const first = await server.latestCode('parent@example.com');
    const resent = await server.call('POST', `/self-service/login?flow=${id}`, { method: 'code', resend: 'code', identifier: 'parent@example.com', csrf_token: server.csrf(sent.body) });
    expect(server.messageIds(resent.body)).to.deep.equal([1010014]);
    const old = await server.call('POST', `/self-service/login?flow=${id}`, { method: 'code', code: first, identifier: 'parent@example.com', csrf_token: server.csrf(resent.body) });
    expect(old.status).to.equal(400);
    expect(server.messageIds(old.body)).to.deep.equal([4010008]);
  });

  it('refuses the code of an expired code lifetime with 4010008, and a sixth submission with 4000001', async () => {
    const server = kratos({ maxAttempts: 5 });
    const flow = (await server.call('GET', '/self-service/login/browser')).body;
    const id = flow.id as string;
    let last = await server.call('POST', `/self-service/login?flow=${id}`, { method: 'code', identifier: 'parent@example.com', csrf_token: server.csrf(flow) });
    const code = await server.latestCode('parent@example.com');
    await server.setConfig({ clockOffset: 901_000 });
    last = await server.call('POST', `/self-service/login?flow=${id}`, { method: 'code', code, identifier: 'parent@example.com', csrf_token: server.csrf(last.body) });
    expect(server.messageIds(last.body)).to.deep.equal([4010008]);
    for (let attempt = 0; attempt < 4; attempt++) {
      last = await server.call('POST', `/self-service/login?flow=${id}`, { method: 'code', code: '000000', identifier: 'parent@example.com', csrf_token: server.csrf(last.body) });
    }
    last = await server.call('POST', `/self-service/login?flow=${id}`, { method: 'code', code: code!, identifier: 'parent@example.com', csrf_token: server.csrf(last.body) });
    expect(last.status).to.equal(400);
    expect(server.messageIds(last.body)).to.deep.equal([4000001]);
  });

  it('signs a new address up through the registration flow, and refuses a known one with 4000007', async () => {
    const server = kratos();
    const flow = (await server.call('GET', '/self-service/registration/browser')).body;
    expectFlow(flow, 'registrationFlow');
    const known = await server.call('POST', `/self-service/registration?flow=${flow.id as string}`, { method: 'code', traits: { email: 'parent@example.com' }, csrf_token: server.csrf(flow) });
    expect(server.messageIds(known.body)).to.deep.equal([4000007]);
    const sent = await server.call('POST', `/self-service/registration?flow=${flow.id as string}`, { method: 'code', traits: { email: 'new@example.com' }, csrf_token: server.csrf(known.body) });
    expect(server.messageIds(sent.body)).to.deep.equal([1040005]);
    const wrong = await server.call('POST', `/self-service/registration?flow=${flow.id as string}`, { method: 'code', code: '000000', traits: { email: 'new@example.com' }, csrf_token: server.csrf(sent.body) });
    expect(server.messageIds(wrong.body)).to.deep.equal([4040003]);
    const code = await server.latestCode('new@example.com');
    const done = await server.call('POST', `/self-service/registration?flow=${flow.id as string}`, { method: 'code', code, traits: { email: 'new@example.com' }, csrf_token: server.csrf(wrong.body) });
    expect(done.status).to.equal(200);
    expectRequired(done.body, 'successfulNativeRegistration');
  });

  it('answers an expired flow fetched by id with 410 and where to start a new one', async () => {
    const server = kratos();
    const flow = (await server.call('GET', '/self-service/login/browser')).body;
    await server.setConfig({ clockOffset: 3601_000 });
    const expired = await server.call('GET', `/self-service/login/flows?id=${flow.id as string}`);
    expect(expired.status).to.equal(410);
    const error = expired.body.error as Json;
    expect(error.id).to.equal('self_service_flow_expired');
    expect((error.details as Json).redirect_to).to.equal(`${server.base}/self-service/login/browser`);
  });

  it('answers a closed sign-up with self_service_flow_disabled', async () => {
    const server = kratos({ signupsOpen: false });
    const answer = await server.call('GET', '/self-service/registration/browser');
    expect(answer.status).to.equal(400);
    expect((answer.body.error as Json).id).to.equal('self_service_flow_disabled');
  });

  it('answers past the hourly send limit with 429', async () => {
    const server = kratos({ sendsPerHour: 1 });
    const flow = (await server.call('GET', '/self-service/login/browser')).body;
    const sent = await server.call('POST', `/self-service/login?flow=${flow.id as string}`, { method: 'code', identifier: 'parent@example.com', csrf_token: server.csrf(flow) });
    const again = await server.call('POST', `/self-service/login?flow=${flow.id as string}`, { method: 'code', resend: 'code', identifier: 'parent@example.com', csrf_token: server.csrf(sent.body) });
    expect(again.status).to.equal(429);
    expectRequired(again.body, 'errorGeneric');
  });

  it('keeps the dev endpoints on its base URL', async () => {
    const server = kratos();
    expect((await server.call('GET', '/_mock/users')).status).to.equal(200);
    expect((await server.call('GET', '/_mock/config')).body.maxAttempts).to.equal(5);
  });
});
