// Faults of @pwless/provider as people run it (packages/provider/test/harness.mjs): its command
// with a config file, a real SMTP server behind a TCP relay the test can take down, an app on
// openid-client, the provider's own sign-in page in Chromium, in German. The mail server down for a
// while, and the provider restarted between sending the code and typing it.
import assert from 'node:assert/strict';
import { createServer, connect } from 'node:net';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from '../../e2e/browser.mjs';
import { collectPageErrors } from '../../e2e/page-errors.mjs';
import { freePort, run, startProviderProcess, startRelyingParty, startSmtp, writeConfig } from '../../packages/provider/test/harness.mjs';
import { localeMessages, recordFault } from './faults-fixture.mjs';

const de = await localeMessages('de');

/** A TCP relay in front of the SMTP server: `down()` stops listening (connections refused), `up()` listens on the same port again. */
async function smtpRelay(target) {
  const port = await freePort();
  const sockets = new Set();
  let server;
  const up = async () => {
    server = createServer((socket) => {
      const upstream = connect(target, '127.0.0.1');
      sockets.add(socket).add(upstream);
      socket.pipe(upstream).pipe(socket);
      const end = () => (socket.destroy(), upstream.destroy(), sockets.delete(socket), sockets.delete(upstream));
      socket.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
  };
  await up();
  return {
    port,
    up,
    async down() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('faults of the provider, in Chromium', () => {
  let smtp, relay, provider, app, browser, config;
  const email = 'oma@example.com';

  before(async () => {
    smtp = await startSmtp();
    relay = await smtpRelay(smtp.port);
    const [providerPort, appPort] = [await freePort(), await freePort()];
    config = await writeConfig({
      issuer: `http://127.0.0.1:${providerPort}`,
      port: providerPort,
      dataDir: './data',
      smtp: { host: '127.0.0.1', port: relay.port, secure: false, from: 'Fotos <fotos@example.com>' },
      signups: false,
      clients: [{ client_id: 'fotos', client_secret: 'fotos-secret-0123456789', token_endpoint_auth_method: 'client_secret_post', redirect_uris: [`http://127.0.0.1:${appPort}/callback`] }],
    });
    const added = await run(['users', 'add', email, '--config', config.file]);
    assert.equal(added.code, 0, added.stderr);
    provider = await startProviderProcess(config.file);
    app = await startRelyingParty({ issuer: provider.issuer, clientId: 'fotos', clientSecret: 'fotos-secret-0123456789', authMethod: 'client_secret_post', port: appPort });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    // Killed rather than stopped: a SIGTERM can wait on a keep-alive connection (docs/reliability.md).
    if (provider) await Promise.race([provider.kill(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    await relay?.down().catch(() => undefined);
    await Promise.all([app?.close(), smtp?.close()]);
  });

  /** The provider's sign-in page for the app, in German, with the address typed. */
  async function signInPage(context) {
    const page = await context.newPage();
    await page.goto(`${app.origin}/login?ui_locales=de`);
    assert.match(page.url(), /\/interaction\//);
    await page.getByLabel(de.emailLabel).fill(email);
    return page;
  }

  /** From "check your inbox", types the code from `message` and lands at the app signed in. */
  async function typeCode(page, message) {
    await page.getByRole('button', { name: de.enterCodeInstead }).click();
    await page.getByLabel(de.codeLabel, { exact: true }).fill(message.code);
    await page.waitForURL(`${app.origin}/callback?**`, { timeout: 15_000 });
    const result = JSON.parse(await page.locator('body').innerText());
    assert.equal(result.claims.email, email);
  }

  it('SMTP down: the page says "try again" in German, keeps the address, and once SMTP is back the same page signs in', async () => {
    const context = await browser.newContext();
    const page = await signInPage(context);
    const errors = collectPageErrors(page);
    await relay.down();
    let tries = 0;
    page.on('request', (request) => request.url().endsWith('/challenge') && request.method() === 'POST' && (tries += 1));
    await page.getByRole('button', { name: de.continue }).click();
    await page.getByRole('alert').filter({ hasText: de.errors.server_error }).waitFor({ timeout: 15_000 });
    // Once more while it is still down: the same answer, nothing lost.
    await page.getByRole('button', { name: de.retry }).click();
    await page.getByRole('alert').filter({ hasText: de.errors.server_error }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: de.retry }).waitFor();
    assert.equal(await page.getByLabel(de.emailLabel).inputValue(), email);
    assert.equal(smtp.messages.length, 0);

    await relay.up();
    const count = smtp.messages.length;
    await page.getByRole('button', { name: de.retry }).click();
    await page.getByRole('heading', { name: de.linkHeading }).waitFor({ timeout: 15_000 });
    const message = await smtp.next(email, count);
    await typeCode(page, message);
    assert.deepEqual(errors, []);
    await context.close();
    await recordFault(
      'Provider: SMTP down (connections refused) during Continue, then back; the provider\u2019s own page in German',
      tries,
      `"${de.errors.server_error}" with the address kept, after each of 2 presses while SMTP was down (503 temporarily_unavailable); with SMTP back, "${de.retry}" on the same page sent the email and its code signed in to the app`,
      `${tries} challenge requests from the page in all`,
    );
  });

  it('a provider restart between sending the code and typing it: the waiting page keeps waiting, and the code signs in', async () => {
    const context = await browser.newContext();
    const page = await signInPage(context);
    const errors = collectPageErrors(page);
    const count = smtp.messages.length;
    await page.getByRole('button', { name: de.continue }).click();
    await page.getByRole('heading', { name: de.linkHeading }).waitFor({ timeout: 15_000 });
    const message = await smtp.next(email, count);

    // Down until the waiting page has run into the gap at least once (a poll, or the script of the
    // wait itself, which the provider serves and the page may still be fetching), then up again. The
    // process is killed, as a crash or an OOM kill would end it, possibly in the middle of saving: a
    // SIGTERM can wait for ever while the page's polls keep a keep-alive connection busy (see
    // docs/reliability.md). It starts again on the same data directory.
    const toProvider = (request) => request.url().startsWith(`${provider.issuer}/`);
    const gap = page.waitForEvent('requestfailed', { predicate: toProvider, timeout: 20_000 });
    const began = Date.now();
    await provider.kill();
    const failed = new URL((await gap).url()).pathname;
    provider = await startProviderProcess(config.file);
    const downFor = Date.now() - began;
    const shown = await page.evaluate(() => { const element = document.querySelector('pwless-login'); return `${element?.shadowRoot?.querySelector('h2')?.textContent} / ${element?.shadowRoot?.querySelector('[part~="error"]')?.textContent} / ${location.href}`; });
    assert.equal(await page.getByRole('heading', { name: de.linkHeading }).count(), 1, `still "check your inbox" (the page shows: ${shown})`);
    assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0, 'no error on the page');
    await typeCode(page, message);
    assert.deepEqual(errors, []);
    await context.close();
    await recordFault(
      'Provider restarted (killed, started again on the same data directory) between sending the code and typing it; the provider’s own page in German',
      1,
      `the waiting page ("${de.linkHeading}") kept waiting through ${failed === '/challenge' ? 'a failed poll' : 'its own script failing to load'}, and the code from the email sent before the restart signed in to the app`,
      `down for ${(downFor / 1000).toFixed(1)} s`,
    );
  });
});
