// Abuse of the provider over HTTP on 127.0.0.1: guessing codes, telling known addresses from
// unknown ones, HTML in what people and apps send, open redirects, and bodies built to hurt.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { record } from './settings.mjs';
import { siteOrigin, startTestProvider } from './provider.mjs';

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

async function challenge(issuer, form, headers = {}) {
  const started = performance.now();
  const response = await fetch(`${issuer}/challenge`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });
  const body = await response.json();
  return { status: response.status, body, milliseconds: performance.now() - started };
}

const start = (issuer, address, extra = {}, headers = {}) =>
  challenge(issuer, { response_type: 'code', client_id: 'site', login_hint: address, scope: 'openid email', code_challenge: pkce().challenge, code_challenge_method: 'S256', ...extra }, headers);

/** The next guess of a brute-forcer walking the code space, never the real code (which the test reads from the mail). */
function guesser() {
  let next = 0;
  return (realCode) => {
    let guess = String(next++).padStart(6, '0');
    if (guess === realCode) guess = String(next++).padStart(6, '0');
    return guess;
  };
}

/**
 * Tries `tries` wrong codes, starting a new sign-in for `addressOf(n)` whenever the current one
 * died or none could be started. Counts what the provider did with each try.
 */
async function bruteForce(running, tries, addressOf) {
  const { issuer, smtp } = running;
  const guess = guesser();
  const counts = { tries: 0, compared: 0, signInsStarted: 0, startsRefused: 0, killedAtTry: [], accepted: 0 };
  let session;
  let realCode;
  let triesInSession = 0;
  while (counts.tries < tries) {
    if (!session) {
      const address = addressOf(counts.signInsStarted + counts.startsRefused);
      const before = smtp.messages.length;
      const started = await start(issuer, address);
      counts.tries++; // a start spends one of the tries: the attacker's budget is requests
      if (started.status !== 403 || started.body.error !== 'insufficient_authorization') {
        assert.equal(started.body.error, 'slow_down', JSON.stringify(started.body));
        counts.startsRefused++;
        continue;
      }
      counts.signInsStarted++;
      session = started.body.auth_session;
      realCode = (await smtp.next(address, before)).code;
      triesInSession = 0;
      continue;
    }
    const answer = await challenge(issuer, { response_type: 'code', client_id: 'site', auth_session: session, otp: guess(realCode) });
    counts.tries++;
    triesInSession++;
    if (answer.status === 200) counts.accepted++;
    if (answer.body.error === 'invalid_otp' || answer.body.error === 'otp_attempts_exceeded') counts.compared++;
    if (answer.body.error === 'otp_attempts_exceeded') {
      counts.killedAtTry.push(triesInSession);
      // Dead for good: the right code does not bring it back.
      const late = await challenge(issuer, { response_type: 'code', client_id: 'site', auth_session: session, otp: realCode });
      assert.equal(late.body.error, 'invalid_session');
      session = undefined;
    } else assert.equal(answer.body.error, 'invalid_otp', JSON.stringify(answer.body));
  }
  return counts;
}

