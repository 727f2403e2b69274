import { expect, waitUntil } from '@open-wc/testing';
import { styles } from '../src/styles.js';
import { challenge, FakeClient } from './helpers/fake-client.js';
import { find, inState, mount, settle, type, typeEmailAndContinue } from './helpers/element.js';
import type { PwlessLogin } from '../src/index.js';

interface Declaration {
  tagName?: string;
  attributes: { name: string }[];
  members: { name: string; privacy?: string }[];
  events: { name: string }[];
  slots: { name: string }[];
  cssParts: { name: string }[];
  cssProperties: { name: string }[];
  cssStates: { name: string }[];
}

async function manifest(): Promise<Declaration> {
  const json = (await (await fetch('/packages/login/custom-elements.json')).json()) as { modules: { declarations?: Declaration[] }[] };
  return json.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'pwless-login')!;
}

function partsIn(element: PwlessLogin): string[] {
  return [...element.shadowRoot!.querySelectorAll('[part]')].flatMap((node) => node.getAttribute('part')!.split(/\s+/));
}

describe('custom-elements.json', () => {
  it('lists the attributes, properties, events and slots', async () => {
    const declaration = await manifest();
    expect(declaration.attributes.map((attribute) => attribute.name)).to.have.members(['lang', 'issuer', 'client-id', 'scope', 'redirect-uri', 'link-uri', 'delivery', 'channel', 'mode', 'dialect', 'passkeys']);
    const publicMembers = declaration.members.filter((member) => !member.privacy || member.privacy === 'public').map((member) => member.name);
    expect(publicMembers).to.include.members(['client', 'messages', 'issuer', 'clientId', 'dialect', 'passkeys']);
    expect(declaration.events.map((event) => event.name)).to.have.members(['pwless-sent', 'pwless-signed-in', 'pwless-error', 'pwless-signed-out']);
    expect(declaration.slots.map((slot) => slot.name)).to.have.members(['heading', 'footer', 'signed-in']);
  });

  it('documents every --pwless-* token the styles read, at least fifteen', async () => {
    const documented = (await manifest()).cssProperties.map((token) => token.name);
    const used = [...new Set(styles.cssText.match(/--pwless-[\w-]+/g))];
    expect(documented).to.have.members(used);
    expect(used.length).to.be.greaterThanOrEqual(15);
  });

  it('documents a state per step', async () => {
    expect((await manifest()).cssStates.map((state) => state.name)).to.have.members(['email', 'sending', 'code', 'verifying', 'link-sent', 'landing', 'redirecting', 'signed-in']);
  });

  it('documents every part the element renders, in every step', async () => {
    const documented = (await manifest()).cssParts.map((part) => part.name);
    const seen = new Set<string>();
    const client = new FakeClient();
    client.starts = [challenge(), challenge({ delivery: 'link' })];
    const element = await mount(client);
    partsIn(element).forEach((part) => seen.add(part));
    await typeEmailAndContinue(element, 'ada@gmail.com');
    type(find<HTMLInputElement>(element, '#code'), '12');
    await element.updateComplete;
    partsIn(element).forEach((part) => seen.add(part));
    type(find<HTMLInputElement>(element, '#code'), '123456');
    await settle(element);
    partsIn(element).forEach((part) => seen.add(part));
    expect([...seen].filter((part) => !documented.includes(part))).to.deep.equal([]);
  });

  it('documents every part of "check your inbox", "Send a new link" among them', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ delivery: 'link' })];
    const element = await mount(client, { delivery: 'link' });
    await typeEmailAndContinue(element, 'ada@gmail.com');
    await waitUntil(() => inState(element, 'link-sent'), 'no "check your inbox"');
    const documented = (await manifest()).cssParts.map((part) => part.name);
    const rendered = partsIn(element);
    expect(rendered).to.include('resend-link-button');
    expect(rendered.filter((part) => !documented.includes(part))).to.deep.equal([]);
  });

  it('documents every part of the link landing page', async () => {
    const home = location.href;
    history.replaceState(null, '', `${home.split('?')[0]}?pwless_link=token-parts`);
    const client = new FakeClient();
    client.link = { to: 'a••@example.com', phrase: 'blue lantern', requestedAt: Date.now(), userAgent: 'Mozilla/5.0 (iPhone) Safari/604.1' };
    const element = await mount(client);
    await settle(element);
    history.replaceState(null, '', home);
    const documented = (await manifest()).cssParts.map((part) => part.name);
    const rendered = partsIn(element);
    expect(rendered).to.include('confirm-button');
    expect(rendered.filter((part) => !documented.includes(part))).to.deep.equal([]);
  });
});
