import { fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { PwlessLogin } from '../../src/index.js';
import { FakeClient } from './fake-client.js';

export interface MountOptions {
  channel?: 'email' | 'sms';
  delivery?: 'code' | 'link';
  mode?: 'auto' | 'native' | 'redirect';
  lang?: string;
}

/** Mounts `<pwless-login>` on a fake (or given) client. */
export async function mount(client: { asClient?: () => unknown } = new FakeClient(), options: MountOptions = {}) {
  const ready = 'asClient' in client && client.asClient ? client.asClient() : client;
  const element = await fixture<PwlessLogin>(html`<pwless-login .client=${ready} channel=${options.channel ?? 'email'}
    delivery=${options.delivery ?? 'code'} mode=${options.mode ?? 'auto'} lang=${options.lang ?? 'en'}></pwless-login>`);
  await element.updateComplete;
  return element;
}

export function find<T extends HTMLElement = HTMLElement>(element: PwlessLogin, selector: string): T {
  const found = element.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

export function text(element: PwlessLogin, selector = '[part~=container]'): string {
  return find(element, selector).textContent!.replace(/\s+/g, ' ').trim();
}

export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Resolves with the next event of `type`, typed by `HTMLElementEventMap`. */
export function nextEvent<K extends keyof HTMLElementEventMap>(element: HTMLElement, name: K): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve) => element.addEventListener(name, resolve, { once: true }));
}

/** Lets pending promises settle and the element render. */
export async function settle(element: PwlessLogin): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await element.updateComplete;
  }
}

export function focused(element: PwlessLogin): Element | null {
  return element.shadowRoot!.activeElement;
}

export async function typeEmailAndContinue(element: PwlessLogin, email = 'ada@example.com'): Promise<void> {
  type(find<HTMLInputElement>(element, '#identifier'), email);
  find<HTMLButtonElement>(element, '[part~=submit-button]').click();
  await settle(element);
}

export function inState(element: PwlessLogin, state: string): boolean {
  return element.matches(`:state(${state})`);
}
