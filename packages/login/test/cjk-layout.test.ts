import { expect, waitUntil } from '@open-wc/testing';
import { loadMessages, supportedLocales } from '../src/locale.js';
import { challenge, failure, FakeClient } from './helpers/fake-client.js';
import { find, mount, settle, type, typeEmailAndContinue, type MountOptions } from './helpers/element.js';
import type { PwlessLogin } from '../src/index.js';

/** A 320 px phone minus the page's usual 16 px margins. */
const phoneWidth = 288;
const widths = Array.from({ length: 41 }, (_, index) => 200 + index * 4);
const address = 'p•••••@example.com';

interface Scene {
  name: string;
  options?: MountOptions;
  /** The page address a magic link opens, for the landing scenes. */
  link?: string;
  play(client: FakeClient): Promise<(element: PwlessLogin) => Promise<void>> | ((element: PwlessLogin) => Promise<void>);
}

const typeCode = (code: string) => async (element: PwlessLogin) => {
  await typeEmailAndContinue(element);
  type(find<HTMLInputElement>(element, '#code'), code);
  await settle(element);
};

/** Every step and error a person can meet, each reached the way a person reaches it. */
const scenes: Scene[] = [
  { name: 'email', play: () => async () => undefined },
  { name: 'malformed email', play: () => (element) => typeEmailAndContinue(element, 'parent@example') },
  { name: 'sending', play: (client) => ((client.starts = ['pending']), (element) => typeEmailAndContinue(element)) },
  { name: 'code with cells and countdowns', play: () => typeCode('12') },
  { name: 'checking the code', play: (client) => ((client.verifies = ['pending']), typeCode('123456')) },
  { name: 'wrong code', play: (client) => ((client.verifies = [failure('invalid_code', { attemptsRemaining: 2 })]), typeCode('111111')) },
  {
    name: 'expired code',
    play: (client) => ((client.starts = [challenge({ to: address, expiresAt: Date.now() - 1000, resendAt: Date.now() - 1000 })]), (client.verifies = [failure('code_expired')]), typeCode('123456')),
  },
  { name: 'too many wrong codes', play: (client) => ((client.verifies = [failure('too_many_attempts')]), typeCode('111111')) },
  { name: 'rate limited for minutes', play: (client) => ((client.starts = [failure('rate_limited', { retryAfter: 90 })]), (element) => typeEmailAndContinue(element)) },
  { name: 'rate limited for seconds', play: (client) => ((client.starts = [failure('rate_limited', { retryAfter: 25 })]), (element) => typeEmailAndContinue(element)) },
  { name: 'new code in minutes', play: (client) => ((client.starts = [challenge({ to: address, resendAt: Date.now() + 150_000 })]), (element) => typeEmailAndContinue(element)) },
  { name: 'sign-ups closed', play: (client) => ((client.starts = [failure('signup_disabled')]), (element) => typeEmailAndContinue(element)) },
  { name: 'offline', play: (client) => ((client.starts = [failure('network_error')]), (element) => typeEmailAndContinue(element)) },
  { name: 'server error while checking', play: (client) => ((client.verifies = [failure('server_error')]), typeCode('123456')) },
  { name: 'link sent', options: { delivery: 'link' }, play: (client) => ((client.starts = [challenge({ to: address, delivery: 'link' })]), (element) => typeEmailAndContinue(element, 'parent@gmail.com')) },
  { name: 'SMS code', options: { channel: 'sms' }, play: (client) => ((client.starts = [challenge({ to: '+49 ••• •• 67', channel: 'sms' })]), (element) => typeEmailAndContinue(element, '+49 170 1234567')) },
  { name: 'SMS sign-ups closed', options: { channel: 'sms' }, play: (client) => ((client.starts = [failure('signup_disabled')]), (element) => typeEmailAndContinue(element, '+49 170 1234567')) },
  { name: 'signed in', play: () => typeCode('123456') },
  {
    name: 'landing',
    link: 'token-1',
    play: (client) => ((client.link = { to: address, phrase: 'river daisy 80', requestedAt: Date.now(), userAgent: 'Mozilla/5.0 (iPhone) Safari/604.1' }), async () => undefined),
  },
  { name: 'landing without a device', link: 'token-1', play: (client) => ((client.link = { to: address, requestedAt: Date.now() }), async () => undefined) },
  { name: 'landing with a spent link', link: 'spent', play: (client) => ((client.link = failure('link_invalid')), async () => undefined) },
  {
    name: 'landing confirmed',
    link: 'token-1',
    play: (client) => ((client.link = { to: address, requestedAt: Date.now() }), async (element) => {
      await waitUntil(() => element.shadowRoot!.querySelector('[part~=confirm-button]'));
      find<HTMLButtonElement>(element, '[part~=confirm-button]').click();
      await settle(element);
    }),
  },
];

