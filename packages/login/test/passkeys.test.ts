import { expect, fixture, html } from '@open-wc/testing';
import { createClient, type PwlessClient } from '@pwless/sdk';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';
import { VirtualAuthenticator } from '../../../test/helpers/webauthn.js';
import type { PwlessLogin } from '../src/index.js';
import { failure, FakeClient, session } from './helpers/fake-client.js';
import { find, inState, mount, settle, text, type, typeEmailAndContinue } from './helpers/element.js';

/** Waits (up to 5 s) until `check` holds: ceremonies and the mock's crypto take a moment. */
async function until(element: PwlessLogin, check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the element shows: ${text(element)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    await element.updateComplete;
  }
}

const alert = (element: PwlessLogin) => text(element, '[role=alert]');
const field = (element: PwlessLogin) => find<HTMLInputElement>(element, '#identifier');

// First in this file, while no test has loaded a passkey module yet in this page.
describe('<pwless-login> passkeys on a device without the flag', () => {
  const issuer = `https://id-${crypto.randomUUID().slice(0, 8)}.pwless.test`;

  it('a device that made or used no passkey for this issuer loads no passkey chunk and starts no passkey request during a code sign-in', async () => {
    const fetchFunction = mockFetch({ issuer, config: { passkeyRpId: 'localhost' } });
    const bodies: string[] = [];
    const counting: typeof fetch = (input, init) => (bodies.push(String(init?.body ?? '')), fetchFunction(input, init));
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: counting });
    const element = await fixture<PwlessLogin>(html`<pwless-login .client=${client} issuer=${issuer} lang="en"></pwless-login>`);
    // The dev server serves every module apart: room for all of their timings, so none is dropped.
    performance.setResourceTimingBufferSize(100_000);
    const passkeyModules = () => performance.getEntriesByType('resource').map(({ name }) => name).filter((name) => /\/packages\/(login|sdk)\/src\/passkey/.test(name));
    let atSignIn: string[] | undefined;
    element.addEventListener('pwless-signed-in', () => (atSignIn = passkeyModules()), { once: true });
    await typeEmailAndContinue(element, 'ada@example.com');
    await until(element, () => inState(element, 'code'), 'the code step');
    type(find<HTMLInputElement>(element, '#code'), await latestCode(fetchFunction, 'ada@example.com', issuer));
    await until(element, () => inState(element, 'signed-in'), 'signed in by code');
    expect(atSignIn).to.deep.equal([]);
    expect(bodies.filter((body) => body.includes('pwless_action=passkey'))).to.deep.equal([]);
    // After the sign-in, the offer (a chunk of its own) may load: it starts no passkey request either.
    await until(element, () => element.shadowRoot!.querySelector('[part~=passkey-create]') !== null, 'the passkey offer');
    expect(passkeyModules().length).to.be.greaterThan(0);
    expect(bodies.filter((body) => body.includes('pwless_action=passkey'))).to.deep.equal([]);
    // "Not now", then signing out: the passkey part is here now, but this device still has no passkey: no autofill request.
    find<HTMLButtonElement>(element, '[part~=passkey-dismiss]').click();
    find<HTMLButtonElement>(element, '[part~=sign-out-button]').click();
    await until(element, () => inState(element, 'email'), 'the email step after signing out');
    await settle(element);
    expect(field(element).autocomplete).to.equal('email');
    expect(bodies.filter((body) => body.includes('pwless_action=passkey'))).to.deep.equal([]);
  });
});

