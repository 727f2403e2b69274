import { PwlessError, type Challenge, type LinkInfo, type PwlessClient, type PwlessErrorCode, type Session } from '@pwless/sdk';

/** An answer a scripted call gives: a value, an error code, or `pending` (never settles). */
export type Answer<T> = T | { fail: PwlessErrorCode; retryAfter?: number; attemptsRemaining?: number } | 'pending';

export interface Script {
  start?: Answer<Partial<Challenge>>;
  verify?: Answer<Session>;
  link?: Answer<LinkInfo>;
}

function play<T>(answer: Answer<T> | undefined, fallback: T): Promise<T> {
  if (answer === 'pending') return new Promise(() => undefined);
  if (answer && typeof answer === 'object' && 'fail' in answer) {
    const { fail, ...details } = answer;
    return Promise.reject(new PwlessError(fail, fail, details));
  }
  return Promise.resolve((answer as T | undefined) ?? fallback);
}

export const sampleSession: Session = {
  user: { sub: 'demo', email: 'parent@example.com' },
  accessToken: 'demo',
  tokenType: 'Bearer',
  expiresAt: Date.now() + 3_600_000,
  claims: {},
};

/**
 * A client that answers from a script instead of a provider: the state gallery uses it to put
 * each widget into one state and keep it there.
 */
export function scriptedClient(script: Script): PwlessClient {
  let challenge: Challenge | undefined;
  const client = Object.assign(new EventTarget(), {
    get challenge() {
      return challenge;
    },
    session: undefined,
    discover: () => Promise.resolve({ issuer: 'https://id.pwless.test' }),
    resume: () => Promise.resolve(undefined),
    async start(identifier: { email?: string; phone?: string }, options: { delivery?: 'code' | 'link' }) {
      const sms = identifier.phone !== undefined;
      const given = await play(script.start, {});
      challenge = {
        channel: sms ? 'sms' : 'email',
        delivery: options.delivery ?? 'code',
        to: sms ? '+49 ••• •• 67' : 'p•••••@example.com',
        codeLength: 6,
        expiresAt: Date.now() + 180_000,
        resendAt: Date.now() + 30_000,
        attemptsRemaining: 3,
        phrase: 'river daisy 80',
        ...given,
      };
      return challenge;
    },
    verify: () => play(script.verify, sampleSession),
    resend: () => play(script.start, {}).then(() => challenge!),
    waitForApproval: () => new Promise(() => undefined),
    inspectLink: () => play(script.link, { to: 'p•••••@example.com', phrase: 'river daisy 80', requestedAt: Date.now() - 60_000, userAgent: 'Mozilla/5.0 (iPhone) Safari/604.1' }),
    approveLink: () => Promise.resolve(undefined),
    signInWithRedirect: () => new Promise(() => undefined),
    handleRedirectCallback: () => Promise.reject(new PwlessError('no_pending_sign_in', 'none')),
    cancel: () => undefined,
    signOut: () => Promise.resolve(),
    // The gallery's widgets stay in their states: no passkey offer, no autofill wait.
    passkeySupport: () => Promise.resolve({ server: false, browser: false, conditional: false }),
  });
  return client as unknown as PwlessClient;
}
