import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createClient } from '@pwless/sdk';
import '../src/index.js';
import type { PwlessLogin } from '../src/index.js';
import { latestCode, mockFetch } from '../../../test/helpers/mock-fetch.js';

// An issuer of its own: the SDK tells every tab of the same issuer about sign-ins, and other test files run alongside.
const issuer = 'https://login.pwless.test';

function mount(fetchFunction = mockFetch({ issuer })) {
  const client = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction });
  return fixture<PwlessLogin>(html`<pwless-login .client=${client}></pwless-login>`);
}

/** The next event of `type` from `element`, typed by `HTMLElementEventMap`. */
function nextEvent<K extends keyof HTMLElementEventMap>(element: HTMLElement, type: K): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve) => element.addEventListener(type, resolve, { once: true }));
}

function field(element: PwlessLogin, selector: string): HTMLInputElement {
  return element.shadowRoot!.querySelector<HTMLInputElement>(selector)!;
}

function type(input: HTMLInputElement, text: string) {
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

function submit(element: PwlessLogin) {
  element.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
}

describe('<pwless-login>', () => {
  it('signs in with an email and the code, firing pwless-sent and pwless-signed-in', async () => {
    const fetchFunction = mockFetch({ issuer });
    const element = await mount(fetchFunction);
    await expect(element).to.be.accessible();
    type(field(element, '#identifier'), 'ada@example.com');
    const sent = nextEvent(element, 'pwless-sent');
    submit(element);
    expect((await sent).challenge.codeLength).to.equal(6);
    await element.updateComplete;
    const codeInput = field(element, '#code');
    expect(codeInput.autocomplete).to.equal('one-time-code');
    expect(codeInput.inputMode).to.equal('numeric');
    expect(element.shadowRoot!.activeElement).to.equal(codeInput);
    await expect(element).to.be.accessible();
    const signedIn = nextEvent(element, 'pwless-signed-in');
    const code = await latestCode(fetchFunction, 'ada@example.com', issuer);
    type(codeInput, `${code.slice(0, 3)} ${code.slice(3)}`);
    const event = await signedIn;
    expect(event.session.user.email).to.equal('ada@example.com');
    expect(event.bubbles && event.composed).to.equal(true);
    await element.updateComplete;
    expect(element.shadowRoot!.textContent).to.contain('Signed in as ada@example.com');
    await expect(element).to.be.accessible();
  });

  it('explains a malformed email and keeps what was typed', async () => {
    const element = await mount();
    const input = field(element, '#identifier');
    type(input, 'ada@example');
    const error = nextEvent(element, 'pwless-error');
    submit(element);
    expect((await error).code).to.equal('invalid_identifier');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('name@example.com');
    expect(field(element, '#identifier').value).to.equal('ada@example');
    await expect(element).to.be.accessible();
  });

  it('shows the attempts left after a wrong code', async () => {
    const fetchFunction = mockFetch({ issuer });
    const element = await mount(fetchFunction);
    type(field(element, '#identifier'), 'bob@example.com');
    submit(element);
    await nextEvent(element, 'pwless-sent');
    await element.updateComplete;
    const right = await latestCode(fetchFunction, 'bob@example.com', issuer);
    const error = nextEvent(element, 'pwless-error');
    type(field(element, '#code'), right === '000000' ? '111111' : '000000');
    expect((await error).message).to.equal('That code is not right. 2 tries left.');
    await waitUntil(() => field(element, '#code') && !field(element, '#code').readOnly);
    await expect(element).to.be.accessible();
  });
});

describe('<pwless-login> and the client it makes itself', () => {
  /** Counts BroadcastChannels opened and closed until the returned function restores the original. */
  function countChannels(counts: { opened: number; closed: number }): () => void {
    const NativeChannel = globalThis.BroadcastChannel;
    const nativeClose = NativeChannel.prototype.close;
    globalThis.BroadcastChannel = class extends NativeChannel {
      constructor(name: string) {
        super(name);
        counts.opened += 1;
      }
      override close() {
        counts.closed += 1;
        nativeClose.call(this);
      }
    };
    return () => (globalThis.BroadcastChannel = NativeChannel);
  }

  it('closes its client once removed from the page, and not when only moved', async () => {
    const counts = { opened: 0, closed: 0 };
    const restore = countChannels(counts);
    try {
      const element = await fixture<PwlessLogin>(html`<pwless-login issuer="https://closing.pwless.test" client-id="pwless-demo"></pwless-login>`);
      expect(counts.opened).to.be.greaterThan(0);
      element.parentElement!.append(document.createElement('span'), element);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(counts.closed).to.equal(0);
      element.remove();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(counts.closed).to.equal(counts.opened);
    } finally {
      restore();
    }
  });
});
