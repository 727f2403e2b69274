import type { Context } from '../../context.js';
import type { User } from '../../state.js';
import { maskToken } from './csrf.js';
import { kratosState, type KratosFlow, type KratosSession } from './state.js';
import { chooseMethodNodes, emailSentNodes, type UiNode } from './ui.js';

/** Kratos' time format: ISO 8601 in UTC. */
export const iso = (time: number) => new Date(time).toISOString();

/** The identity of a mock user: traits `{email}`, its email as verifiable and recovery address. */
export function identityModel(context: Context, user: User) {
  const email = user.email ?? '';
  const verifiedAt = kratosState(context).verifiedAt[user.sub];
  const created = iso(user.createdAt);
  const address = { id: `${user.sub}-email`, value: email, via: 'email', created_at: created, updated_at: iso(verifiedAt ?? user.createdAt) };
  return {
    id: user.sub,
    schema_id: 'default',
    schema_url: `${context.issuer}/schemas/ZGVmYXVsdA`,
    state: 'active',
    state_changed_at: created,
    traits: { email },
    verifiable_addresses: [
      { ...address, verified: verifiedAt !== undefined, status: verifiedAt !== undefined ? 'completed' : 'pending', ...(verifiedAt !== undefined ? { verified_at: iso(verifiedAt) } : {}) },
    ],
    recovery_addresses: [address],
    metadata_public: null,
    created_at: created,
    updated_at: created,
    organization_id: null,
  };
}

/** A session as `/sessions/whoami` and a sign-in answer it, with its identity. */
export function sessionModel(context: Context, session: KratosSession) {
  const user = context.state.users[session.identityId];
  return {
    id: session.id,
    active: true,
    expires_at: iso(session.expiresAt),
    authenticated_at: iso(session.authenticatedAt),
    authenticator_assurance_level: 'aal1',
    authentication_methods: [{ method: 'code', aal: 'aal1', completed_at: iso(session.authenticatedAt) }],
    issued_at: iso(session.issuedAt),
    ...(user ? { identity: identityModel(context, user) } : {}),
    devices: [{ id: `${session.id}-device`, ip_address: '127.0.0.1', user_agent: '', location: '' }],
  };
}

/** The flow as the API answers it, with a freshly masked CSRF token. */
export function flowModel(context: Context, flow: KratosFlow, csrf: string) {
  const { codeLength } = context.state.config;
  const nodes: UiNode[] = flow.state === 'sent_email'
    ? emailSentNodes(flow.kind, maskToken(csrf), flow.address ?? '', codeLength)
    : chooseMethodNodes(flow.kind, maskToken(csrf), flow.address ?? '');
  for (const node of nodes) node.messages = flow.fieldMessages[node.attributes.name] ?? [];
  return {
    id: flow.id,
    type: 'browser',
    expires_at: iso(flow.expiresAt),
    issued_at: iso(flow.issuedAt),
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ...(flow.oauth2LoginChallenge ? { oauth2_login_challenge: flow.oauth2LoginChallenge } : {}),
    ...(flow.state === 'choose_method' ? {} : { active: 'code' }),
    ui: {
      action: `${context.issuer}/self-service/${flow.kind}?flow=${flow.id}`,
      method: 'POST',
      nodes,
      ...(flow.messages.length > 0 ? { messages: flow.messages } : {}),
    },
    created_at: iso(flow.issuedAt),
    updated_at: iso(context.now),
    ...(flow.kind === 'login' ? { refresh: flow.refresh, requested_aal: 'aal1' } : {}),
    state: flow.state,
    organization_id: null,
  };
}
