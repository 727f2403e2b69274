// Fidelity: Firebase's official SDK (`firebase/auth` from the `firebase` package, its Node build)
// completes an email link sign-in against `pwless-mock --dialect firebase`, pointed at it with
// `connectAuthEmulator`: the SDK then sends its Identity Toolkit and secure token calls to
// `<base>/identitytoolkit.googleapis.com/...` and `<base>/securetoken.googleapis.com/...`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deleteApp, initializeApp } from 'firebase/app';
import {
  connectAuthEmulator,
  getIdToken,
  inMemoryPersistence,
  initializeAuth,
  isSignInWithEmailLink,
  sendSignInLinkToEmail,
  signInWithEmailLink,
  signOut,
} from 'firebase/auth';
import { startHttpServer } from '@pwless/mock/node';

describe('firebase/auth against pwless-mock --dialect firebase', () => {
  let mock;
  let app;
  let auth;
  const continueUrl = 'http://localhost:5173/finish?pwless_link=a%E2%80%A2%E2%80%A2%E2%80%A2%40example.com';

  const lastLinkTo = async (to) => (await (await fetch(`${mock.issuer}/_mock/inbox`)).json()).filter((message) => message.to === to).at(-1)?.link;

  before(async () => {
    mock = await startHttpServer({ port: 0, dialect: 'firebase' });
    app = initializeApp({ apiKey: 'pwless-demo', projectId: 'pwless-demo', authDomain: 'localhost' }, `fidelity-${Date.now()}`);
    auth = initializeAuth(app, { persistence: inMemoryPersistence });
    connectAuthEmulator(auth, mock.issuer, { disableWarnings: true });
  });

  after(async () => {
    await app && deleteApp(app);
    await mock?.close();
  });

  it('sends a link, recognizes it, signs in with it, renews the ID token and signs out', async () => {
    await sendSignInLinkToEmail(auth, 'ada@example.com', { url: continueUrl, handleCodeInApp: true });
    const link = await lastLinkTo('ada@example.com');
    assert.ok(link, 'the link is in the inbox');
    assert.equal(isSignInWithEmailLink(auth, link), true, 'the SDK recognizes the link as an email sign-in link');
    const url = new URL(link);
    assert.equal(url.searchParams.get('mode'), 'signIn');
    assert.equal(url.searchParams.get('apiKey'), 'pwless-demo');
    assert.equal(url.searchParams.get('continueUrl'), continueUrl);

    const credential = await signInWithEmailLink(auth, 'ada@example.com', link);
    assert.equal(credential.user.email, 'ada@example.com');
    assert.equal(credential.user.emailVerified, true, 'accounts:lookup answers the verified address');
    assert.equal(credential.operationType, 'signIn');
    const first = await credential.user.getIdTokenResult();
    assert.equal(first.claims.user_id, credential.user.uid);
    assert.equal(first.claims.aud, 'pwless-demo');
    assert.equal(first.signInProvider, 'password');

    // getIdToken(true): the secure token service, grant_type=refresh_token.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const renewed = await getIdToken(credential.user, true);
    assert.notEqual(renewed, first.token, 'a new ID token');
    assert.equal((await credential.user.getIdTokenResult()).claims.user_id, credential.user.uid);

    await signOut(auth);
    assert.equal(auth.currentUser, null);
  });

  it('refuses the link a second time, and a wrong address, in Firebase error codes', async () => {
    await sendSignInLinkToEmail(auth, 'grace@example.com', { url: continueUrl, handleCodeInApp: true });
    const link = await lastLinkTo('grace@example.com');
    await assert.rejects(signInWithEmailLink(auth, 'someone@example.com', link), (error) => error.code === 'auth/invalid-email');
    await signInWithEmailLink(auth, 'grace@example.com', link);
    await signOut(auth);
    await assert.rejects(signInWithEmailLink(auth, 'grace@example.com', link), (error) => error.code === 'auth/invalid-action-code');
  });

  it('answers an expired link and the send limit as Firebase does', async () => {
    await fetch(`${mock.issuer}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ codeLifetime: 1, sendsPerHour: 2 }) });
    try {
      await sendSignInLinkToEmail(auth, 'linus@example.com', { url: continueUrl, handleCodeInApp: true });
      const link = await lastLinkTo('linus@example.com');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await assert.rejects(signInWithEmailLink(auth, 'linus@example.com', link), (error) => error.code === 'auth/expired-action-code');
      await sendSignInLinkToEmail(auth, 'linus@example.com', { url: continueUrl, handleCodeInApp: true });
      await assert.rejects(sendSignInLinkToEmail(auth, 'linus@example.com', { url: continueUrl, handleCodeInApp: true }), (error) => error.code === 'auth/too-many-requests');
    } finally {
      await fetch(`${mock.issuer}/_mock/reset`, { method: 'POST' });
    }
  });

  it('refuses a link to a domain the project does not authorize, and an unknown API key', async () => {
    await assert.rejects(sendSignInLinkToEmail(auth, 'ada@example.com', { url: 'https://evil.example/finish', handleCodeInApp: true }), (error) => error.code === 'auth/unauthorized-continue-uri' || error.code === 'auth/unauthorized-domain');
    const other = initializeApp({ apiKey: 'not-a-key', projectId: 'x' }, `other-${Date.now()}`);
    const otherAuth = initializeAuth(other, { persistence: inMemoryPersistence });
    connectAuthEmulator(otherAuth, mock.issuer, { disableWarnings: true });
    try {
      await assert.rejects(sendSignInLinkToEmail(otherAuth, 'ada@example.com', { url: continueUrl, handleCodeInApp: true }), (error) => error.code.startsWith('auth/'));
    } finally {
      await deleteApp(other);
    }
  });
});