describe('brute force of a code', () => {
  let running;
  before(async () => {
    // The defaults: 3 tries a sign-in, 10 messages an hour per address, 30 per IP.
    running = await startTestProvider({ users: Array.from({ length: 40 }, (_, index) => `person${index}@example.com`) });
  });
  after(() => running?.close());

  it('holds over 1,000 tries at one address: every sign-in dies at its 3rd wrong code, at most 10 sign-ins an hour', async (t) => {
    const counts = await bruteForce(running, 1000, () => 'person0@example.com');
    t.diagnostic(JSON.stringify(counts));
    assert.equal(counts.accepted, 0);
    assert.ok(counts.signInsStarted <= 10, `${counts.signInsStarted} sign-ins`);
    assert.ok(counts.killedAtTry.every((at) => at === 3), String(counts.killedAtTry));
    assert.ok(counts.compared <= 10 * 3);
    await record({
      group: 'Abuse',
      check: 'Brute force of a code at one address: 1,000 requests (starts and guesses) from one IP',
      inputs: counts.tries,
      result: `${counts.signInsStarted} sign-ins started, ${counts.startsRefused} starts refused (slow_down), every sign-in ended at its 3rd wrong code (${counts.killedAtTry.length} of them), none accepted`,
      figures: `codes compared: ${counts.compared} of 1,000 tries; bound per address: sendsPerHour × maxAttempts = 10 × 3 = 30 guesses an hour, a chance of 30 / 10^6 = 0.003 % an hour for a 6-digit code`,
    });
  });

  it('holds over 1,000 tries from one IP spread over many addresses: at most 30 sign-ins an hour', async (t) => {
    const counts = await bruteForce(running, 1000, (index) => `person${1 + (index % 39)}@example.com`);
    t.diagnostic(JSON.stringify(counts));
    assert.equal(counts.accepted, 0);
    assert.ok(counts.signInsStarted <= 30 - 10, `${counts.signInsStarted} sign-ins`);
    assert.ok(counts.killedAtTry.every((at) => at === 3));
    await record({
      group: 'Abuse',
      check: 'Brute force of codes from one IP across 39 addresses: 1,000 requests',
      inputs: counts.tries,
      result: `${counts.signInsStarted} sign-ins started (the IP had already spent 10 of its 30 an hour on the previous check), ${counts.startsRefused} starts refused, each ended at its 3rd wrong code, none accepted`,
      figures: `codes compared: ${counts.compared}; bound per IP: sendsPerHourPerIp × maxAttempts = 30 × 3 = 90 guesses an hour (0.009 % for one 6-digit code)`,
    });
  });
});

describe('enumeration with protection on', () => {
  let running;
  const pairs = 60;
  before(async () => {
    running = await startTestProvider({ policy: { sendsPerHour: 100, sendsPerHourPerIp: 10_000 }, users: Array.from({ length: pairs }, (_, index) => `member${index}@example.com`) });
  });
  after(() => running?.close());

  it('answers known and unknown addresses alike; the timing difference is measured, not hidden', async (t) => {
    const known = [];
    const unknown = [];
    for (let index = 0; index < pairs; index++) {
      // Interleaved, order alternating, so drift in the machine's load hits both sides alike.
      const order = index % 2 === 0 ? ['known', 'unknown'] : ['unknown', 'known'];
      for (const side of order) {
        const answer = side === 'known' ? await start(running.issuer, `member${index}@example.com`) : await start(running.issuer, `nobody${index}@example.com`);
        (side === 'known' ? known : unknown).push(answer);
      }
    }
    const shape = (answer) => JSON.stringify({ status: answer.status, keys: Object.keys(answer.body).sort(), pwless: Object.entries(answer.body.pwless ?? {}).map(([key, value]) => [key, typeof value]).sort() });
    for (let index = 0; index < pairs; index++) assert.equal(shape(unknown[index]), shape(known[index]));
    const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const knownMedian = median(known.map((answer) => answer.milliseconds));
    const unknownMedian = median(unknown.map((answer) => answer.milliseconds));
    const ratio = knownMedian / unknownMedian;
    t.diagnostic(`median known ${knownMedian.toFixed(2)} ms, unknown ${unknownMedian.toFixed(2)} ms, ratio ${ratio.toFixed(2)}`);
    await record({
      group: 'Abuse',
      check: `Enumeration with protection on: ${pairs} known and ${pairs} unknown addresses, interleaved`,
      inputs: pairs * 2,
      result: 'identical answers (status, fields, field types)',
      figures: `median start known ${knownMedian.toFixed(2)} ms, unknown ${unknownMedian.toFixed(2)} ms: ratio ${ratio.toFixed(2)} (reported, not asserted; an unknown address waits about as long as the recent SMTP hand-offs took)`,
    });
  });
});

