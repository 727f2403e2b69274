import { expect } from '@open-wc/testing';
import { challenge, FakeClient } from './helpers/fake-client.js';
import { find, mount, settle, typeEmailAndContinue } from './helpers/element.js';

/** Where on screen the first occurrence of `part` of `element`'s only text starts, left to right. */
function leftOf(paragraph: HTMLElement, part: string): number {
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent!.indexOf(part);
    if (at === -1) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + part.length);
    return range.getBoundingClientRect().left;
  }
  throw new Error(`no ${part}`);
}

describe('<pwless-login> addresses in a right-to-left language', () => {
  it('shows an address whose name is in Arabic script in its own order, name before the domain', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ to: 'ن••@example.com' })];
    const element = await mount(client, { lang: 'ar' });
    await typeEmailAndContinue(element, 'نور@example.com');
    await settle(element);
    const sentTo = find(element, '#sent-to');
    expect(leftOf(sentTo, 'ن••')).to.be.lessThan(leftOf(sentTo, 'example.com'));
  });
});
