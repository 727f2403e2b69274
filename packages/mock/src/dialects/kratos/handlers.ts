import type { Context } from '../../context.js';
import { constantTimeEqual, hashSecret, randomDigits } from '../../crypto.js';
import { mediaType } from '../../http.js';
import { parseIdentifier } from '../../identifier.js';
import { jwksEndpoint } from '../../discovery.js';
import { pickLocale } from '../../messages.js';
import type { User } from '../../state.js';
import { findUser } from '../../users.js';
import { sendSignInEmail, takeSend } from '../messages.js';
import { readBodyText, stop, variantRouter, type VariantAnswer, type VariantOptions, type VariantRequest } from '../variant.js';
import { kratosCors } from './cors.js';
import { cookie, csrfCookieName, csrfToken, unmaskToken } from './csrf.js';
import { cookieCsrfMismatch, cookieCsrfMissing, errors, kratosError } from './errors.js';
import { acceptHydraLogin, hydraLoginVerifier } from './hydra.js';
import { flowModel, identityModel, iso, sessionModel } from './models.js';
import { wantsJson } from './negotiation.js';
import { createLogoutFlow, currentSession, logout, sessionCookieName, sessionLifespan, startSession, whoami } from './sessions.js';
import { forgetEnded, kratosState, type FlowKind, type KratosFlow } from './state.js';
import { texts, type UiText } from './ui.js';
import { defaultReturnTo, readReturnTo, uiUrl } from './urls.js';

/** A new browser flow bound to the anti-CSRF token; `from` is the expired flow it replaces (same return_to, challenge, language). */
async function newFlow(context: Context, kind: FlowKind, request: Request, csrf: string, from?: KratosFlow): Promise<KratosFlow> {
  forgetEnded(context);
  const url = new URL(request.url);
  const returnTo = from ? from.returnTo : readReturnTo(context, url);
  const challenge = from ? from.oauth2LoginChallenge : url.searchParams.get('login_challenge') ?? undefined;
  if (challenge !== undefined && !/^[\w.~-]{1,512}$/.test(challenge)) stop(kratosError(errors.badRequest('The login_challenge is not valid.')));
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

/** GET /self-service/{login,registration}/browser: a new flow (JSON), or a 303 to the UI. */
function createBrowserFlow(kind: FlowKind) {
  return async (context: Context, { request, cookies }: VariantRequest): Promise<VariantAnswer> => {
    const setCookies: string[] = [];
    const session = await currentSession(context, request, cookies);
    const url = new URL(request.url);
    if (kind === 'registration' && !context.state.config.signupsOpen) stop(kratosError(errors.registrationDisabled()));
    if (session && !refreshRequested(kind, url)) {
      if (wantsJson(request)) stop(kratosError(errors.sessionAlreadyAvailable(kind)));
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

/** The flow of `?id=` / `?flow=`, checked against the browser's anti-CSRF cookie. */
async function findFlow(context: Context, kind: FlowKind, id: string | null, cookies: Record<string, string>): Promise<{ flow: KratosFlow; csrf: string }> {
  const flows = kratosState(context).flows;
  const flow = id !== null && Object.hasOwn(flows, id) ? flows[id] : undefined;
  if (!flow || flow.kind !== kind) stop(kratosError(errors.notFound(`The ${kind} flow could not be found.`)));
  const csrfCookie = cookies[await csrfCookieName(context)];
  const csrf = csrfCookie ? decodeURIComponent(csrfCookie) : undefined;
  if (csrf === undefined || !constantTimeEqual(await hashSecret(csrf), flow.csrfHash)) {
    stop(kratosError(errors.csrf(csrf === undefined ? cookieCsrfMissing : cookieCsrfMismatch)));
  }
  return { flow, csrf };
}

/** GET /self-service/{login,registration}/flows?id=. */
function getFlow(kind: FlowKind) {
  return async (context: Context, { request, cookies }: VariantRequest): Promise<VariantAnswer> => {
    const { flow, csrf } = await findFlow(context, kind, new URL(request.url).searchParams.get('id'), cookies);
    if (flow.expiresAt <= context.now) {
      const restart = `${context.issuer}/self-service/${kind}/browser${flow.returnTo ? `?return_to=${encodeURIComponent(flow.returnTo)}` : ''}`;
      stop(kratosError({
        ...errors.flowExpired((context.now - flow.expiresAt) / 60_000),
        message: 'The requested resource is no longer available because it has expired or is otherwise invalid.',
        reason: `The ${kind} flow has expired. Redirect the user to the ${kind} flow init endpoint to initialize a new ${kind} flow.`,
        details: { redirect_to: restart, return_to: flow.returnTo ?? '' },
      }));
    }
    return { status: 200, body: flowModel(context, flow, csrf) };
  };
}

/** The body of a flow update: JSON (`traits: {email}`) or a form (`traits.email`), as Kratos reads both. */
async function readBody(request: Request): Promise<Record<string, string>> {
  const text = await readBodyText(request);
  if (text === undefined) stop(kratosError(errors.badRequest('The request body is too large or not UTF-8.')));
  const body: Record<string, string> = {};
  if (mediaType(request) === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text || '{}');
    } catch {
      stop(kratosError(errors.badRequest('Unable to decode JSON payload.')));
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) stop(kratosError(errors.badRequest('Unable to decode JSON payload.')));
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
  if (takeSend(context, address) > 0) stop(kratosError(errors.tooManyRequests()));
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
  if (!wantsJson(request)) stop({ status: 303, body: null, headers: { Location: `${uiUrl(context, flow.kind)}?flow=${replacement.id}` } });
  return stop(kratosError(errors.flowExpired(minutesAgo), { expired_at: iso(flow.expiresAt), since: Math.round((context.now - flow.expiresAt) * 1e6), use_flow_id: replacement.id }));
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
    if (session && !flow.refresh) stop(kratosError(errors.sessionAlreadyAvailable(kind)));
    const sent = body.csrf_token === undefined ? undefined : unmaskToken(body.csrf_token);
    if (sent === undefined || !constantTimeEqual(sent, csrf)) stop(kratosError(errors.csrf(cookieCsrfMismatch)));
    if (body.method !== 'code' && body.resend !== 'code') {
      setError(flow, kind === 'login' ? texts.noLoginStrategy() : texts.noRegistrationStrategy());
      return flowAnswer(context, flow, csrf, request);
    }
    const field = kind === 'login' ? 'identifier' : 'traits.email';
    // "Resend code" starts over from the address: a new code, the old one no longer counts.
    const state = body.resend === 'code' ? 'choose_method' : flow.state;
    if (state === 'passed_challenge') {
      setError(flow, kind === 'login' ? texts.noLoginStrategy() : texts.noRegistrationStrategy());
      return flowAnswer(context, flow, csrf, request);
    }
    if (state === 'choose_method') {
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

