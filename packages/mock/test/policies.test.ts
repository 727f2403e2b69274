import { expect } from '@open-wc/testing';
import { issuer, provider } from './support/challenge.js';

const email = 'parent@example.com';

describe('policies', () => {
  it('takes initial policies from the constructor option', async () => {
    const mock = provider({ config: { codeLength: 8, securityPhrase: false } });
    const started = await mock.start(email);
    expect((started.body.pwless as { code_length: number }).code_length).to.equal(8);
    expect((await mock.lastMessage(email)).code).to.match(/^\d{8}$/);
  });

  it('shows the policies in force on GET /_mock/config and changes them with PUT', async () => {
    const mock = provider();
    const changed = await mock.configure({ codeLength: 4, maxAttempts: 5 });
    expect(changed.status).to.equal(200);
    expect(changed.body).to.include({ codeLength: 4, maxAttempts: 5, resendAfter: 30 });
    const read = (await (await mock.fetch(`${issuer}/_mock/config`)).json()) as Record<string, unknown>;
    expect(read).to.include({ codeLength: 4, maxAttempts: 5 });
    const started = await mock.start(email);
    expect(started.body.pwless).to.include({ code_length: 4, attempts_remaining: 5 });
    expect((await mock.lastMessage(email)).code).to.match(/^\d{4}$/);
  });

  for (const [name, patch] of [
    ['a code length below 4', { codeLength: 3 }],
    ['a code length above 10', { codeLength: 11 }],
    ['a fractional code length', { codeLength: 6.5 }],
    ['an unknown key', { passwords: true }],
    ['a wrong type', { signupsOpen: 'no' }],
    ['a failure rate above 1', { failureRate: 2 }],
    ['zero attempts', { maxAttempts: 0 }],
    ['an unknown delivery', { deliveries: ['pigeon'] }],
    ['no channels at all', { channels: [] }],
  ] as const) {
    it(`refuses ${name} with 400 invalid_request and keeps the old policies`, async () => {
      const mock = provider();
      const refused = await mock.configure(patch);
      expect(refused.status).to.equal(400);
      expect(refused.body.error).to.equal('invalid_request');
      const read = (await (await mock.fetch(`${issuer}/_mock/config`)).json()) as Record<string, unknown>;
      expect(read).to.include({ codeLength: 6, failureRate: 0, maxAttempts: 3 });
    });
  }

  it('lets a code expire after codeLifetime', async () => {
    const mock = provider({ config: { codeLifetime: 60 } });
    const started = await mock.start(email);
    expect(started.body.pwless).to.include({ expires_in: 60 });
    await mock.advance(61);
    const late = await mock.challenge({ auth_session: started.body.auth_session as string, otp: (await mock.lastMessage(email)).code! });
    expect(late.body.error).to.equal('otp_expired');
  });

  it('ends the auth_session after sessionLifetime', async () => {
    const mock = provider({ config: { sessionLifetime: 120 } });
    const started = await mock.start(email);
    await mock.advance(121);
    const late = await mock.challenge({ auth_session: started.body.auth_session as string, otp: '000000' });
    expect(late.body.error).to.equal('invalid_session');
  });

  it('accepts as many wrong codes as maxAttempts allows', async () => {
    const mock = provider({ config: { maxAttempts: 5 } });
    const started = await mock.start(email);
    const session = started.body.auth_session as string;
    const remaining: unknown[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      remaining.push((await mock.challenge({ auth_session: session, otp: 'wrong' })).body.attempts_remaining);
    }
    expect(remaining).to.deep.equal([4, 3, 2, 1]);
    expect((await mock.challenge({ auth_session: session, otp: 'wrong' })).body.error).to.equal('otp_attempts_exceeded');
  });

  it('allows a resend once resendAfter has passed', async () => {
    const mock = provider({ config: { resendAfter: 10 } });
    const started = await mock.start(email);
    expect(started.body.pwless).to.include({ resend_after: 10 });
    await mock.advance(10);
    const resent = await mock.challenge({ auth_session: started.body.auth_session as string, pwless_action: 'resend' });
    expect(resent.status).to.equal(403);
    expect(await mock.inbox()).to.have.length(2);
  });

  it('caps messages per address and hour with 429 and Retry-After', async () => {
    const mock = provider({ config: { sendsPerHour: 2 } });
    await mock.start(email);
    await mock.advance(60);
    await mock.start(email);
    const third = await mock.start(email);
    expect(third.status).to.equal(429);
    expect(third.body).to.include({ error: 'slow_down', retry_after: 3540 });
    expect(third.headers.get('retry-after')).to.equal('3540');
    expect((await mock.start('grandma@example.com')).status).to.equal(403);
  });

  it('answers signup_disabled for a new address when sign-ups are closed without enumeration protection', async () => {
    const mock = provider({ config: { signupsOpen: false, enumerationProtection: false } });
    const refused = await mock.start('stranger@example.com');
    expect(refused.status).to.equal(403);
    expect(refused.body).to.include({ error: 'access_denied', pwless_reason: 'signup_disabled' });
    expect((await mock.start(email)).body.error).to.equal('insufficient_authorization');
  });

  it('creates the account on the first verified sign-in when sign-ups are open', async () => {
    const mock = provider();
    const started = await mock.start('newcomer@example.com');
    await mock.challenge({ auth_session: started.body.auth_session as string, otp: (await mock.lastMessage('newcomer@example.com')).code! });
    const users = (await (await mock.fetch(`${issuer}/_mock/users`)).json()) as { email?: string }[];
    expect(users.map((user) => user.email)).to.include('newcomer@example.com');
  });

  it('leaves the security phrase out when it is switched off', async () => {
    const mock = provider({ config: { securityPhrase: false } });
    const started = await mock.start(email);
    expect(started.body.pwless).not.to.have.property('phrase');
    const message = await mock.lastMessage(email);
    expect(message).not.to.have.property('phrase');
  });

  it('refuses a delivery that is switched off, and says so in discovery', async () => {
    const mock = provider({ config: { deliveries: ['code'] } });
    const refused = await mock.startLink(email);
    expect(refused.status).to.equal(400);
    expect(refused.body.error).to.equal('invalid_request');
    const metadata = (await (await mock.fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata.pwless_deliveries_supported).to.deep.equal(['code']);
  });

  it('refuses a channel that is switched off, and says so in discovery', async () => {
    const mock = provider({ config: { channels: ['email'] } });
    const refused = await mock.start('+15555550123');
    expect(refused.status).to.equal(400);
    expect(refused.body.error).to.equal('invalid_request');
    const metadata = (await (await mock.fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata.pwless_channels_supported).to.deep.equal(['email']);
  });

  it('starts link polling at the configured interval', async () => {
    const mock = provider({ config: { pollInterval: 2 } });
    const started = await mock.startLink(email);
    const poll = await mock.challenge({ auth_session: started.body.auth_session as string });
    expect(poll.body).to.include({ error: 'authorization_pending', interval: 2 });
  });

  it('delays every protocol answer by the configured latency', async () => {
    const mock = provider({ config: { latency: 150 } });
    const before = performance.now();
    await mock.start(email);
    expect(performance.now() - before).to.be.at.least(145);
  });

  it('answers 503 temporarily_unavailable at a failure rate of 1, but keeps /_mock/ working', async () => {
    const mock = provider({ config: { failureRate: 1 } });
    const failed = await mock.start(email);
    expect(failed.status).to.equal(503);
    expect(failed.body.error).to.equal('temporarily_unavailable');
    expect((await mock.configure({ failureRate: 0 })).status).to.equal(200);
    expect((await mock.start(email)).status).to.equal(403);
  });

  it('fails like a dead network while offline', async () => {
    const mock = provider({ config: { offline: true } });
    let failure: unknown;
    await mock.start(email).catch((error: unknown) => {
      failure = error;
    });
    expect(failure).to.be.instanceOf(TypeError);
  });

  it('moves its clock by the clock offset', async () => {
    const mock = provider();
    const started = await mock.start(email);
    await mock.configure({ clockOffset: 181_000 });
    const late = await mock.challenge({ auth_session: started.body.auth_session as string, otp: (await mock.lastMessage(email)).code! });
    expect(late.body.error).to.equal('otp_expired');
  });
});