describe('HTML, redirects and bodies built to hurt', () => {
  let running;
  const appName = '<script>alert(1)</script><img src=x onerror=alert(2)> & "Family"';
  before(async () => {
    running = await startTestProvider({
      policy: { sendsPerHour: 100, sendsPerHourPerIp: 10_000, deliveries: ['code', 'link'] },
      users: ["o'hara&sons+{x}/=?!#$%^|~`@example.com"],
      clients: [{ client_id: 'tricky', client_name: appName, redirect_uris: ['https://tricky.example.com/cb'] }],
    });
  });
  after(() => running?.close());

  it('renders HTML in app names, login hints and user agents as text on its pages and in its mails', async () => {
    const { issuer, smtp } = running;
    const hint = '"><script>alert(3)</script>@example.com';
    const authorize = await fetch(`${issuer}/auth?client_id=tricky&response_type=code&scope=openid&redirect_uri=https://tricky.example.com/cb&code_challenge=${pkce().challenge}&code_challenge_method=S256&state=s&login_hint=${encodeURIComponent(hint)}`, { redirect: 'manual' });
    assert.equal(authorize.status, 303);
    const cookie = authorize.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const page = await (await fetch(new URL(authorize.headers.get('location'), issuer), { headers: { Cookie: cookie } })).text();
    assert.match(page, /<h1>&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt; &amp; &quot;Family&quot;<\/h1>/);
    assert.doesNotMatch(page, /<script>alert|<img src=x|"><script>alert/);
    assert.match(page, /data-login-hint="&quot;&gt;&lt;script&gt;alert\(3\)&lt;\/script&gt;@example\.com"/);

    // An address with HTML's angle brackets is no address; one with the other specials works and stays text.
    assert.equal((await start(issuer, '<script>alert(4)</script>@example.com')).body.pwless_reason, 'invalid_identifier');
    const address = "o'hara&sons+{x}/=?!#$%^|~`@example.com";
    const before = smtp.messages.length;
    const userAgent = '<script>alert(5)</script><b>Evil</b>';
    const started = await start(issuer, address, { pwless_delivery: 'link', pwless_link_uri: `${siteOrigin}/link` }, { Origin: siteOrigin, 'User-Agent': userAgent });
    assert.equal(started.status, 403, JSON.stringify(started.body));
    const mail = await smtp.next(address, before);
    assert.doesNotMatch(mail.raw, /<script|<b>Evil|onerror/);
    const html = mail.raw.slice(mail.raw.indexOf('text/html'));
    assert.doesNotMatch(html, /o'hara&sons/);
    // The landing page gets the asking browser as data (JSON), which the element renders as text.
    const token = new URL(mail.link ?? /https:\/\/family\.example\.com\/link\?pwless_link=[\w.-]+/.exec(mail.raw)[0]).searchParams.get('pwless_link');
    const inspected = await challenge(issuer, { response_type: 'code', client_id: 'site', pwless_link: token, pwless_action: 'inspect' }, { Origin: siteOrigin });
    assert.equal(typeof inspected.body.to, 'string', JSON.stringify(inspected.body));
    // A User-Agent the provider cannot describe comes back as it was sent: data in JSON, for the
    // element to render as text.
    assert.equal(inspected.body.user_agent, userAgent);
    assert.match(inspected.headers?.get?.('content-type') ?? 'application/json', /json/);
    await record({ group: 'Abuse', check: 'HTML and script in an app name, a login_hint, an address and a User-Agent', inputs: 4, result: "escaped on the sign-in page (h1, data attribute); an address with < > refused as invalid_identifier; the mail holds none of it as markup; an unrecognised User-Agent comes back verbatim in the link's JSON details (the element renders it as text; not checked in a browser here)" });
  });

  it('redirects nowhere it was not told: unregistered redirect_uri, post_logout_redirect_uri, link URIs', async () => {
    const { issuer } = running;
    const attempts = [
      `${issuer}/auth?client_id=site&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://evil.example/')}&code_challenge=${pkce().challenge}&code_challenge_method=S256`,
      `${issuer}/auth?client_id=site&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(`${siteOrigin}.evil.example/`)}&code_challenge=${pkce().challenge}&code_challenge_method=S256`,
      `${issuer}/auth?client_id=site&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(`${siteOrigin}/@evil.example`)}&code_challenge=${pkce().challenge}&code_challenge_method=S256`,
      `${issuer}/session/end?client_id=site&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`,
      `${issuer}/session/end?client_id=site&post_logout_redirect_uri=${encodeURIComponent(`${siteOrigin}/bye/../../evil`)}`,
    ];
    for (const url of attempts) {
      const response = await fetch(url, { redirect: 'manual' });
      const location = response.headers.get('location') ?? '';
      assert.doesNotMatch(location, /evil/, url);
      assert.ok(response.status === 400 || (response.status >= 300 && response.status < 400 && location.startsWith(issuer)) || response.status === 200, `${response.status} ${url}`);
      if (response.status === 200) assert.doesNotMatch(await response.text(), /evil\.example/);
    }
    for (const linkUri of ['https://evil.example/link', `${siteOrigin}.evil.example/link`, `${siteOrigin}/link/../evil`, `${siteOrigin}/link?x=https://evil.example`, 'javascript:alert(1)']) {
      const answer = await start(issuer, "o'hara&sons+{x}/=?!#$%^|~`@example.com", { pwless_delivery: 'link', pwless_link_uri: linkUri }, { Origin: siteOrigin });
      assert.equal(answer.status, 400, linkUri);
      assert.equal(answer.body.error, 'invalid_request');
    }
    await record({ group: 'Abuse', check: 'Open-redirect attempts: unregistered and look-alike redirect_uri (3), post_logout_redirect_uri (2), link URIs (5)', inputs: 10, result: 'no redirect leaves for an unregistered address; link URIs refused with invalid_request' });
  });

  it('answers deeply nested and oversized bodies on every POST endpoint without a 5xx, and keeps answering', async () => {
    const { issuer } = running;
    const endpoints = ['/challenge', '/token', '/token/revocation', '/token/introspection', '/interaction/x/finish', '/session/end/confirm', '/request', '/reg'];
    const nested = (depth) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const bodies = [
      ['application/json', nested(100_000)],
      ['application/json', JSON.stringify({ grant_type: 'x'.repeat(2_000_000) })],
      ['application/x-www-form-urlencoded', `a${'[b]'.repeat(50_000)}=1`],
      ['application/x-www-form-urlencoded', Array.from({ length: 100_000 }, (_, index) => `p${index}=1`).join('&')],
      ['application/x-www-form-urlencoded', `code=${'1'.repeat(4_000_000)}`],
    ];
    let requests = 0;
    const statuses = new Set();
    for (const path of endpoints) {
      for (const [type, body] of bodies) {
        const response = await fetch(`${issuer}${path}`, { method: 'POST', headers: { 'Content-Type': type, Origin: issuer }, body }).catch((error) => ({ status: 'closed', error }));
        requests++;
        // A body over the limit is answered 413 and the connection closed before the rest is read;
        // fetch then reports the closed socket instead of the answer. Either way nothing was processed.
        statuses.add(response.status);
        if (response.status === 'closed') assert.match(String(response.error.cause?.code ?? response.error.cause), /UND_ERR_SOCKET|EPIPE|ECONNRESET|other side closed/, `${path}: ${response.error.cause}`);
        else {
          assert.ok(response.status < 500, `${path} ${type} ${body.length} bytes: ${response.status}`);
          // More than any endpoint reads: the connection closes with the answer, rather than the server reading on.
          assert.equal(response.headers.get('connection'), 'close', `${path} ${type} ${body.length} bytes`);
        }
        await response.body?.cancel();
      }
    }
    assert.deepEqual(await (await fetch(`${issuer}/healthz`)).json(), { status: 'ok' });
    await record({ group: 'Abuse', check: `Deeply nested (100,000 levels) and oversized (up to 4 MB, 100,000 fields) JSON and form bodies on ${endpoints.length} POST endpoints`, inputs: requests, result: `no 5xx (statuses ${[...statuses].sort().join(', ')}), each answer with Connection: close (more than any endpoint reads); /healthz answers afterwards` });
  });
});
