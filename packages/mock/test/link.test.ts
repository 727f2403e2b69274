import { expect } from '@open-wc/testing';
import { defaultConfig, emptyState, memoryStore, mockChannelName } from '../src/index.js';
import { linkToken, linkUri, provider } from './support/challenge.js';

const email = 'parent@example.com';

/** Starts a link sign-in and returns the session and the link token from the email. */
async function linkSignIn(mock: ReturnType<typeof provider>) {
  const started = await mock.startLink(email);
  expect(started.status).to.equal(403);
  return { authSession: started.body.auth_session as string, token: linkToken(await mock.lastMessage(email)) };
}

describe('magic links', () => {
  it('emails a link to the registered landing page together with the code and the phrase', async () => {
    const mock = provider();
    const started = await mock.startLink(email);
    expect(started.body.pwless).to.include({ delivery: 'link', channel: 'email', interval: 5 });
    const message = await mock.lastMessage(email);
    expect(message.link!.startsWith(`${linkUri}?pwless_link=`)).to.equal(true);
    expect(message.text).to.contain(message.link!).and.contain(message.code!);
    expect(message.text).to.contain((started.body.pwless as { phrase: string }).phrase);
    expect(message.html).to.contain('<a href=');
  });

  it('refuses a landing page that is not registered, and sends nothing', async () => {
    const mock = provider();
    const started = await mock.startLink(email, { pwless_link_uri: 'https://evil.example/steal' });
    expect(started.status).to.equal(400);
    expect(started.body.error).to.equal('invalid_request');
    expect(await mock.inbox()).to.have.length(0);
  });

  it('accepts a landing page registered for a client, and no other', async () => {
    const clients = [{ clientId: 'family-photos', origins: ['https://photos.example'], redirectUris: [], linkUris: ['https://photos.example/signin'], allowLoopback: false }];
    const mock = provider({ clients });
    const start = (uri: string) => mock.post('/challenge', {
      response_type: 'code', client_id: 'family-photos', login_hint: email, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256', pwless_delivery: 'link', pwless_link_uri: uri,
    });
    expect((await start('https://photos.example/signin')).status).to.equal(403);
    expect((await start('http://localhost:8000/signin')).body.error).to.equal('invalid_request');
    expect((await start('https://photos.example/signin/../other')).body.error).to.equal('invalid_request');
  });

  it('answers authorization_pending with the interval while the link is not approved', async () => {
    const mock = provider();
    const { authSession } = await linkSignIn(mock);
    const poll = await mock.challenge({ auth_session: authSession });
    expect(poll.status).to.equal(400);
    expect(poll.body).to.include({ error: 'authorization_pending', interval: 5 });
  });

  it('answers slow_down with a longer interval when polled faster than the interval', async () => {
    const mock = provider();
    const { authSession } = await linkSignIn(mock);
    await mock.challenge({ auth_session: authSession });
    const fast = await mock.challenge({ auth_session: authSession });
    expect(fast.status).to.equal(400);
    expect(fast.body).to.include({ error: 'slow_down', interval: 10 });
    await mock.advance(10);
    expect((await mock.challenge({ auth_session: authSession })).body).to.include({ error: 'authorization_pending', interval: 10 });
  });

  it('tolerates a poll that comes a moment early, as timers do', async () => {
    const mock = provider();
    const { authSession } = await linkSignIn(mock);
    await mock.challenge({ auth_session: authSession });
    await mock.advance(4.9);
    expect((await mock.challenge({ auth_session: authSession })).body).to.include({ error: 'authorization_pending', interval: 5 });
  });

  it('shows what is being approved without spending the link', async () => {
    const mock = provider();
    const started = await mock.startLink(email);
    const token = linkToken(await mock.lastMessage(email));
    const inspected = await mock.challenge({ pwless_action: 'inspect', pwless_link: token });
    expect(inspected.status).to.equal(200);
    expect(inspected.body.to).to.equal((started.body.pwless as { to: string }).to);
    expect(inspected.body.phrase).to.equal((started.body.pwless as { phrase: string }).phrase);
    expect(inspected.body.requested_at).to.be.a('number');
    expect(inspected.body.user_agent).to.be.a('string');
    expect((await mock.challenge({ pwless_action: 'inspect', pwless_link: token })).status).to.equal(200);
  });

  it('hands the waiting client an authorization code once the link is approved', async () => {
    const mock = provider();
    const { authSession, token } = await linkSignIn(mock);
    const approved = await mock.challenge({ pwless_action: 'approve', pwless_link: token });
    expect(approved.status).to.equal(200);
    expect(approved.body).to.deep.equal({ approved: true });
    const poll = await mock.challenge({ auth_session: authSession });
    expect(poll.status).to.equal(200);
    expect(poll.body.authorization_code).to.be.a('string');
  });

  it('spends the link on approval, so a second approval is refused', async () => {
    const mock = provider();
    const { token } = await linkSignIn(mock);
    await mock.challenge({ pwless_action: 'approve', pwless_link: token });
    const again = await mock.challenge({ pwless_action: 'approve', pwless_link: token });
    expect(again.status).to.equal(400);
    expect(again.body.error).to.equal('invalid_link');
  });

  it('accepts the code from the link email as well, which spends the link', async () => {
    const mock = provider();
    const { authSession, token } = await linkSignIn(mock);
    const verified = await mock.challenge({ auth_session: authSession, otp: (await mock.lastMessage(email)).code! });
    expect(verified.status).to.equal(200);
    expect((await mock.challenge({ pwless_action: 'inspect', pwless_link: token })).body.error).to.equal('invalid_link');
  });

  it('forgets the older link when a new one is sent', async () => {
    const mock = provider({ config: { resendAfter: 0 } });
    const { authSession, token } = await linkSignIn(mock);
    await mock.challenge({ auth_session: authSession, pwless_action: 'resend' });
    const newer = linkToken(await mock.lastMessage(email));
    expect(newer).not.to.equal(token);
    expect((await mock.challenge({ pwless_action: 'approve', pwless_link: token })).body.error).to.equal('invalid_link');
    expect((await mock.challenge({ pwless_action: 'approve', pwless_link: newer })).status).to.equal(200);
  });

  it('refuses a link that expired', async () => {
    const mock = provider();
    const { token } = await linkSignIn(mock);
    await mock.advance(defaultConfig.codeLifetime + 1);
    expect((await mock.challenge({ pwless_action: 'inspect', pwless_link: token })).body.error).to.equal('invalid_link');
  });

  it('refuses a link token with a right selector but a wrong secret', async () => {
    const mock = provider();
    const { token } = await linkSignIn(mock);
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    expect((await mock.challenge({ pwless_action: 'approve', pwless_link: forged })).body.error).to.equal('invalid_link');
  });

  it('keeps only hashes of link tokens and codes in its state', async () => {
    const store = memoryStore(emptyState({ ...defaultConfig }));
    const mock = provider({ store });
    const { token } = await linkSignIn(mock);
    const code = (await mock.lastMessage(email)).code!;
    const sessions = await store.transact((state) => JSON.stringify(state.sessions));
    expect(sessions).not.to.contain(token.split('.')[1]);
    expect(sessions).not.to.contain(`"${code}"`);
  });

  it('keeps only a hash of the auth_session, which alone would fetch the code of an approved sign-in', async () => {
    const store = memoryStore(emptyState({ ...defaultConfig, resendAfter: 0 }));
    const mock = provider({ store });
    const { authSession } = await linkSignIn(mock);
    const resent = await mock.challenge({ auth_session: authSession, pwless_action: 'resend' });
    expect(resent.body.auth_session).to.equal(authSession);
    expect(await store.transact((state) => JSON.stringify(state))).not.to.contain(authSession);
  });

  it('texts a short SMS with the code and the link to a phone', async () => {
    const mock = provider();
    const started = await mock.startLink('+15555550123', { ui_locales: 'nl' });
    expect(started.body.pwless).to.include({ channel: 'sms', delivery: 'link' });
    const message = await mock.lastMessage('+15555550123');
    expect(message.text).to.equal(`${message.code} is je inlogcode. Of open ${message.link}`);
  });

  it('keeps a stranger waiting without a message while sign-ups are closed behind enumeration protection', async () => {
    const mock = provider({ config: { signupsOpen: false } });
    const started = await mock.startLink('stranger@example.com');
    expect(started.status).to.equal(403);
    expect(await mock.inbox()).to.deep.equal([]);
    const poll = await mock.challenge({ auth_session: started.body.auth_session as string });
    expect(poll.body.error).to.equal('authorization_pending');
  });

  it('forgets ended sign-ins when the next one starts', async () => {
    const store = memoryStore(emptyState({ ...defaultConfig }));
    const mock = provider({ store });
    await linkSignIn(mock);
    await mock.advance(defaultConfig.sessionLifetime + 1);
    await mock.start('grandma@example.com');
    const sessions = await store.transact((state) => Object.values(state.sessions).map((session) => session.identifier));
    expect(sessions).to.deep.equal(['grandma@example.com']);
  });

  it('announces the approval on the pwless-mock BroadcastChannel without the auth_session', async () => {
    const mock = provider();
    const { token } = await linkSignIn(mock);
    const listener = new BroadcastChannel(mockChannelName);
    const announced = new Promise<unknown>((resolve) => {
      listener.onmessage = (event: MessageEvent) => {
        if ((event.data as { type?: string }).type === 'approved') resolve(event.data);
      };
    });
    await mock.challenge({ pwless_action: 'approve', pwless_link: token });
    // Any page of the origin hears the channel; with the auth_session it could take the code the waiting tab polls for.
    expect(await announced).to.deep.equal({ type: 'approved' });
    listener.close();
  });
});
