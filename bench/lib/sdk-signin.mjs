// What an app calling @pwless/sdk directly downloads for one native code sign-in: the default entry
// as an app bundler ships it, plus every lazy chunk the sign-in pulls in, read off the wire.
import { issuer, latestCode, latestLink, routeMock } from './mock-route.mjs';
import { collectScripts } from './signin.mjs';

const email = 'bench@example.com';

/**
 * `src` is the bundled SDK entry on `origin`; its chunks are served from the same folder. With
 * `dialect`, the sign-in is against that vendor's mock variant (`issuer` its base URL); Firebase,
 * which sends no codes, signs in with the emailed link instead (`start` + `approveLink`).
 */
export async function measureSdkSignIn(browser, origin, src, { dialect } = {}) {
  const context = await browser.newContext();
  try {
    // Kratos' cookies are SameSite=Lax: it must be on the app's site, as Ory's docs ask (its default public port here).
    const { provider, requests } = await routeMock(context, { dialect, ...(dialect === 'kratos' ? { base: 'http://localhost:4433' } : {}) });
    const scripts = collectScripts(context, origin, src);
    const page = await context.newPage();
    await page.goto(`${origin}/bench/index.html`);
    // Firebase's issuer is the Identity Toolkit base, served under the variant's own.
    const vendorIssuer = dialect === 'firebase' ? `${provider.issuer}/identitytoolkit.googleapis.com` : provider.issuer;
    const options = dialect ? { issuer: vendorIssuer, clientId: 'pwless-demo', dialect } : { issuer, clientId: 'pwless-demo' };
    await page.evaluate(({ src, options, email }) => window.sdkStart(src, options, email), { src, options, email });
    const signedIn =
      dialect === 'firebase'
        ? await page.evaluate((link) => window.sdkApprove(link), await latestLink(provider, email))
        : await page.evaluate((code) => window.sdkVerify(code), await latestCode(provider, email));
    if (signedIn !== email) throw new Error(`the SDK sign-in ended as ${signedIn}, not ${email}`);
    const scriptFiles = await Promise.all(scripts);
    return {
      scriptFiles,
      scriptGzipBytes: scriptFiles.reduce((sum, { gzip }) => sum + gzip, 0),
      requests: requests.map(({ method, path }) => `${method} ${path}`),
    };
  } finally {
    await context.close();
  }
}