describe('<pwless-login> passkeys, against the browser mock with a virtual authenticator', () => {
  let authenticator: VirtualAuthenticator;
  let issuer: string;
  beforeEach(async () => {
    issuer = `https://id-${crypto.randomUUID().slice(0, 8)}.pwless.test`;
    authenticator = await VirtualAuthenticator.add();
  });
  afterEach(() => authenticator.remove());

  async function inbox(fetchFunction: typeof fetch): Promise<unknown[]> {
    return (await fetchFunction(`${issuer}/_mock/inbox`)).json();
  }

  it('code sign-in, "Create a passkey", sign out; then autofill signs in with no code; a cancelled ceremony keeps the address; a deleted passkey falls back to the code', async () => {
    const fetchFunction = mockFetch({ issuer, config: { passkeyRpId: 'localhost' } });
    const client: PwlessClient = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction });
    const element = await fixture<PwlessLogin>(html`<pwless-login .client=${client} issuer=${issuer} lang="en"></pwless-login>`);
    // This device has made or used no passkey for this issuer yet: no autofill wait, plain `email`.
    const flag = `pwless:passkey:${new URL(issuer).href}`;
    expect(localStorage.getItem(flag)).to.equal(null);
    expect(field(element).autocomplete).to.equal('email');

    // 1. A code sign-in (the authenticator has no passkey yet: the autofill's wait stays open, then is aborted).
    await typeEmailAndContinue(element, 'ada@example.com');
    await until(element, () => inState(element, 'code'), 'the code step');
    type(find<HTMLInputElement>(element, '#code'), await latestCode(fetchFunction, 'ada@example.com', issuer));
    await until(element, () => inState(element, 'signed-in'), 'signed in by code');
    await until(element, () => element.shadowRoot!.querySelector('[part~=passkey-create]') !== null, 'the passkey offer');
    expect(text(element, '[part~=passkey-offer]')).to.contain('Sign in faster next time with your fingerprint, face or screen lock.');
    await expect(element).to.be.accessible();

    // 2. "Create a passkey".
    await authenticator.front();
    find<HTMLButtonElement>(element, '[part~=passkey-create]').click();
    await until(element, () => element.shadowRoot!.querySelector('[part~=passkey-result]') !== null, 'the passkey result');
    expect(text(element, '[part~=passkey-result]')).to.equal('Passkey created. Next time your device offers it when you sign in.');
    expect(element.shadowRoot!.querySelector('[part~=passkey-offer]')).to.equal(null);
    expect(element.shadowRoot!.activeElement).to.equal(find(element, '[part~=passkey-result]'));
    expect(text(element, '[role=status]')).to.equal('Passkey created. Next time your device offers it when you sign in.');
    expect(await authenticator.credentialIds()).to.have.length(1);
    expect(localStorage.getItem(`pwless-login:passkey-offer:${issuer}`)).to.equal('1');
    // The SDK remembers that this device has a passkey for this issuer: from now on the autofill offers it.
    expect(localStorage.getItem(flag)).to.equal('1');
    await expect(element).to.be.accessible();
    const sent = (await inbox(fetchFunction)).length;

    // 3. Sign out with the user check failing: the autofill's ceremony is cancelled, the address stays, the code path is open.
    await authenticator.verified(false);
    find<HTMLButtonElement>(element, '[part~=sign-out-button]').click();
    await until(element, () => element.shadowRoot!.querySelector<HTMLInputElement>('#identifier')?.autocomplete === 'username webauthn', 'the webauthn autocomplete token');
    await until(element, () => inState(element, 'email') && alert(element) !== '', 'the cancelled ceremony');
    expect(alert(element)).to.equal('The passkey was cancelled. Try again, or continue with a code.');
    expect(field(element).value).to.equal('ada@example.com');
    type(field(element), 'ada@example.co');
    type(field(element), 'ada@example.com');
    await settle(element);
    expect(field(element).value).to.equal('ada@example.com');
    await expect(element).to.be.accessible();

    // 4. The user check passes again: back in the field, the autofill signs in with the passkey; no code is sent.
    // Typing in the field above started the autofill again, and its ceremony may still fail (the check
    // changed only now) after the focus below: a failed autofill waits for the person to come back to the
    // field, so the test comes back to it, as a person would, until the passkey signs in.
    await authenticator.verified(true);
    await until(element, () => {
      element.shadowRoot!.querySelector<HTMLInputElement>('#identifier')?.dispatchEvent(new FocusEvent('focus'));
      return inState(element, 'signed-in');
    }, 'signed in by passkey');
    expect(client.session!.claims.amr).to.deep.equal(['hwk', 'user']);
    expect(await inbox(fetchFunction)).to.have.length(sent);
    // Signed in with a passkey: nothing to offer.
    expect(element.shadowRoot!.querySelector('[part~=passkey-offer]')).to.equal(null);

    // 5. The passkey is deleted on the server: refused with a clear message, and a code still signs in.
    const [passkey] = await client.passkeys();
    await client.deletePasskey(passkey!.id);
    find<HTMLButtonElement>(element, '[part~=sign-out-button]').click();
    await until(element, () => inState(element, 'email') && alert(element) !== '', 'the refused passkey');
    expect(alert(element)).to.equal('This passkey no longer works here. Please continue with a code.');
    expect(field(element).value).to.equal('ada@example.com');
    find<HTMLButtonElement>(element, '[part~=submit-button]').click();
    await until(element, () => inState(element, 'code'), 'the code step after the refused passkey');
    expect(await inbox(fetchFunction)).to.have.length(sent + 1);
    // The server no longer knows the passkey: this device no longer starts the autofill on mount.
    expect(localStorage.getItem(flag)).to.equal(null);
  });

  it('in the phone field the token is "tel webauthn"; with passkeys="off" there is none, and no passkey request', async () => {
    const fetchFunction = mockFetch({ issuer, config: { passkeyRpId: 'localhost' } });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction });
    localStorage.setItem(`pwless:passkey:${new URL(issuer).href}`, '1');
    const phone = await fixture<PwlessLogin>(html`<pwless-login .client=${client} issuer=${issuer} channel="sms" lang="en"></pwless-login>`);
    await until(phone, () => field(phone).autocomplete === 'tel webauthn', 'the tel webauthn token');
    phone.remove();
    const requests: string[] = [];
    const counting: typeof fetch = (input, init) => (requests.push(`${init?.method ?? 'GET'} ${String(input)}`), fetchFunction(input, init));
    const off = await fixture<PwlessLogin>(html`<pwless-login .client=${createClient({ issuer, clientId: 'pwless-demo', fetch: counting })} issuer=${issuer} passkeys="off" lang="en"></pwless-login>`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(field(off).autocomplete).to.equal('email');
    expect(requests).to.deep.equal([]);
  });
});

