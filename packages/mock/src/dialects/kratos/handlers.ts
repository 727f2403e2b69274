import type { Context } from '../../context.js';
import { constantTimeEqual, hashSecret, randomDigits, randomToken, sha256 } from '../../crypto.js';
import { mediaType, readText } from '../../http.js';
import { parseIdentifier } from '../../identifier.js';
import { jwksEndpoint } from '../../discovery.js';
import { signJwt } from '../../keys.js';
import { pickLocale } from '../../messages.js';
import type { User } from '../../state.js';
import { findUser } from '../../users.js';
import { sendSignInEmail, takeSend } from '../messages.js';
import { stop, variantRouter, type VariantAnswer, type VariantOptions, type VariantRequest } from '../variant.js';
import { kratosCors, returnToAllowed } from './cors.js';
import { cookieCsrfMismatch, cookieCsrfMissing, errors, kratosError } from './errors.js';
import { forgetEnded, kratosState, type FlowKind, type KratosFlow, type KratosSession } from './state.js';
import { chooseMethodNodes, emailSentNodes, texts, type UiNode, type UiText } from './ui.js';

/** Kratos' default session lifespan (`session.lifespan`): 24 hours. */
const sessionLifespan = 24 * 3600;
/** How long a tokenized session lives (a tokenizer template's `ttl`, default one minute). */
const tokenizedLifespan = 60;
const sessionCookieName = 'ory_kratos_session';

const iso = (time: number) => new Date(time).toISOString();

function fail(answer: VariantAnswer): never {
  return stop(answer);
}

/** What Kratos offers a browser, in its order (x/isjsonrequest.go); HTML wins unless JSON is preferred. */
const offers = ['text/html', 'text/*', '*/*', 'application/json'];

/**
 * `x.IsJSONRequest`: a JSON body, or content negotiation over `Accept` that picks JSON. A bare
 * `Accept: *\/*` (fetch's default) picks HTML, so a browser client must ask for JSON.
 */
