import { expect } from '@open-wc/testing';
import { FakeClient } from './helpers/fake-client.js';
import { find, mount, typeEmailAndContinue } from './helpers/element.js';

describe('<pwless-login> code cells in a wide widget', () => {
  /** How far the row of cells sits from the inline-start edge of the code field, in pixels. */
  async function gapAtStart(lang: string): Promise<number> {
    const element = await mount(new FakeClient(), { lang });
    element.style.maxInlineSize = 'none';
    element.style.inlineSize = '40rem';
    await typeEmailAndContinue(element);
    const field = find(element, '[part~=code-field]').getBoundingClientRect();
    const cells = [...element.shadowRoot!.querySelectorAll('[part~=code-cell]')].map((cell) => cell.getBoundingClientRect());
    // The first digit of a code is always the leftmost cell, as the code reads in the message.
    expect(cells.map((cell) => cell.left)).to.deep.equal(cells.map((cell) => cell.left).sort((a, b) => a - b));
    return lang === 'ar' ? field.right - Math.max(...cells.map((cell) => cell.right)) : Math.min(...cells.map((cell) => cell.left)) - field.left;
  }

  it('start where every other line starts: on the left in English', async () => {
    expect(await gapAtStart('en')).to.be.closeTo(0, 1);
  });

  it('start where every other line starts: on the right in Arabic, digits still left to right', async () => {
    expect(await gapAtStart('ar')).to.be.closeTo(0, 1);
  });
});