describe('<pwless-login> passkey offer (fake client)', () => {
  beforeEach(() => localStorage.clear());

  /** Signs in by code; with `offered`, waits for the offer (its language's passkey texts are a chunk of their own). */
  async function signedInWithOffer(client: FakeClient, lang = 'en', offered = true) {
    client.support = { server: true, browser: true, conditional: false };
    const element = await mount(client, { lang });
    await typeEmailAndContinue(element);
    type(find<HTMLInputElement>(element, '#code'), '123456');
    await settle(element);
    client.session = session;
    await settle(element);
    if (offered) await until(element, () => element.shadowRoot!.querySelector('[part~=passkey-offer]') !== null, 'the passkey offer');
    return element;
  }

  it('"Not now" hides the offer and is remembered on this device for this issuer', async () => {
    const element = await signedInWithOffer(new FakeClient());
    expect(inState(element, 'signed-in')).to.equal(true);
    find<HTMLButtonElement>(element, '[part~=passkey-dismiss]').click();
    await settle(element);
    expect(element.shadowRoot!.querySelector('[part~=passkey-offer]')).to.equal(null);
    const again = await signedInWithOffer(new FakeClient(), 'en', false);
    expect(again.shadowRoot!.querySelector('[part~=passkey-offer]')).to.equal(null);
  });

  it('says so when this device already has a passkey, and when the browser cannot make one; the offer stays after a cancel', async () => {
    const client = new FakeClient();
    client.registrations = [failure('passkey_cancelled'), failure('not_supported'), failure('passkey_exists')];
    const element = await signedInWithOffer(client, 'de');
    const create = async () => {
      find<HTMLButtonElement>(element, '[part~=passkey-create]').click();
      await settle(element);
    };
    await create();
    expect(text(element, '[part~=passkey-result]')).to.equal('Der Passkey wurde abgebrochen. Versuchen Sie es erneut oder fahren Sie mit einem Code fort.');
    await expect(element).to.be.accessible();
    await create();
    expect(text(element, '[part~=passkey-result]')).to.contain('Dieser Browser kann keine Passkeys nutzen.');
    await create();
    expect(text(element, '[part~=passkey-result]')).to.equal('Dieses Gerät hat bereits einen Passkey für dieses Konto.');
    expect(element.shadowRoot!.querySelector('[part~=passkey-offer]')).to.equal(null);
  });

  it('is accessible and mirrored in a right-to-left language', async () => {
    const element = await signedInWithOffer(new FakeClient(), 'ar');
    expect(find(element, '[part~=container]').getAttribute('dir')).to.equal('rtl');
    expect(text(element, '[part~=passkey-create]')).to.equal('إنشاء مفتاح مرور');
    await expect(element).to.be.accessible();
  });

  it('offers nothing where the backend has no passkeys', async () => {
    const client = new FakeClient();
    const element = await mount(client);
    await settle(element);
    expect(field(element).autocomplete).to.equal('email');
    await typeEmailAndContinue(element);
    type(find<HTMLInputElement>(element, '#code'), '123456');
    await settle(element);
    expect(inState(element, 'signed-in')).to.equal(true);
    expect(element.shadowRoot!.querySelector('[part~=passkey-offer]')).to.equal(null);
    expect(client.calls).not.to.include('registerPasskey');
  });
});