function wantsJson(request: Request): boolean {
  if (request.headers.get('content-type') === 'application/json') return true;
  const specs = (request.headers.get('accept') ?? '').split(',').map((part) => {
    const [value = '', ...parameters] = part.split(';').map((piece) => piece.trim());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    return { value: value.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
  }).filter((spec) => spec.value !== '' && Number.isFinite(spec.q));
  let best = { offer: 'text/html', q: -1, wildness: 3 };
  for (const offer of offers) {
    for (const { value, q } of specs) {
      if (q === 0 || q < best.q) continue;
      if (value === '*/*') {
        if (q > best.q || best.wildness > 2) best = { offer, q, wildness: 2 };
      } else if (value.endsWith('/*')) {
        if (offer.startsWith(value.slice(0, -1)) && (q > best.q || best.wildness > 1)) best = { offer, q, wildness: 1 };
      } else if (value === offer && (q > best.q || best.wildness > 0)) {
        best = { offer, q, wildness: 0 };
      }
    }
  }
  return best.offer === 'application/json';
}

function secureCookies(context: Context): boolean {
  return new URL(context.issuer).protocol === 'https:';
}

function cookie(context: Context, name: string, value: string, maxAge: number): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secureCookies(context) ? '; Secure' : ''}`;
}

/** `csrf_token_` + hex SHA-256 of the public URL, as nosurfx names the anti-CSRF cookie. */
async function csrfCookieName(context: Context): Promise<string> {
  const digest = await sha256(context.issuer);
  return `csrf_token_${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** nosurf's masking: a fresh one-time pad with every form, so the token in a page never repeats. */
function maskToken(token: string): string {
  const raw = Uint8Array.from(atob(token), (c) => c.charCodeAt(0));
  const pad = crypto.getRandomValues(new Uint8Array(raw.length));
  const masked = new Uint8Array(raw.length * 2);
  masked.set(pad);
  raw.forEach((byte, index) => (masked[raw.length + index] = byte ^ pad[index]!));
  return btoa(String.fromCharCode(...masked));
}

function unmaskToken(masked: string): string | undefined {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(masked), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
  if (bytes.length === 0 || bytes.length % 2 !== 0) return undefined;
  const half = bytes.length / 2;
  return btoa(String.fromCharCode(...bytes.slice(half).map((byte, index) => byte ^ bytes[index]!)));
}

/** The anti-CSRF cookie's token, made (and set) when the browser has none yet. */
async function csrfToken(context: Context, cookies: Record<string, string>, setCookies: string[]): Promise<string> {
  const name = await csrfCookieName(context);
  const existing = cookies[name];
  if (existing) return decodeURIComponent(existing);
  const token = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  setCookies.push(cookie(context, name, encodeURIComponent(token), 31536000));
  return token;
}

async function currentSession(context: Context, request: Request, cookies: Record<string, string>): Promise<KratosSession | undefined> {
  const token = request.headers.get('x-session-token') ?? cookies[sessionCookieName];
  if (!token) return undefined;
  const hash = await hashSecret(token);
  const session = Object.values(kratosState(context).sessions).find((candidate) => constantTimeEqual(candidate.tokenHash, hash));
  return session && session.expiresAt > context.now ? session : undefined;
}

function identityModel(context: Context, user: User) {
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

function sessionModel(context: Context, session: KratosSession) {
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
function flowModel(context: Context, flow: KratosFlow, csrf: string) {
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

function readReturnTo(context: Context, url: URL): string | undefined {
  const returnTo = url.searchParams.get('return_to') ?? undefined;
  if (returnTo !== undefined && !returnToAllowed(context.clients, context.issuer, returnTo)) {
    fail(kratosError(errors.badRequest(`Requested return_to URL "${returnTo}" is not allowed.`)));
  }
  return returnTo;
}

async function newFlow(context: Context, kind: FlowKind, request: Request, csrf: string, from?: KratosFlow): Promise<KratosFlow> {
  forgetEnded(context);
  const url = new URL(request.url);
  const returnTo = from ? from.returnTo : readReturnTo(context, url);
  const challenge = from ? from.oauth2LoginChallenge : url.searchParams.get('login_challenge') ?? undefined;
  if (challenge !== undefined && !/^[\w.~-]{1,512}$/.test(challenge)) fail(kratosError(errors.badRequest('The login_challenge is not valid.')));
  const flow: KratosFlow = {
    id: crypto.randomUUID(),
    kind,
    issuedAt: context.now,
    expiresAt: context.now + context.state.config.sessionLifetime * 1000,
    requestUrl: from ? from.requestUrl : `${context.issuer}/self-service/${kind}/browser${url.search}`,
    ...(returnTo ? { returnTo } : {}),
    ...(challenge ? { oauth2LoginChallenge: challenge } : {}),
    refresh: from ? from.refresh : refreshRequested(kind, url),
    state: 'choose_method',
    csrfHash: await hashSecret(csrf),
    submitCount: 0,
    messages: [],
    fieldMessages: {},
    locale: from ? from.locale : pickLocale((request.headers.get('accept-language') ?? '').split(',').map((tag) => tag.split(';')[0]!.trim()).join(' ')),
  };
  kratosState(context).flows[flow.id] = flow;
  return flow;
}

/** The Hydra login this session accepts: a one-time verifier on the simulated Hydra's `/oauth2/auth`. */
async function acceptHydraLogin(context: Context, flow: KratosFlow, session: KratosSession): Promise<string> {
  const verifier = randomToken();
  kratosState(context).loginVerifiers[await hashSecret(verifier)] = {
    challenge: flow.oauth2LoginChallenge!,
    subject: session.identityId,
    sessionId: session.id,
    expiresAt: context.now + 600_000,
  };
  return `${context.issuer}/oauth2/auth?login_verifier=${verifier}`;
}

/** GET /self-service/{login,registration}/browser: a new flow (JSON), or a 303 to the UI. */
function createBrowserFlow(kind: FlowKind) {
  return async (context: Context, { request, cookies }: VariantRequest): Promise<VariantAnswer> => {
    const setCookies: string[] = [];
    const session = await currentSession(context, request, cookies);
    const url = new URL(request.url);
    if (kind === 'registration' && !context.state.config.signupsOpen) fail(kratosError(errors.registrationDisabled()));
    if (session && !refreshRequested(kind, url)) {
      if (wantsJson(request)) fail(kratosError(errors.sessionAlreadyAvailable(kind)));
      return { status: 303, body: null, headers: { Location: readReturnTo(context, url) ?? defaultReturnTo(context) } };
    }
    const csrf = await csrfToken(context, cookies, setCookies);
    const flow = await newFlow(context, kind, request, csrf);
    if (!wantsJson(request)) return { status: 303, body: null, headers: { Location: `${uiUrl(context, kind)}?flow=${flow.id}` }, cookies: setCookies };
    return { status: 200, body: flowModel(context, flow, csrf), cookies: setCookies };
  };
}

/**
 * Whether a login flow re-authenticates: `refresh=true`, or a `login_challenge`. The simulated
 * Hydra keeps no login sessions, so it never lets Kratos skip the login (Hydra's `skip` is false),
 * and Kratos then asks again even with a session (selfservice/flow/login/handler.go).
 */
function refreshRequested(kind: FlowKind, url: URL): boolean {
  return kind === 'login' && (url.searchParams.get('refresh') === 'true' || url.searchParams.has('login_challenge'));
}

/** Where Kratos would send a browser for its UI (`selfservice.flows.*.ui_url`); the mock has no UI of its own. */
function uiUrl(context: Context, kind: FlowKind): string {
  return `${context.issuer}/ui/${kind}`;
}

/** `selfservice.default_browser_return_url`. */
function defaultReturnTo(context: Context): string {
  return `${context.issuer}/`;
}

/** The flow of `?id=` / `?flow=`, checked against the browser's anti-CSRF cookie. */
async function findFlow(context: Context, kind: FlowKind, id: string | null, cookies: Record<string, string>): Promise<{ flow: KratosFlow; csrf: string }> {
  const flows = kratosState(context).flows;
  const flow = id !== null && Object.hasOwn(flows, id) ? flows[id] : undefined;
  if (!flow || flow.kind !== kind) fail(kratosError(errors.notFound(`The ${kind} flow could not be found.`)));
  const csrfCookie = cookies[await csrfCookieName(context)];
  const csrf = csrfCookie ? decodeURIComponent(csrfCookie) : undefined;
  if (csrf === undefined || !constantTimeEqual(await hashSecret(csrf), flow.csrfHash)) {
    fail(kratosError(errors.csrf(csrf === undefined ? cookieCsrfMissing : cookieCsrfMismatch)));
  }
  return { flow, csrf };
}

/** GET /self-service/{login,registration}/flows?id=. */
function getFlow(kind: FlowKind) {
  return async (context: Context, { request, cookies }: VariantRequest): Promise<VariantAnswer> => {
    const { flow, csrf } = await findFlow(context, kind, new URL(request.url).searchParams.get('id'), cookies);
    if (flow.expiresAt <= context.now) {
      const restart = `${context.issuer}/self-service/${kind}/browser${flow.returnTo ? `?return_to=${encodeURIComponent(flow.returnTo)}` : ''}`;
      fail(kratosError({
        ...errors.flowExpired((context.now - flow.expiresAt) / 60_000),
        reason: `The ${kind} flow has expired. Redirect the user to the ${kind} flow init endpoint to initialize a new ${kind} flow.`,
        details: { redirect_to: restart, return_to: flow.returnTo ?? '' },
      }));
    }
    return { status: 200, body: flowModel(context, flow, csrf) };
  };
}

/** The body of a flow update: JSON (`traits: {email}`) or a form (`traits.email`), as Kratos reads both. */
async function readBody(request: Request): Promise<Record<string, string>> {
  const text = await readText(request);
  const body: Record<string, string> = {};
  if (mediaType(request) === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text || '{}');
    } catch {
      fail(kratosError(errors.badRequest('Unable to decode JSON payload.')));
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail(kratosError(errors.badRequest('Unable to decode JSON payload.')));
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof value === 'string') body[key] = value;
      else if (typeof value === 'boolean' || typeof value === 'number') body[key] = String(value);
      else if (key === 'traits' && typeof value === 'object' && value !== null) {
        for (const [trait, traitValue] of Object.entries(value)) if (typeof traitValue === 'string') body[`traits.${trait}`] = traitValue;
      }
    }
    return body;
  }
  for (const [key, value] of new URLSearchParams(text)) body[key] = value;
  return body;
}

/** Answers with the flow (400 unless said otherwise): how Kratos reports a step and every form error. */
function flowAnswer(context: Context, flow: KratosFlow, csrf: string, request: Request, status = 400): VariantAnswer {
  if (!wantsJson(request)) return { status: 303, body: null, headers: { Location: `${uiUrl(context, flow.kind)}?flow=${flow.id}` } };
  return { status, body: flowModel(context, flow, csrf) };
}

function setError(flow: KratosFlow, message: UiText, field?: string): void {
  flow.messages = [];
  flow.fieldMessages = {};
  if (field) flow.fieldMessages[field] = [message];
  else flow.messages = [message];
}

async function sendCode(context: Context, flow: KratosFlow, address: string): Promise<void> {
  if (takeSend(context, address) > 0) fail(kratosError(errors.tooManyRequests()));
  const { codeLength, codeLifetime } = context.state.config;
  const code = randomDigits(codeLength);
  // One code per flow: a resend forgets the older one.
  flow.codeHash = await hashSecret(code, flow.id);
  flow.codeExpiresAt = context.now + codeLifetime * 1000;
  flow.address = address;
  flow.state = 'sent_email';
  flow.submitCount = 0;
  flow.messages = [flow.kind === 'login' ? texts.loginCodeSent() : texts.registrationCodeSent()];
  flow.fieldMessages = {};
  sendSignInEmail(context, { to: address, locale: flow.locale, code, lifetime: codeLifetime });
}

/** Checks a submitted code: Kratos counts every submission and forgets an expired code. */
async function codeMatches(context: Context, flow: KratosFlow, code: string): Promise<'ok' | 'invalid' | 'too_often'> {
  flow.submitCount += 1;
  if (flow.submitCount > context.state.config.maxAttempts) return 'too_often';
  const matches = flow.codeHash !== undefined && constantTimeEqual(await hashSecret(code.trim(), flow.id), flow.codeHash);
  if (!matches || (flow.codeExpiresAt ?? 0) <= context.now) return 'invalid';
  delete flow.codeHash;
  return 'ok';
}

async function startSession(context: Context, user: User): Promise<{ session: KratosSession; token: string }> {
  const token = randomToken();
  const session: KratosSession = {
    id: crypto.randomUUID(),
    tokenHash: await hashSecret(token),
    identityId: user.sub,
    issuedAt: context.now,
    authenticatedAt: context.now,
    expiresAt: context.now + sessionLifespan * 1000,
  };
  kratosState(context).sessions[session.id] = session;
  kratosState(context).verifiedAt[user.sub] ??= context.now;
  return { session, token };
}

/** A successful sign-in: the session cookie, then JSON with `continue_with`, Hydra's 422, or a 303. */
async function signedIn(context: Context, flow: KratosFlow, request: Request, user: User): Promise<VariantAnswer> {
  const { session, token } = await startSession(context, user);
  flow.state = 'passed_challenge';
  flow.messages = [];
  const cookies = [cookie(context, sessionCookieName, token, sessionLifespan)];
  if (flow.oauth2LoginChallenge) {
    const to = await acceptHydraLogin(context, flow, session);
    if (!wantsJson(request)) return { status: 303, body: null, headers: { Location: to }, cookies };
    return { ...kratosError(errors.browserLocationChangeRequired(to), { redirect_browser_to: to }), cookies };
  }
  const returnTo = flow.returnTo ?? defaultReturnTo(context);
  if (!wantsJson(request)) return { status: 303, body: null, headers: { Location: returnTo }, cookies };
  const body: Record<string, unknown> = {
    session: sessionModel(context, session),
    continue_with: [{ action: 'redirect_browser_to', redirect_browser_to: returnTo }],
  };
  if (flow.kind === 'registration') body.identity = identityModel(context, user);
  return { status: 200, body, cookies };
}

/** A new flow for an expired one, answered as 410 with `use_flow_id` (the new flow says why). */
async function replaceExpiredFlow(context: Context, flow: KratosFlow, request: Request, csrf: string): Promise<never> {
  const minutesAgo = (context.now - flow.expiresAt) / 60_000;
  const replacement = await newFlow(context, flow.kind, request, csrf, flow);
  replacement.messages = [texts.flowExpired(flow.kind, minutesAgo)];
  if (!wantsJson(request)) fail({ status: 303, body: null, headers: { Location: `${uiUrl(context, flow.kind)}?flow=${replacement.id}` } });
  return fail(kratosError(errors.flowExpired(minutesAgo), { expired_at: iso(flow.expiresAt), since: Math.round((context.now - flow.expiresAt) * 1e6), use_flow_id: replacement.id }));
}

function readAddress(flow: KratosFlow, value: string | undefined, field: string): string | undefined {
  if (value === undefined || value.trim() === '') {
    setError(flow, texts.required(field.replace('traits.', '')), field);
    return undefined;
  }
  try {
    const address = parseIdentifier(value.includes('@') ? value.toLowerCase() : value);
    if (address.channel === 'email') return address.identifier;
  } catch {
    // Answered below in Kratos' words.
  }
  setError(flow, field === 'identifier' ? texts.noCodeUser() : texts.invalidEmail(value), field === 'identifier' ? undefined : field);
  return undefined;
}

/** POST /self-service/login?flow= and /self-service/registration?flow= with `method: code`. */
function updateFlow(kind: FlowKind) {
  return async (context: Context, { request, cookies }: VariantRequest): Promise<VariantAnswer> => {
    const flowId = new URL(request.url).searchParams.get('flow');
    const body = await readBody(request);
    const { flow, csrf } = await findFlow(context, kind, flowId, cookies);
    if (flow.expiresAt <= context.now) return replaceExpiredFlow(context, flow, request, csrf);
    const session = await currentSession(context, request, cookies);
    if (session && !flow.refresh) fail(kratosError(errors.sessionAlreadyAvailable(kind)));
    const sent = body.csrf_token === undefined ? undefined : unmaskToken(body.csrf_token);
    if (sent === undefined || !constantTimeEqual(sent, csrf)) fail(kratosError(errors.csrf(cookieCsrfMismatch)));
    if (body.method !== 'code' && body.resend !== 'code') {
      setError(flow, kind === 'login' ? texts.noLoginStrategy() : texts.noRegistrationStrategy());
      return flowAnswer(context, flow, csrf, request);
    }
    const field = kind === 'login' ? 'identifier' : 'traits.email';
    // "Resend code" starts over from the address: a new code, the old one no longer counts.
    if (body.resend === 'code') flow.state = 'choose_method';
    if (flow.state === 'passed_challenge') {
      setError(flow, kind === 'login' ? texts.noLoginStrategy() : texts.noRegistrationStrategy());
      return flowAnswer(context, flow, csrf, request);
    }
    if (flow.state === 'choose_method') {
      const address = readAddress(flow, body[field] ?? (kind === 'login' ? body.address : undefined), field);
      if (address === undefined) return flowAnswer(context, flow, csrf, request);
      const user = findUser(context.state, { identifier: address, channel: 'email' });
      // A re-authentication with a session is for that session's identity only.
      const foreign = flow.refresh && session !== undefined && user?.sub !== session.identityId;
      if (kind === 'login' && (!user || foreign)) {
        flow.address = address;
        setError(flow, texts.noCodeUser());
        return flowAnswer(context, flow, csrf, request);
      }
      if (kind === 'registration' && user) {
        flow.address = address;
        setError(flow, texts.duplicateCredentials());
        return flowAnswer(context, flow, csrf, request);
      }
      await sendCode(context, flow, address);
      return flowAnswer(context, flow, csrf, request);
    }
    const code = body.code;
    if (code === undefined || code === '') {
      setError(flow, texts.required('code'), 'code');
      return flowAnswer(context, flow, csrf, request);
    }
    const address = flow.address!;
    const submitted = kind === 'login' ? (body.identifier ?? body.address) : body['traits.email'];
    const result = submitted !== undefined && submitted.toLowerCase() !== address.toLowerCase() ? 'invalid' : await codeMatches(context, flow, code);
    if (result === 'too_often') {
      setError(flow, texts.generic('The request was submitted too often. Please request another code.'));
      return flowAnswer(context, flow, csrf, request);
    }
    if (result === 'invalid') {
      setError(flow, kind === 'login' ? texts.loginCodeInvalid() : texts.registrationCodeInvalid());
      return flowAnswer(context, flow, csrf, request);
    }
    let user = findUser(context.state, { identifier: address, channel: 'email' });
    if (kind === 'registration') {
      if (user) {
        setError(flow, texts.duplicateCredentials());
        return flowAnswer(context, flow, csrf, request);
      }
      user = { sub: crypto.randomUUID(), email: address, createdAt: context.now };
      context.state.users[user.sub] = user;
    }
    if (!user) {
      setError(flow, texts.noCodeUser());
      return flowAnswer(context, flow, csrf, request);
    }
    // A re-authentication takes the place of the session it refreshed.
    if (session) delete kratosState(context).sessions[session.id];
    return signedIn(context, flow, request, user);
  };
}

/** GET /sessions/whoami, with `tokenize_as` for a JWT of the session (signed with the mock's ES256 key). */
async function whoami(context: Context, { request, cookies }: VariantRequest): Promise<VariantAnswer> {
  const session = await currentSession(context, request, cookies);
  if (!session) fail(kratosError(errors.noActiveSession()));
  const template = new URL(request.url).searchParams.get('tokenize_as');
  const body: Record<string, unknown> = sessionModel(context, session);
  if (template !== null) {
    if (!/^[\w-]{1,64}$/.test(template)) fail(kratosError(errors.badRequest(`Unable to find tokenizer template "${template}".`)));
    const now = Math.floor(context.now / 1000);
    const user = context.state.users[session.identityId];
    body.tokenized = await signJwt(context.state, {
      iss: context.issuer,
      sub: session.identityId,
      sid: session.id,
      iat: now,
      nbf: now,
      exp: now + tokenizedLifespan,
      jti: crypto.randomUUID(),
      session: { identity: { traits: { email: user?.email ?? '' } } },
    });
  }
  return { status: 200, body, headers: { 'X-Kratos-Authenticated-Identity-Id': session.identityId } };
}

/** GET /self-service/logout/browser: a logout URL and token for the session of this browser. */
async function createLogoutFlow(context: Context, { request, cookies }: VariantRequest): Promise<VariantAnswer> {
  const session = await currentSession(context, request, cookies);
  if (!session) fail(kratosError(errors.noActiveSession()));
  const returnTo = readReturnTo(context, new URL(request.url));
  const token = randomToken();
  session.logoutTokenHash = await hashSecret(token);
  const url = new URL(`${context.issuer}/self-service/logout`);
  url.searchParams.set('token', token);
  if (returnTo) url.searchParams.set('return_to', returnTo);
  return { status: 200, body: { logout_url: url.href, logout_token: token } };
}

/** GET /self-service/logout?token=: ends the session; 204 for JSON clients, else a 303 to `return_to`. */
async function logout(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const url = new URL(request.url);
  const token = url.searchParams.get('token');
  const hash = token ? await hashSecret(token) : undefined;
  const state = kratosState(context);
  const session = hash === undefined ? undefined : Object.values(state.sessions).find((candidate) => candidate.logoutTokenHash !== undefined && constantTimeEqual(candidate.logoutTokenHash, hash));
  if (!session) fail(kratosError({ code: 401, status: 'Unauthorized', reason: 'No active session was found for this logout token.', message: 'The request could not be authorized' }));
  delete state.sessions[session.id];
  const cookies = [cookie(context, sessionCookieName, '', 0)];
  if (wantsJson(request)) return { status: 204, body: null, cookies };
  return { status: 303, body: null, headers: { Location: readReturnTo(context, url) ?? defaultReturnTo(context) }, cookies };
}

/**
 * GET /oauth2/auth?login_verifier=: the simulated Ory Hydra where a login with `login_challenge`
 * continues. Real Hydra would now ask for consent and return to the OAuth client with a code; the
 * mock shows which login it accepted (JSON for JSON clients), once per verifier.
 */
async function hydraLoginVerifier(context: Context, { request }: VariantRequest): Promise<VariantAnswer> {
  const verifier = new URL(request.url).searchParams.get('login_verifier');
  const state = kratosState(context);
  const hash = verifier ? await hashSecret(verifier) : undefined;
  const accepted = hash !== undefined && Object.hasOwn(state.loginVerifiers, hash) ? state.loginVerifiers[hash] : undefined;
  if (!accepted || accepted.expiresAt <= context.now) {
    return { status: 403, body: { error: 'request_forbidden', error_description: 'The login verifier has already been used, has not been granted, or is invalid.' } };
  }
  delete state.loginVerifiers[hash!];
  const login = { login_challenge: accepted.challenge, subject: accepted.subject, session_id: accepted.sessionId, amr: ['code'] };
  if (wantsJson(request)) return { status: 200, body: login };
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Login accepted</title><main><h1>Login accepted</h1><p>Ory Hydra (simulated by pwless-mock) accepted the login of <code>${escape(accepted.subject)}</code> for the challenge <code>${escape(accepted.challenge)}</code>. A real Hydra would now ask for consent and return to the OAuth client.</p></main></html>`;
  return { status: 200, body: page, headers: { 'Content-Type': 'text/html; charset=utf-8' } };
}

export function kratosHandlers(options: VariantOptions) {
  const router = variantRouter(options, {
    cors: (request) => kratosCors(options.clients, request),
    unavailable: () => kratosError(errors.unavailable()),
    notFound: () => kratosError(errors.notFound()),
  });
  router.route('get', '/self-service/login/browser', createBrowserFlow('login'));
  router.route('get', '/self-service/login/flows', getFlow('login'));
  router.route('post', '/self-service/login', updateFlow('login'));
  router.route('get', '/self-service/registration/browser', createBrowserFlow('registration'));
  router.route('get', '/self-service/registration/flows', getFlow('registration'));
  router.route('post', '/self-service/registration', updateFlow('registration'));
  router.route('get', '/sessions/whoami', whoami);
  router.route('get', '/self-service/logout/browser', createLogoutFlow);
  router.route('get', '/self-service/logout', logout);
  router.route('get', '/oauth2/auth', hydraLoginVerifier);
  router.route('get', '/_mock/jwks', (context) => jwksEndpoint(context));
  return router.finish();
}

