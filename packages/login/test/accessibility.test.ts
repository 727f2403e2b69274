import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { createClient } from '@pwless/sdk';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';
import { challenge, FakeClient, session } from './helpers/fake-client.js';
import { find, focused, mount, nextEvent, settle, typeEmailAndContinue } from './helpers/element.js';
import type { PwlessLogin } from '../src/index.js';

// An issuer of its own: the SDK tells every tab of the same issuer about sign-ins, and other test files run alongside.
const issuer = 'https://a11y.pwless.test';

/** Whether anything inside the element is wider than the element (sideways scrolling). */
function overflows(element: PwlessLogin): boolean {
  const limit = element.getBoundingClientRect().right + 0.5;
  return [...element.shadowRoot!.querySelectorAll('*')].some((node) => node.getBoundingClientRect().right > limit) || document.documentElement.scrollWidth > window.innerWidth;
}

describe('<pwless-login> accessibility and layout', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    document.documentElement.style.fontSize = '';
  });

  it('signs in by keyboard alone', async () => {
    const fetchFunction = mockFetch({ issuer });
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction });
    const element = await mount({ asClient: () => client });
    find(element, '#identifier').focus();
    await sendKeys({ type: 'keys@example.com' });
    const sent = nextEvent(element, 'pwless-sent');
    await sendKeys({ press: 'Enter' });
    await sent;
    await settle(element);
    expect(focused(element)).to.equal(find(element, '#code'));
    let signedInEvents = 0;
    element.addEventListener('pwless-signed-in', () => signedInEvents++);
    const signedIn = nextEvent(element, 'pwless-signed-in');
    await sendKeys({ type: await latestCode(fetchFunction, 'keys@example.com', issuer) });
    expect((await signedIn).session.user.email).to.equal('keys@example.com');
    await settle(element);
    expect(signedInEvents).to.equal(1);
  });

  it('needs only the start, verify and token requests once the email field was used', async () => {
    const fetchFunction = mockFetch({ issuer });
    const requests: string[] = [];
    const counting: typeof fetch = (input, init) => {
      requests.push(new URL(new Request(input, init).url).pathname);
      return fetchFunction(input, init);
    };
    const client = createClient({ issuer, clientId: 'pwless-demo', fetch: counting });
    const element = await mount({ asClient: () => client });
    find(element, '#identifier').focus();
    await waitUntil(() => requests.length > 0);
    await settle(element);
    requests.length = 0;
    await typeEmailAndContinue(element, 'fast@example.com');
    await waitUntil(() => element.shadowRoot!.querySelector('#code'));
    const code = await latestCode(fetchFunction, 'fast@example.com', issuer);
    requests.length = requests.indexOf('/_mock/inbox') === -1 ? requests.length : requests.indexOf('/_mock/inbox');
    const signedIn = nextEvent(element, 'pwless-signed-in');
    const input = find<HTMLInputElement>(element, '#code');
    input.value = code;
    input.dispatchEvent(new InputEvent('input'));
    await signedIn;
    expect(requests.filter((path) => !path.startsWith('/_mock/'))).to.deep.equal(['/challenge', '/challenge', '/token']);
  });

  for (const [width, zoom] of [[320, 1], [640, 2]] as const) {
    it(`does not scroll sideways at ${width} px wide with ${zoom * 100} % text`, async () => {
      await setViewport({ width, height: 640 });
      document.documentElement.style.fontSize = `${zoom * 100}%`;
      const client = new FakeClient();
      client.starts = [challenge({ codeLength: 8 })];
      const element = await mount(client);
      expect(overflows(element)).to.equal(false);
      await typeEmailAndContinue(element, 'a.very.long.address.for.testing@example.com');
      expect(overflows(element)).to.equal(false);
    });
  }

  it('is accessible in dark mode, with contrast checked', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const element = await mount();
    expect(getComputedStyle(find(element, '[part~=container]')).backgroundColor).to.equal('rgb(22, 27, 34)');
    await expect(element).to.be.accessible();
    await typeEmailAndContinue(element);
    await expect(element).to.be.accessible();
  });

  it('follows a color-scheme set by the page over the system preference', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const element = await mount();
    element.style.colorScheme = 'light';
    expect(getComputedStyle(find(element, '[part~=container]')).backgroundColor).to.equal('rgb(255, 255, 255)');
    element.style.colorScheme = '';
    element.style.setProperty('--pwless-color-scheme', 'light');
    expect(getComputedStyle(find(element, '[part~=container]')).backgroundColor).to.equal('rgb(255, 255, 255)');
  });

  it('takes tokens from any ancestor', async () => {
    document.documentElement.style.setProperty('--pwless-color-accent', 'rgb(1, 2, 3)');
    const element = await mount();
    expect(getComputedStyle(find(element, '[part~=submit-button]')).backgroundColor).to.equal('rgb(1, 2, 3)');
    document.documentElement.style.removeProperty('--pwless-color-accent');
  });

  it('drops transitions when reduced motion is asked for', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const element = await mount();
    expect(getComputedStyle(find(element, '[part~=submit-button]')).transitionDuration).to.equal('0s');
  });

  it('asks WebOTP for the SMS code, uses it, and aborts when the user leaves the step', async () => {
    const signals: AbortSignal[] = [];
    const original = navigator.credentials.get;
    Object.defineProperty(window, 'OTPCredential', { value: class {}, configurable: true });
    let answer: (value: unknown) => void = () => undefined;
    navigator.credentials.get = (options?: CredentialRequestOptions) => {
      signals.push(options!.signal!);
      return new Promise((resolve) => (answer = resolve as (value: unknown) => void));
    };
    try {
      const client = new FakeClient();
      client.starts = [challenge({ channel: 'sms' })];
      client.verifies = [session];
      const element = await mount(client, { channel: 'sms' });
      // WebOTP is a chunk of its own: its request follows the code step by a moment.
      const asked = async (count: number) => {
        for (let tries = 0; signals.length < count && tries < 200; tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(signals.length).to.equal(count);
      };
      await typeEmailAndContinue(element, '+4917012345678');
      await asked(1);
      expect(signals[0]!.aborted).to.equal(false);
      find<HTMLButtonElement>(element, '[part~=change-button]').click();
      await settle(element);
      expect(signals[0]!.aborted).to.equal(true);
      find<HTMLButtonElement>(element, '[part~=submit-button]').click();
      await settle(element);
      await asked(2);
      const signedIn = nextEvent(element, 'pwless-signed-in');
      answer({ code: '654321', type: 'otp' });
      await signedIn;
      expect(client.calls).to.include('verify 654321');
    } finally {
      navigator.credentials.get = original;
      delete (window as { OTPCredential?: unknown }).OTPCredential;
    }
  });

  it('keeps every slot in the tree in every step', async () => {
    const element = await mount();
    const slots = () => [...element.shadowRoot!.querySelectorAll('slot')].map((slot) => slot.name).sort();
    expect(slots()).to.deep.equal(['footer', 'heading', 'signed-in']);
    await typeEmailAndContinue(element);
    expect(slots()).to.deep.equal(['footer', 'heading', 'signed-in']);
  });
});
