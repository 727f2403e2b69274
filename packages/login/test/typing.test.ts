import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { find, mount, settle, typeEmailAndContinue } from './helpers/element.js';

/** Presses a key `times` times, letting the element render after each. */
async function press(key: string, times = 1): Promise<void> {
  for (let count = 0; count < times; count++) await sendKeys({ press: key });
}

describe('<pwless-login> while the person types', () => {
  it('keeps the caret where a typo in the email address is fixed, after a keyboard added a trailing space', async () => {
    const element = await mount();
    const input = find<HTMLInputElement>(element, '#identifier');
    input.focus();
    await sendKeys({ type: 'ada@exmple.com ' });
    await settle(element);
    await press('Home');
    await press('ArrowRight', 6);
    await sendKeys({ type: 'a' });
    await settle(element);
    await sendKeys({ type: 'm' });
    await settle(element);
    expect(input.value).to.equal('ada@exammple.com');
  });

  it('keeps the caret where a digit of the code is fixed', async () => {
    const element = await mount();
    await typeEmailAndContinue(element);
    const input = find<HTMLInputElement>(element, '#code');
    input.focus();
    await sendKeys({ type: '1245' });
    await settle(element);
    await press('ArrowLeft', 2);
    await sendKeys({ type: '3' });
    await settle(element);
    expect([input.value, input.selectionStart]).to.deep.equal(['12345', 3]);
  });
});
