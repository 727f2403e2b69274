import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { Session } from '@pwless/sdk';
import { challenge, failure, FakeClient, type Script } from './helpers/fake-client.js';
import { find, focused, mount, settle, type, typeEmailAndContinue } from './helpers/element.js';
import type { PwlessLogin } from '../src/index.js';

/** The elements of the shadow root in reading order, named by id or first part. */
function readingOrder(element: PwlessLogin): string[] {
  return [...element.shadowRoot!.querySelectorAll('[id], [part]')].map((node) => node.id || node.getAttribute('part')!.split(' ')[0]!);
}

function follows(order: string[], first: string, second: string): boolean {
  return order.indexOf(second) === order.indexOf(first) + 1;
}

/** The element once the person typed `code` on the code step, the check answering `verify`. */
async function afterCode(verify: Script<Session>, code: string) {
  const client = new FakeClient();
  client.verifies = [verify];
  const element = await mount(client);
  await typeEmailAndContinue(element);
  type(find<HTMLInputElement>(element, '#code'), code);
  await settle(element);
  return { client, element };
}

describe('<pwless-login> layout, as a person reads it', () => {
  it('puts an email error right under the email field, above Continue', async () => {
    const client = new FakeClient();
    client.starts = [failure('signup_disabled')];
    const element = await mount(client);
    await typeEmailAndContinue(element, 'new@example.com');
    const order = readingOrder(element);
    expect(follows(order, 'identifier', 'error'), order.join(' ')).to.equal(true);
    expect(order.indexOf('error')).to.be.below(order.indexOf('button'));
    await expect(element).to.be.accessible();
  });

  it('puts a wrong-code error right under the code cells, above Sign in', async () => {
    const { element } = await afterCode(failure('invalid_code', { attemptsRemaining: 2 }), '111111');
    const order = readingOrder(element);
    expect(order.indexOf('error')).to.equal(order.indexOf('code') + 1);
    expect(order.indexOf('error')).to.be.below(order.indexOf('button'));
    expect(find(element, '#error').getAttribute('role')).to.equal('alert');
    await expect(element).to.be.accessible();
  });

  it('turns Continue into the one “Try again” after a network error on the email step', async () => {
    const client = new FakeClient();
    client.starts = [failure('network_error')];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    const buttons = [...element.shadowRoot!.querySelectorAll('form button')].map((button) => button.textContent!.trim());
    expect(buttons).to.deep.equal(['Try again']);
    expect(find(element, '#retry').getAttribute('type')).to.equal('submit');
    await expect(element).to.be.accessible();
  });

  it('turns Sign in into the one “Try again” after a server error while checking the code', async () => {
    const { element } = await afterCode(failure('server_error'), '123456');
    const primary = [...element.shadowRoot!.querySelectorAll('form [part~=button]')].map((button) => button.textContent!.trim());
    expect(primary).to.deep.equal(['Try again']);
    expect(find(element, '#retry').getAttribute('type')).to.equal('submit');
    expect(focused(element)?.id).to.equal('retry');
    await expect(element).to.be.accessible();
  });

  it('keeps “Try again” right under the error when asking for a new code failed', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ resendAt: Date.now() - 1000 })];
    client.resends = [failure('network_error')];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    find<HTMLButtonElement>(element, '#resend').click();
    await settle(element);
    const order = readingOrder(element);
    expect(follows(order, 'error', 'retry'), order.join(' ')).to.equal(true);
    expect(order.indexOf('retry')).to.be.below(order.indexOf('countdown'));
  });

  it('marks a wrong code on the cells only, without a second frame around them', async () => {
    const { element } = await afterCode(failure('invalid_code', { attemptsRemaining: 2 }), '111111');
    const field = find<HTMLInputElement>(element, '#code');
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(getComputedStyle(field).borderTopColor).to.equal('rgba(0, 0, 0, 0)');
  });

  it('moves focus to “Signed in as …” without framing the sentence like a field', async () => {
    const element = await mount();
    await typeEmailAndContinue(element);
    type(find<HTMLInputElement>(element, '#code'), '123456');
    await settle(element);
    const signedIn = find(element, '[part~=signed-in-text]');
    expect(focused(element)).to.equal(signedIn);
    expect(getComputedStyle(signedIn).outlineStyle).to.equal('none');
  });

  it('never ends a line inside a masked phone number', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ channel: 'sms', to: '+49 ••• 67' })];
    const element = await mount(client, { channel: 'sms' });
    await typeEmailAndContinue(element, '+49 170 1234567');
    expect(find(element, '#sent-to').textContent).to.contain('+49\u00a0•••\u00a067');
  });

  it('reads the error first when a person returns to a field, before the hints', async () => {
    const { client, element } = await afterCode(failure('too_many_attempts'), '111111');
    const field = find<HTMLInputElement>(element, '#identifier');
    expect(focused(element)).to.equal(field);
    expect(field.getAttribute('aria-describedby')!.split(' ')[0]).to.equal('error');
    expect(find(element, '#error').textContent).to.equal('Too many wrong codes. Please start again.');
    client.verifies = [failure('invalid_code', { attemptsRemaining: 1 })];
    await typeEmailAndContinue(element);
    expect(find(element, '#code').getAttribute('aria-describedby')!.split(' ')[0]).to.equal('error');
  });

  it('draws each digit once in forced colours (Windows high contrast)', async () => {
    await emulateMedia({ forcedColors: 'active' });
    try {
      const element = await mount();
      await typeEmailAndContinue(element);
      type(find<HTMLInputElement>(element, '#code'), '12');
      await settle(element);
      // Computed styles report the authored colours even when forced; what keeps them is opting the field out.
      const field = getComputedStyle(find(element, '#code'));
      expect(field.forcedColorAdjust).to.equal('none');
      expect(field.color).to.equal('rgba(0, 0, 0, 0)');
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });
});
