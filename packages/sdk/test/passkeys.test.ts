import { expect } from '@open-wc/testing';
import { createClient, pwlessErrorCodes } from '../src/index.js';
import { mockFetch } from '../../../test/helpers/mock-fetch.js';
import { VirtualAuthenticator } from '../../../test/helpers/webauthn.js';
import { freshIssuer, rejection } from './support/helpers.js';
import { signedIn } from './support/sign-in.js';

/**
 * Passkeys against the browser mock, with a virtual authenticator of Chromium (DevTools protocol
 * WebAuthn domain: internal transport, resident keys, user verification). The page is on localhost,
 * so the mock's RP ID is `localhost` (policy `passkeyRpId`).
 */
let issuer: string;
let authenticator: VirtualAuthenticator;
beforeEach(async () => {
  issuer = freshIssuer();
  // This tab's turn in front (WebAuthn needs focus; test files run side by side), until remove().
  authenticator = await VirtualAuthenticator.add();
});
afterEach(() => authenticator.remove());

const mock = () => mockFetch({ issuer, config: { passkeyRpId: 'localhost' } });

describe('passkeys (SDK, virtual authenticator)', () => {
  it('lists the new error codes in the closed list', () => {
    for (const code of ['passkey_cancelled', 'passkey_unknown', 'passkey_failed', 'passkey_exists']) expect(pwlessErrorCodes).to.include(code);
  });

  it('reports support from discovery and the browser', async () => {
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: mock() });
    expect(await client.passkeySupport()).to.deep.equal({ server: true, browser: true, conditional: true });
    const off = createClient({ issuer, clientId: 'pwless-demo', fetch: mockFetch({ issuer, config: { passkeys: false } }) });
    expect((await off.passkeySupport()).server).to.equal(false);
  });

  it('registers a passkey after a code sign-in, lists it, signs in with it without a code, and deletes it', async () => {
    const fetchFunction = mock();
    const client = await signedIn(fetchFunction, issuer, 'ada@example.com');
    const passkey = await client.registerPasskey({ name: 'Test key' });
    expect(passkey).to.include({ name: 'Test key', backedUp: false });
    expect(passkey.createdAt).to.be.instanceOf(Date);
    expect(passkey.lastUsedAt).to.equal(null);
    expect(await authenticator.credentialIds()).to.deep.equal([passkey.id]);
    // A second one on the same authenticator is refused by the browser (excludeCredentials).
    expect((await rejection(client.registerPasskey())).code).to.equal('passkey_exists');
    await client.signOut();

    const inboxBefore = await (await fetchFunction(`${issuer}/_mock/inbox`)).json();
    const session = await client.signInWithPasskey();
    expect(session.user.email).to.equal('ada@example.com');
    expect(session.claims.amr).to.deep.equal(['hwk', 'user']);
    expect(await (await fetchFunction(`${issuer}/_mock/inbox`)).json()).to.deep.equal(inboxBefore);
    const [listed] = await client.passkeys();
    expect(listed!.id).to.equal(passkey.id);
    expect(listed!.lastUsedAt).to.be.instanceOf(Date);

    await client.deletePasskey(passkey.id);
    expect(await client.passkeys()).to.deep.equal([]);
    // Deleted on the server, still on the authenticator: refused as unknown.
    await client.signOut();
    expect((await rejection(client.signInWithPasskey())).code).to.equal('passkey_unknown');
  });

  it('binds the passkey sign-in and the management calls to a DPoP key', async () => {
    const fetchFunction = mock();
    const client = await signedIn(fetchFunction, issuer, 'dpop@example.com', { dpop: true });
    expect(client.session!.tokenType.toLowerCase()).to.equal('dpop');
    await client.registerPasskey();
    await client.signOut();
    const session = await client.signInWithPasskey();
    expect(session.tokenType.toLowerCase()).to.equal('dpop');
    expect(await client.passkeys()).to.have.length(1);
  });

  it('says passkey_cancelled when the user check fails, and aborted when the caller aborts', async () => {
    const fetchFunction = mock();
    const client = await signedIn(fetchFunction, issuer, 'bob@example.com');
    await client.registerPasskey();
    await client.signOut();
    await authenticator.verified(false);
    expect((await rejection(client.signInWithPasskey())).code).to.equal('passkey_cancelled');
    await authenticator.verified(true);
    const controller = new AbortController();
    const waiting = client.signInWithPasskey({ conditional: true, signal: controller.signal });
    controller.abort();
    expect((await rejection(waiting)).code).to.equal('aborted');
  });

  it('has no passkeys for a vendor dialect', async () => {
    const client = createClient({ issuer: 'https://tenant.auth0.test', clientId: 'x', dialect: 'auth0', fetch: mockFetch({ dialect: 'auth0', issuer: 'https://tenant.auth0.test' }) });
    expect((await client.passkeySupport()).server).to.equal(false);
    expect((await rejection(client.signInWithPasskey())).code).to.equal('not_supported');
  });
});
