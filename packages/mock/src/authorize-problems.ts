import type { PageProblem } from './authorize-pages.js';
import type { Context } from './context.js';
import type { Answer } from './http.js';
import { parseIdentifier } from './identifier.js';

/** The challenge endpoint's error answer, as far as the hosted page reads it. */
interface ErrorBody {
  error?: string;
  pwless_reason?: string;
  attempts_remaining?: number;
  retry_after?: number;
}

/** The channel of an address that is well formed, or `undefined`. */
function channelOf(loginHint: string): 'email' | 'sms' | undefined {
  try {
    return parseIdentifier(loginHint).channel;
  } catch {
    return undefined;
  }
}

/** Why the address step failed, in words a person can act on. */
export function addressProblem(context: Context, loginHint: string, result: Answer): PageProblem {
  const body = result.body as ErrorBody;
  switch (body.error) {
    case 'invalid_request': {
      // A well-formed address refused as "invalid" belongs to a channel the policy turned off.
      const channel = channelOf(loginHint);
      if (channel !== undefined && !context.state.config.channels.includes(channel)) {
        return { message: channel === 'email' ? 'emailSignInOff' : 'phoneSignInOff' };
      }
      return { message: 'invalidAddress' };
    }
    case 'access_denied':
      return { message: body.pwless_reason === 'signup_disabled' ? 'signupsClosed' : 'addressNotAllowed' };
    case 'slow_down':
      return { message: 'tooManyMessages', waitSeconds: body.retry_after ?? 60 };
    default:
      return { message: 'somethingWentWrong' };
  }
}

/** Why the code step (verify or resend) failed. */
export function codeProblem(result: Answer): PageProblem {
  const body = result.body as ErrorBody;
  switch (body.error) {
    case 'invalid_otp':
      return { message: 'wrongCode', ...(body.attempts_remaining === undefined ? {} : { attemptsRemaining: body.attempts_remaining }) };
    case 'otp_expired':
      return { message: 'codeExpired' };
    case 'slow_down':
      return { message: 'resendTooSoon', waitSeconds: body.retry_after ?? 30 };
    case 'invalid_request':
      return { message: 'codeMissing' };
    default:
      return { message: 'somethingWentWrong' };
  }
}
