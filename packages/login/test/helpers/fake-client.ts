import { PwlessError, type Challenge, type PwlessClient, type PwlessErrorCode, type Session } from '@pwless/sdk';

/** What a fake call does: answer a value, fail with a code, or never settle (to look at busy states). */
export type Script<T> = T | PwlessError | 'pending';

export const challenge = (overrides: Partial<Challenge> = {}): Challenge => ({
  channel: 'email',
  delivery: 'code',
  to: 'a••@example.com',
  codeLength: 6,
  expiresAt: Date.now() + 180_000,
  resendAt: Date.now() + 30_000,
  attemptsRemaining: 3,
  phrase: 'blue lantern',
  ...overrides,
});

export const session: Session = {
  user: { sub: 'user-1', email: 'ada@example.com' },
  accessToken: 'access',
  tokenType: 'Bearer',
  expiresAt: Date.now() + 600_000,
  claims: {},
};

export function failure(code: PwlessErrorCode, details: { retryAfter?: number; attemptsRemaining?: number } = {}): PwlessError {
  return new PwlessError(code, code, details);
}

function play<T>(script: Script<T>): Promise<T> {
  if (script === 'pending') return new Promise(() => undefined);
  if (script instanceof PwlessError) return Promise.reject(script);
  return Promise.resolve(script);
}

/**
 * A stand-in for `PwlessClient` whose answers each test scripts, so every state of the element can
 * be reached in one step. It records the calls it received.
 */
export class FakeClient extends EventTarget {
  calls: string[] = [];
  starts: Script<Challenge>[] = [challenge()];
  verifies: Script<Session>[] = [session];
  resends: Script<Challenge>[] = [challenge()];
  approval: Script<Session> = 'pending';
  link: Script<{ to: string; phrase?: string; requestedAt?: number; userAgent?: string }> = 'pending';
  approve: Script<undefined> = undefined;
  challenge: Challenge | undefined;
  session: Session | undefined;

  resumable: Challenge | undefined;
  resume() {
    this.calls.push('resume');
    return Promise.resolve(this.resumable);
  }
  discover() {
    this.calls.push('discover');
    return Promise.resolve({ issuer: 'https://id.pwless.test' });
  }
  start(identifier: unknown, options: unknown) {
    this.calls.push(`start ${JSON.stringify(identifier)} ${JSON.stringify(options)}`);
    return play(this.starts.length > 1 ? this.starts.shift()! : this.starts[0]!).then((value) => (this.challenge = value));
  }
  verify(code: string) {
    this.calls.push(`verify ${code}`);
    return play(this.verifies.length > 1 ? this.verifies.shift()! : this.verifies[0]!);
  }
  resend() {
    this.calls.push('resend');
    return play(this.resends.length > 1 ? this.resends.shift()! : this.resends[0]!);
  }
  waitForApproval() {
    this.calls.push('waitForApproval');
    return play(this.approval);
  }
  inspectLink(url: string) {
    this.calls.push(`inspectLink ${new URL(url).searchParams.get('pwless_link')}`);
    return play(this.link);
  }
  approveLink() {
    this.calls.push('approveLink');
    return play(this.approve);
  }
  signInWithRedirect(options: unknown) {
    this.calls.push(`signInWithRedirect ${JSON.stringify(options)}`);
    return new Promise(() => undefined);
  }
  /** The answer to a return from the provider's page; by default, none of this tab's sign-ins is pending. */
  redirectReturn: Script<Session> = failure('no_pending_sign_in');
  handleRedirectCallback() {
    return play(this.redirectReturn);
  }
  cancel() {
    this.calls.push('cancel');
  }
  signOuts: Script<undefined>[] = [undefined];
  signOut() {
    this.calls.push('signOut');
    return play(this.signOuts.length > 1 ? this.signOuts.shift()! : this.signOuts[0]!);
  }
  /** Passkeys: by default the backend has none, so the element offers none. */
  support: Script<{ server: boolean; browser: boolean; conditional: boolean }> = { server: false, browser: true, conditional: false };
  passkeySupport() {
    return play(this.support);
  }
  passkeySignIns: Script<Session>[] = ['pending'];
  signInWithPasskey(options: { conditional?: boolean; signal?: AbortSignal }) {
    this.calls.push(`signInWithPasskey ${JSON.stringify({ conditional: options.conditional })}`);
    const answer = play(this.passkeySignIns.length > 1 ? this.passkeySignIns.shift()! : this.passkeySignIns[0]!);
    return new Promise((resolve, reject) => {
      options.signal?.addEventListener('abort', () => reject(new PwlessError('aborted', 'aborted')));
      answer.then(resolve, reject);
    });
  }
  registrations: Script<unknown>[] = [{ id: 'passkey-1', name: 'Chrome on Linux', createdAt: new Date(), lastUsedAt: null, backedUp: false }];
  registerPasskey() {
    this.calls.push('registerPasskey');
    return play(this.registrations.length > 1 ? this.registrations.shift()! : this.registrations[0]!);
  }
  asClient(): PwlessClient {
    return this as unknown as PwlessClient;
  }
}