const home = location.href;

/** Mounts the element in `locale` and plays `scene` on it. */
async function show(scene: Scene, locale: string): Promise<PwlessLogin> {
  if (scene.link) history.replaceState(null, '', `${home.split('?')[0]}?pwless_link=${scene.link}`);
  const client = new FakeClient();
  client.starts = [challenge({ to: address })];
  const act = await scene.play(client);
  const element = await mount(client, { ...scene.options, lang: locale });
  await settle(element);
  await act(element);
  await settle(element);
  return element;
}

/** The parts of the element that reach past its sides (the visually hidden announcer aside). */
function overflowing(element: PwlessLogin): string[] {
  const box = element.getBoundingClientRect();
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('*')]
    .filter((node) => !node.closest('.visually-hidden') && node.getClientRects().length > 0)
    .filter((node) => {
      const rect = node.getBoundingClientRect();
      return rect.left < box.left - 0.5 || rect.right > box.right + 0.5 || node.scrollWidth > node.clientWidth + 1 && node.localName !== 'input';
    })
    .map((node) => `${node.localName}[part=${node.getAttribute('part') ?? ''}] “${node.textContent!.trim().slice(0, 30)}”`);
}

function textNodes(element: PwlessLogin): Text[] {
  const walker = document.createTreeWalker(element.shadowRoot!, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  while (walker.nextNode()) if ((walker.currentNode as Text).data.trim()) nodes.push(walker.currentNode as Text);
  return nodes;
}

/** The top of the line the character at `index` is drawn on. */
function lineTop(node: Text, index: number): number {
  const range = document.createRange();
  range.setStart(node, index);
  range.setEnd(node, index + 1);
  return Math.round(range.getClientRects()[0]?.top ?? Number.NaN);
}

/** Whether the characters from `start` to `end` sit on more than one line. */
function splitAcrossLines(node: Text, start: number, end: number): boolean {
  const first = lineTop(node, start);
  for (let index = start + 1; index < end; index++) if (Math.abs(lineTop(node, index) - first) > 2) return true;
  return false;
}

const closing = '。、，：；）」』”';

/** How wide a match of `pattern` is on one line, with the closing punctuation that must stay on its line. */
function naturalWidths(element: PwlessLogin, pattern: RegExp): Map<string, number> {
  element.style.inlineSize = '2000px';
  element.style.maxInlineSize = 'none';
  const measured = new Map<string, number>();
  for (const node of textNodes(element)) {
    for (const match of node.data.matchAll(pattern)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      const next = node.data[match.index + match[0].length];
      range.setEnd(node, match.index + match[0].length + (next !== undefined && closing.includes(next) ? 1 : 0));
      measured.set(match[0], range.getBoundingClientRect().width);
    }
  }
  element.style.maxInlineSize = '';
  return measured;
}

/** Every text of `pattern` that a line break cuts in two at any of the widths where it would fit on one line. */
function cutAtSomeWidth(element: PwlessLogin, pattern: RegExp): string[] {
  const natural = naturalWidths(element, pattern);
  const cut = new Set<string>();
  for (const width of widths) {
    element.style.inlineSize = `${width}px`;
    for (const node of textNodes(element)) {
      for (const match of node.data.matchAll(pattern)) {
        if (natural.get(match[0])! > node.parentElement!.clientWidth) continue;
        if (splitAcrossLines(node, match.index, match.index + match[0].length)) cut.add(`${match[0]} at ${width} px`);
      }
    }
  }
  return [...cut];
}

/**
 * Every character of `forbidden` that begins a line, at any of the widths. Only within CJK text: after
 * a Latin word (an address) too long for its line, the browser must break somewhere.
 */
function lineStartsAtSomeWidth(element: PwlessLogin, forbidden: string): string[] {
  const found = new Set<string>();
  for (const width of widths) {
    element.style.inlineSize = `${width}px`;
    for (const node of textNodes(element)) {
      for (let index = 1; index < node.data.length; index++) {
        if (forbidden.includes(node.data[index]!) && !/[\x21-\x7e•]/.test(node.data[index - 1]!) && lineTop(node, index) - lineTop(node, index - 1) > 2) found.add(`${node.data.slice(index - 3, index + 3)} at ${width} px`);
      }
    }
  }
  return [...found];
}

describe('<pwless-login> in Japanese and Chinese', () => {
  afterEach(() => history.replaceState(null, '', home));

  for (const locale of ['ja', 'zh-Hans']) {
    for (const scene of scenes) {
      it(`fits a 320 px phone in ${locale}: ${scene.name}`, async () => {
        const element = await show(scene, locale);
        element.style.inlineSize = `${phoneWidth}px`;
        expect(element.shadowRoot!.querySelector('[part~=container]')!.getAttribute('lang')).to.equal(locale);
        expect(overflowing(element)).to.deep.equal([]);
      });
    }

    it(`keeps the masked address whole in ${locale} wherever it fits`, async () => {
      const element = await show(scenes.find((scene) => scene.name === 'code with cells and countdowns')!, locale);
      expect(cutAtSomeWidth(element, /p•+@example\.com/g)).to.deep.equal([]);
    });
  }

  it('breaks Japanese between phrases, never inside a word', async () => {
    const words = /パスワード|メールアドレス|ログイン|ください|コード|リクエスト/g;
    for (const name of ['email', 'code with cells and countdowns', 'rate limited for seconds', 'link sent', 'landing', 'signed in']) {
      const element = await show(scenes.find((scene) => scene.name === name)!, 'ja');
      expect(cutAtSomeWidth(element, words), name).to.deep.equal([]);
      history.replaceState(null, '', home);
    }
  });

  for (const locale of ['ja', 'zh-Hans']) {
    it(`starts no ${locale} line with closing punctuation, a small kana or a prolonged sound mark`, async () => {
      for (const name of ['email', 'code with cells and countdowns', 'offline', 'link sent', 'landing']) {
        const element = await show(scenes.find((scene) => scene.name === name)!, locale);
        expect(lineStartsAtSomeWidth(element, `${closing}ーぁぃぅぇぉっゃゅょァィゥェォッャュョ`), name).to.deep.equal([]);
        history.replaceState(null, '', home);
      }
    });
  }
});

/** How many lines the first occurrence of `wanted` in the text of `container` is drawn on, across its text nodes. */
function linesOf(container: Element, wanted: string): number {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const characters: [Text, number][] = [];
  while (walker.nextNode()) for (let index = 0; index < (walker.currentNode as Text).data.length; index++) characters.push([walker.currentNode as Text, index]);
  const all = characters.map(([node, index]) => node.data[index]).join('');
  const start = all.indexOf(wanted);
  expect(start, `“${wanted}” in “${all}”`).to.be.greaterThanOrEqual(0);
  const tops = characters.slice(start, start + wanted.length).map(([node, index]) => lineTop(node, index));
  return new Set(tops.map((top) => Math.round((top - tops[0]!) / 4))).size;
}

describe('<pwless-login> landing details on a phone', () => {
  afterEach(() => history.replaceState(null, '', home));
  const requestedAt = Date.UTC(2026, 10, 22, 4, 28);

  for (const locale of ['zh-Hans', 'ja']) {
    it(`keeps the time and the device each on one line at 320 px in ${locale}, in the locale’s order`, async () => {
      const element = await show({ name: 'landing', link: 'token-1', play: (client) => ((client.link = { to: address, requestedAt, userAgent: 'Mozilla/5.0 (iPhone) Safari/604.1' }), async () => undefined) }, locale);
      const time = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(requestedAt);
      const details = find(element, '[part~=landing] [part~=hint]');
      for (const width of [phoneWidth, ...widths.filter((width) => width >= 240)]) {
        element.style.inlineSize = `${width}px`;
        expect(linesOf(details, time), `${time} at ${width} px`).to.equal(1);
        expect(linesOf(details, 'Safari / iPhone'), `the device at ${width} px`).to.equal(1);
      }
      element.style.inlineSize = `${phoneWidth}px`;
      expect(overflowing(element)).to.deep.equal([]);
      expect(find(element, '[part~=landing-time]').textContent).to.equal(time);
      expect(find(element, '[part~=landing-device]').textContent).to.equal('Safari / iPhone');
      const sentence = (await loadMessages(locale)).landingDetails!;
      expect(details.textContent!.replace(/\s+/g, ' ').trim()).to.equal(sentence.replace('{time}', time).replace('{device}', 'Safari / iPhone'));
    });
  }
});

describe('<pwless-login> phone hints', () => {
  for (const locale of supportedLocales) {
    it(`keeps the example phone number on one line in ${locale}`, async () => {
      const element = await mount(new FakeClient(), { channel: 'sms', lang: locale });
      await settle(element);
      expect(cutAtSomeWidth(element, /\+\d[\d\s]*\d/g)).to.deep.equal([]);
    });
  }
});
