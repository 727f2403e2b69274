import { expect } from '@open-wc/testing';
import type { PwlessClient } from '../src/index.js';
import { mockFetch } from '../../../test/helpers/mock-fetch.js';
import { freshIssuer, recording } from './support/helpers.js';
import { signedIn } from './support/sign-in.js';

const tabCount = 5;
const cycles = 20;

/** Opens a same-origin iframe with its own copy of the SDK: as far as the SDK can tell, another tab. */
async function openTab(): Promise<typeof import('../src/index.js')> {
  const frame = document.createElement('iframe');
  frame.src = new URL('./fixtures/tab.html', import.meta.url).href;
  document.body.append(frame);
  for (let waited = 0; waited < 5000; waited += 20) {
    const sdk = frame.contentWindow?.pwless;
    if (sdk) return sdk;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the tab did not load');
}

function wait(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

describe('five tabs', function () {
  this.timeout(30_000);

  it('renew the access token 20 times concurrently without ever reusing a rotated refresh token, and sign out together', async () => {
    const issuer = freshIssuer();
    const recorder = recording(mockFetch({ issuer, config: { accessTokenLifetime: 1 } }));
    const refusals: string[] = [];
    const watched: typeof fetch = async (input, init) => {
      const response = await recorder.fetch(input, init);
      if (new Request(input, init).url.endsWith('/token') && !response.ok) refusals.push(await response.clone().text());
      return response;
    };
    const first = await signedIn(watched, issuer, 'tabs@example.com', { persistence: 'local' });
    const sdks = await Promise.all(Array.from({ length: tabCount }, openTab));
    const tabs: PwlessClient[] = sdks.map((sdk) => sdk.createClient({ issuer, clientId: 'pwless-demo', fetch: watched, persistence: 'local' }));
    await Promise.all(tabs.map((tab) => tab.resume()));
    first.close();

    const refreshes = () => recorder.requests.filter((request) => request.url.endsWith('/token')).length - 1;
    for (let cycle = 0; cycle < cycles; cycle += 1) {
      const expiresSoon = tabs[0]!.session!.expiresAt - 500;
      await wait(Math.max(0, expiresSoon - Date.now()) + 20);
      const tokens = await Promise.all(tabs.map((tab) => tab.getAccessToken()));
      expect(new Set(tokens).size, `cycle ${cycle}`).to.equal(1);
    }
    expect(refusals).to.deep.equal([]);
    expect(refreshes()).to.equal(cycles);
    const userinfo = await tabs[3]!.fetch(`${issuer}/userinfo`);
    expect(userinfo.status).to.equal(200);

    const started = performance.now();
    const heard = Promise.all(tabs.slice(1).map((tab) => new Promise((resolve) => tab.addEventListener('signedout', resolve))));
    await tabs[0]!.signOut();
    await heard;
    const signOutMs = performance.now() - started;
    // One line of figures that `npm run report:reliability` reads from the test runner's output.
    console.log(`pwless-report five-tabs ${JSON.stringify({ tabs: tabCount, cycles, refreshes: refreshes(), refusals: refusals.length, signOutMs: Math.round(signOutMs) })}`);
    expect(signOutMs).to.be.below(1000);
    expect(tabs.every((tab) => tab.session === undefined)).to.equal(true);
    for (const tab of tabs) tab.close();
  });
});
