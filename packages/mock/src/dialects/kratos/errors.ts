import type { VariantAnswer } from '../variant.js';

/** An error in Kratos' shape (herodot): `{error: {id?, code, status, reason, message, details?}}`. */
export interface KratosError {
  id?: string;
  code: number;
  status: string;
  reason?: string;
  message: string;
  details?: Record<string, unknown>;
}

export function kratosError(error: KratosError, extra: Record<string, unknown> = {}, headers?: Record<string, string>): VariantAnswer {
  return { status: error.code, body: { error, ...extra }, ...(headers ? { headers } : {}) };
}

/** The errors of the browser flows, as Kratos writes them (selfservice/flow, session, x/nosurfx). */
export const errors = {
  sessionAlreadyAvailable: (what: 'login' | 'registration'): KratosError => ({
    id: 'session_already_available',
    code: 400,
    status: 'Bad Request',
    reason: what === 'login'
      ? 'A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?'
      : 'A valid session was detected and thus registration is not possible.',
    message: 'you are already logged in',
  }),
  noActiveSession: (): KratosError => ({
    id: 'session_inactive',
    code: 401,
    status: 'Unauthorized',
    reason: 'No active session was found in this request.',
    message: 'request does not have a valid authentication session',
  }),
  csrf: (rejectReason: string): KratosError => ({
    id: 'security_csrf_violation',
    code: 403,
    status: 'Forbidden',
    reason: 'Please retry the flow and optionally clear your cookies. The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.',
    message: 'the request was rejected to protect you from Cross-Site-Request-Forgery',
    details: {
      docs: 'https://www.ory.com/docs/troubleshooting/csrf',
      hint: 'We detected an AJAX call, please ensure that CORS is enabled and configured correctly, and that your AJAX code sends cookies and has credentials enabled. For further debugging, check your Browser\'s Network Tab to see what cookies are included or excluded.',
      reject_reason: rejectReason,
    },
  }),
  flowExpired: (minutesAgo: number): KratosError => ({
    id: 'self_service_flow_expired',
    code: 410,
    status: 'Gone',
    reason: `The self-service flow expired ${minutesAgo.toFixed(2)} minutes ago, initialize a new one.`,
    message: 'self-service flow expired',
  }),
  notFound: (reason = 'The requested resource could not be found'): KratosError => ({ code: 404, status: 'Not Found', reason, message: 'The requested resource could not be found' }),
  badRequest: (reason: string): KratosError => ({ code: 400, status: 'Bad Request', reason, message: 'The request was malformed or contained invalid parameters' }),
  registrationDisabled: (): KratosError => ({
    id: 'self_service_flow_disabled',
    code: 400,
    status: 'Bad Request',
    reason: 'Registration is not allowed because it was disabled.',
    message: 'registration flow disabled',
  }),
  tooManyRequests: (): KratosError => ({ code: 429, status: 'Too Many Requests', message: 'The client has sent too many requests and has been rate limited' }),
  unavailable: (): KratosError => ({ code: 503, status: 'Service Unavailable', message: 'The service is temporarily unavailable' }),
  browserLocationChangeRequired: (to: string): KratosError => ({
    id: 'browser_location_change_required',
    code: 422,
    status: 'Unprocessable Entity',
    reason: `In order to complete this flow please redirect the browser to: ${to}`,
    message: 'browser location change required',
  }),
};

export const cookieCsrfMismatch = 'The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.';
export const cookieCsrfMissing = 'The HTTP Cookie Header was set but did not include the anti-CSRF cookie.';
