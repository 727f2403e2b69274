import { expect } from '@open-wc/testing';
import { createClient, type DialectName, type PwlessClient } from '@pwless/sdk';
import { loadMessages, supportedLocales } from '../src/locale.js';
import { askEmailTexts } from '../src/locales/ask-email.js';
import { vendorFetch } from '../../../test/helpers/vendor-fetch.js';
import { find, mount, settle, type, typeEmailAndContinue } from './helpers/element.js';

// Each vendor's refusals reach the person as our own words, here in German: the element renders the
// PwlessError code the dialect mapped, never the vendor's text. Real SDK, mock variants behind it.

let count = 0;
/** A vendor client on a base URL no other test uses, over `fetchFunction` (default: the variant itself). */
function vendor(dialect: DialectName, wrap: (variant: typeof fetch, base: string) => typeof fetch = (variant) => variant) {
  count += 1;
  const base = `https://${dialect}-${count}-${crypto.randomUUID().slice(0, 6)}.pwless.test${dialect === 'appwrite' ? '/v1' : ''}`;
  const variant = vendorFetch({ dialect, issuer: base });
  // Firebase's issuer is the Identity Toolkit base, served under the mock's (as the Auth emulator does).
  const issuer = dialect === 'firebase' ? `${base}/identitytoolkit.googleapis.com` : base;
  const client: PwlessClient = createClient({ dialect, issuer, clientId: 'pwless-demo', linkUri: `${location.origin}${location.pathname}`, fetch: wrap(variant, base) });
  const lastMessageTo = async (to: string) => {
    const inbox = (await (await variant(`${base}/_mock/inbox`)).json()) as { to: string; code?: string; link?: string }[];
    return inbox.filter((message) => message.to === to).at(-1)!;
  };
  const latest = async (to: string) => (await lastMessageTo(to)).code!;
  const latestLink = async (to: string) => (await lastMessageTo(to)).link!;
  const configure = (config: object) => variant(`${base}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
  const addUser = (email: string) => variant(`${base}/_mock/users`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email }) });
  return { client, base, latest, latestLink, configure, addUser, variant };
}

/** Answers `path` under the base URL with `answer` instead of the variant (what the variant cannot be made to say from a test page). */
function answering(path: string, answer: () => Response) {
  return (variant: typeof fetch, base: string): typeof fetch =>
    async (input, init) => {
      const request = new Request(input, init);
      return request.url.startsWith(`${base}${path}`) ? answer() : variant(request);
    };
}

type Element = Awaited<ReturnType<typeof mount>>;

/** Waits (up to 5 s) until `done()` holds: the requests go through the real SDK's lazy chunks and the mock. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 5000; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
}

const alert = (element: Element) => element.shadowRoot!.querySelector('[role=alert]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Sends the address and waits for the code step (or an error). */
async function sendAddress(element: Element, email: string): Promise<void> {
  await typeEmailAndContinue(element, email);
  await element.updateComplete;
  await until(() => element.matches(':state(code)') || alert(element) !== '');
  await settle(element);
}

/** Types a code (the last digit submits) and waits for the error it ends in. */
async function submitCode(element: Element, code: string): Promise<void> {
  type(find<HTMLInputElement>(element, '#code'), code);
  // The old error leaves the screen with the render that shows "verifying".
  await element.updateComplete;
  await until(() => !element.matches(':state(verifying)') && alert(element) !== '');
  await settle(element);
}

const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');

describe('<pwless-login> with vendor dialects: vendor errors in our words', () => {
  let de: Awaited<ReturnType<typeof loadMessages>>;
  before(async () => (de = await loadMessages('de')));

  /**
   * Sends ada@example.com, types a wrong code, then (past the code lifetime of 2 s the test set) the
   * right one: the first is refused as a wrong code, the second as an expired one, each in German, and
   * the page stays accessible.
   */
  async function wrongThenExpired(element: Element, latest: (to: string) => Promise<string>): Promise<void> {
    await sendAddress(element, 'ada@example.com');
    const code = await latest('ada@example.com');
    await submitCode(element, wrongFor(code));
    expect(alert(element)).to.equal(de.errors.invalid_code);
    await expect(element).to.be.accessible();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await submitCode(element, code);
    expect(alert(element)).to.equal(de.errors.code_expired);
    await expect(element).to.be.accessible();
  }

  it('Appwrite: a wrong code, an expired code and the hourly limit (429) each in German, and the page stays accessible', async () => {
    const { client, latest, configure } = vendor('appwrite');
    await configure({ codeLifetime: 2 });
    const element = await mount({ asClient: () => client }, { lang: 'de' });
    await wrongThenExpired(element, latest);
    const again = vendor('appwrite');
    const limited = await mount({ asClient: () => again.client }, { lang: 'de' });
    await sendAddress(limited, 'eve@example.com');
    const wrong = wrongFor(await again.latest('eve@example.com'));
    for (let attempt = 0; attempt < 11 && !alert(limited).startsWith(de.errors.rate_limited); attempt += 1) await submitCode(limited, wrong);
    expect(alert(limited)).to.equal(de.errors.rate_limited);
    await expect(limited).to.be.accessible();
  });

  it('Kratos: 4010008 with the tries left, too many submissions, an expired flow and a 429, each in German', async () => {
    const { client, latest, addUser } = vendor('kratos');
    await addUser('bob@example.com');
    const element = await mount({ asClient: () => client }, { lang: 'de' });
    await sendAddress(element, 'bob@example.com');
    const wrong = wrongFor(await latest('bob@example.com'));
    await submitCode(element, wrong);
    expect(alert(element)).to.equal(de.attemptsLeft.other.replace('{count}', '4'));
    await expect(element).to.be.accessible();
    for (let attempt = 0; attempt < 6 && element.matches(':state(code)'); attempt += 1) await submitCode(element, wrong);
    expect(alert(element)).to.equal(de.errors.too_many_attempts);
    await expect(element).to.be.accessible();

    const expiring = vendor('kratos');
    await expiring.addUser('eve@example.com');
    const expired = await mount({ asClient: () => expiring.client }, { lang: 'de' });
    await sendAddress(expired, 'eve@example.com');
    const code = await expiring.latest('eve@example.com');
    await expiring.configure({ clockOffset: 2 * 60 * 60 * 1000 });
    await submitCode(expired, code);
    expect(alert(expired)).to.equal(de.errors.code_expired);

    const busy = vendor('kratos', answering('/self-service/login/browser', () => Response.json({ error: { code: 429, status: 'Too Many Requests', message: 'rate limited' } }, { status: 429, headers: { 'Retry-After': '30' } })));
    const limited = await mount({ asClient: () => busy.client }, { lang: 'de' });
    await sendAddress(limited, 'sam@example.com');
    expect(alert(limited)).to.equal(de.errors.rate_limited);
  });

  it('Auth0: its descriptions of a wrong code, an expired code and too many attempts, and the 50-an-hour limit, each in German', async () => {
    const refusal = (description: string) => () => Response.json({ error: 'access_denied', error_description: description }, { status: 403 });
    const cases: [string, string][] = [
      ['Wrong email or verification code.', de.attemptsLeft.other.replace('{count}', '2')],
      ['The verification code has expired. Please try to login again.', de.errors.code_expired],
      ["You've reached the maximum number of attempts. Please try to login again.", de.errors.too_many_attempts],
    ];
    for (const [description, shown] of cases) {
      const { client } = vendor('auth0', answering('/co/authenticate', refusal(description)));
      const element = await mount({ asClient: () => client }, { lang: 'de' });
      await sendAddress(element, 'ada@example.com');
      await submitCode(element, '123456');
      expect(alert(element), description).to.equal(shown);
      await expect(element).to.be.accessible();
    }
    const busy = vendor('auth0', answering('/passwordless/start', () => Response.json({ error: 'too_many_requests', error_description: 'Too many requests.' }, { status: 429, headers: { 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 60) } })));
    const limited = await mount({ asClient: () => busy.client }, { lang: 'de' });
    await sendAddress(limited, 'ada@example.com');
    expect(alert(limited)).to.equal(de.errors.rate_limited);
  });

  it('Stytch: otp_code_not_found, an expired code (unable_to_auth_otp_code) and too_many_requests (429) each in German, and the page stays accessible', async () => {
    const { client, latest, configure } = vendor('stytch');
    await configure({ codeLifetime: 2, sendsPerHour: 1 });
    const element = await mount({ asClient: () => client }, { lang: 'de' });
    await wrongThenExpired(element, latest);
    // The second email to the same address within the hour is refused (sendsPerHour: 1).
    const limited = await mount({ asClient: () => client }, { lang: 'de' });
    await sendAddress(limited, 'ada@example.com');
    expect(alert(limited)).to.equal(de.errors.rate_limited);
    await expect(limited).to.be.accessible();
  });

  it('Supabase: GoTrue\'s otp_expired as a wrong code and, past the OTP expiry, as an expired one; one email a minute (over_email_send_rate_limit); sign-up off (otp_disabled), each in German', async () => {
    const { base, variant, latest, configure } = vendor('supabase');
    await configure({ codeLifetime: 2 });
    const supabase = (options: object = {}) => createClient({ dialect: 'supabase', issuer: base, clientId: 'pwless-demo', fetch: variant, otpExpiry: 2, ...options });
    const element = await mount({ asClient: () => supabase() }, { lang: 'de' });
    await wrongThenExpired(element, latest);
    const again = vendor('supabase');
    await again.client.start({ email: 'eve@example.com' });
    // A new tab (nothing in progress in its sessionStorage) asks for the same address within the minute.
    sessionStorage.removeItem('pwless-login:pending');
    const limited = await mount({ asClient: () => again.client }, { lang: 'de' });
    await sendAddress(limited, 'eve@example.com');
    expect(alert(limited)).to.equal(de.errors.rate_limited);
    await expect(limited).to.be.accessible();
    const closed = await mount({ asClient: () => supabase({ createUser: false }) }, { lang: 'de' });
    await sendAddress(closed, 'new@example.com');
    expect(alert(closed)).to.equal(de.errors.signup_disabled);
  });

  it('Kratos offers the code even where the page asks for links: it has no links for sign-in', async () => {
    const { client, addUser } = vendor('kratos');
    await addUser('lin@example.com');
    const element = await mount({ asClient: () => client }, { lang: 'en', delivery: 'link' });
    await sendAddress(element, 'lin@example.com');
    await settle(element);
    expect(element.matches(':state(code)')).to.equal(true);
  });

  describe('Firebase (links only)', () => {
    const home = location.href;
    afterEach(() => history.replaceState(null, '', home));

    /** Opens `link` as this page's address and mounts the element there: its landing page. */
    async function land(client: PwlessClient, link: string, lang = 'de') {
      history.replaceState(null, '', link);
      const element = await mount({ asClient: () => client }, { lang });
      await until(() => element.shadowRoot!.querySelector('[part~="confirm-button"]') !== null || alert(element) !== '');
      await settle(element);
      return element;
    }

    async function confirm(element: Element): Promise<void> {
      find<HTMLButtonElement>(element, '[part~="confirm-button"]').click();
      await element.updateComplete;
      await until(() => element.matches(':state(signed-in)') || alert(element) !== '');
      await settle(element);
    }

    it('the landing page\'s texts for a retyped address exist in every locale the element ships', () => {
      expect(Object.keys(askEmailTexts)).to.have.members([...supportedLocales]);
      for (const texts of Object.values(askEmailTexts)) expect(texts.ask.length * texts.wrong.length).to.be.greaterThan(0);
    });

    it('offers only the link: a page set for codes shows "check your inbox", never a code field', async () => {
      const { client } = vendor('firebase');
      const element = await mount({ asClient: () => client }, { lang: 'en' });
      await typeEmailAndContinue(element, 'ada@example.com');
      await until(() => element.matches(':state(link-sent)') || alert(element) !== '');
      await settle(element);
      expect(element.matches(':state(link-sent)')).to.equal(true);
      expect(element.shadowRoot!.querySelector('#code')).to.equal(null);
    });

    it('on another device the landing page asks for the address in German; a wrong one is said so with what was typed kept, the right one signs in', async () => {
      const { client, latestLink } = vendor('firebase');
      await client.start({ email: 'far@example.com' });
      // A second device never had this sign-in.
      client.cancel();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const element = await land(client, await latestLink('far@example.com'));
      expect(element.shadowRoot!.textContent).to.include(askEmailTexts['de']!.ask);
      const field = find<HTMLInputElement>(element, '#identifier');
      type(field, 'near@example.com');
      await confirm(element);
      expect(alert(element)).to.equal(askEmailTexts['de']!.wrong);
      expect(find<HTMLInputElement>(element, '#identifier').value).to.equal('near@example.com');
      expect(find<HTMLInputElement>(element, '#identifier').getAttribute('aria-invalid')).to.equal('true');
      await expect(element).to.be.accessible();
      type(find<HTMLInputElement>(element, '#identifier'), 'far@example.com');
      await confirm(element);
      expect(element.matches(':state(signed-in)')).to.equal(true);
      expect(location.search).to.not.include('oobCode');
    });

    it('an expired link (EXPIRED_OOB_CODE), a spent one (INVALID_OOB_CODE) and the send limit (TOO_MANY_ATTEMPTS_TRY_LATER), each in German', async () => {
      const { client, latestLink, configure } = vendor('firebase');
      await configure({ codeLifetime: 1, sendsPerHour: 2 });
      await client.start({ email: 'bob@example.com' });
      const expired = await latestLink('bob@example.com');
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const expiredPage = await land(client, expired);
      await confirm(expiredPage);
      expect(alert(expiredPage)).to.equal(de.errors.link_invalid);
      await expect(expiredPage).to.be.accessible();
      expiredPage.remove();
      await configure({ codeLifetime: 3600 });
      await client.start({ email: 'bob@example.com' });
      const link = await latestLink('bob@example.com');
      await client.approveLink(link);
      await client.signOut();
      // Signed out, this browser keeps no sign-in: the landing page asks for the address first.
      const spentPage = await land(client, link);
      await confirm(spentPage);
      expect(alert(spentPage)).to.equal(de.invalidEmail);
      type(find<HTMLInputElement>(spentPage, '#identifier'), 'bob@example.com');
      await confirm(spentPage);
      expect(alert(spentPage)).to.equal(de.errors.link_invalid);
      spentPage.remove();
      history.replaceState(null, '', home);
      const limited = await mount({ asClient: () => client }, { lang: 'de' });
      await sendAddress(limited, 'bob@example.com');
      expect(alert(limited)).to.equal(de.errors.rate_limited);
      await expect(limited).to.be.accessible();
    });
  });
});
