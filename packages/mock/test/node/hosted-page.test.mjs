import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { client, clientAuth, insecure, latestMessage, oauth, postForm, redirectRequest, redirectUri, setConfig, withProvider } from './oauth-client.mjs';

/** GET of the hosted page for a fresh authorization request with `extra` parameters. */
async function openPage(as, extra = {}, headers = {}) {
  const { parameters } = await redirectRequest(extra);
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams(parameters).toString();
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, html: await response.text(), parameters };
}

/** The hidden fields of the page's first form, as a browser would post them. */
function formFields(html) {
  const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  return Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [match[1], match[2]]));
}

const language = (html) => /<html lang="([^"]*)" dir="([^"]*)">/.exec(html)?.slice(1, 3);
const heading = (html) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
const alertText = (html) => /<p class="error" role="alert">([\s\S]*?)<\/p>/.exec(html)?.[1];

describe('the hosted sign-in page in the person\'s language', () => {
  it('is German for ui_locales=de, and carries that choice in a hidden field', () =>
    withProvider(async (as) => {
      const { status, html } = await openPage(as, { ui_locales: 'de' });
      assert.equal(status, 200);
      assert.deepEqual(language(html), ['de', 'ltr']);
      assert.equal(heading(html), 'Anmelden');
      assert.match(html, /<button type="submit">Code zusenden<\/button>/);
      assert.equal(formFields(html).pwless_locale, 'de');
    }));

  it('is Arabic, right to left, when Arabic is the first supported tag of ui_locales', () =>
    withProvider(async (as) => {
      const { html } = await openPage(as, { ui_locales: 'tlh ar-EG fr' });
      assert.deepEqual(language(html), ['ar', 'rtl']);
      assert.equal(heading(html), 'تسجيل الدخول');
    }));

  it('follows Accept-Language by weight when the request has no ui_locales', () =>
    withProvider(async (as) => {
      const { html } = await openPage(as, {}, { 'Accept-Language': 'en;q=0.5, tlh, fr-CA;q=0.8' });
      assert.deepEqual(language(html), ['fr', 'ltr']);
      assert.equal(heading(html), 'Se connecter');
    }));

  it('prefers ui_locales to Accept-Language', () =>
    withProvider(async (as) => {
      const { html } = await openPage(as, { ui_locales: 'he' }, { 'Accept-Language': 'de' });
      assert.deepEqual(language(html), ['he', 'rtl']);
    }));

  it('falls back to English for a language it does not have', () =>
    withProvider(async (as) => {
      const { html } = await openPage(as, { ui_locales: 'tlh zh-TW' }, { 'Accept-Language': 'sw, *;q=0.1' });
      assert.deepEqual(language(html), ['en', 'ltr']);
      assert.equal(heading(html), 'Sign in');
    }));

  it('stays German through the code step and a wrong code, and sends the message in German', () =>
    withProvider(async (as) => {
      const { html } = await openPage(as, { ui_locales: 'de' });
      const codePage = await postForm(as.authorization_endpoint, { ...formFields(html), login_hint: 'dora@example.com' });
      assert.equal(codePage.status, 200);
      assert.deepEqual(language(codePage.body), ['de', 'ltr']);
      assert.equal(heading(codePage.body), 'Code eingeben');
      assert.match(codePage.body, /Wir haben einen Code an <strong><bdi>d•+@example\.com<\/bdi><\/strong> geschickt\./);
      assert.equal((await latestMessage(as, 'dora@example.com')).locale, 'de');
      const wrong = await postForm(as.authorization_endpoint, { ...formFields(codePage.body), otp: '0000000' });
      assert.equal(wrong.status, 400);
      assert.deepEqual(language(wrong.body), ['de', 'ltr']);
      assert.equal(alertText(wrong.body), 'Dieser Code stimmt nicht. Verbleibende Versuche: 2.');
      assert.equal(formFields(wrong.body).pwless_locale, 'de');
    }));

  it('keeps a language chosen from Accept-Language when the next post has no such header', () =>
    withProvider(async (as) => {
      const { html } = await openPage(as, {}, { 'Accept-Language': 'es-MX' });
      const codePage = await postForm(as.authorization_endpoint, { ...formFields(html), login_hint: 'eva@example.com' });
      assert.deepEqual(language(codePage.body), ['es', 'ltr']);
      assert.equal((await latestMessage(as, 'eva@example.com')).locale, 'es', 'the message speaks the page\'s language');
      const resend = await postForm(as.authorization_endpoint, { auth_session: formFields(codePage.body).auth_session, pwless_locale: 'es', pwless_step: 'resend' });
      assert.match(alertText(resend.body), /^Podrás pedir un código nuevo dentro de \d+ segundos\.$/);
    }));

  it('ignores a carried language it does not have, and never echoes it', () =>
    withProvider(async (as) => {
      const { parameters } = await redirectRequest({ ui_locales: 'it' });
      const page = await postForm(as.authorization_endpoint, { ...parameters, pwless_locale: '"><script>x</script>', login_hint: 'not an address', pwless_step: 'start' });
      assert.deepEqual(language(page.body), ['it', 'ltr']);
      assert.doesNotMatch(page.body, /<script/);
      assert.match(alertText(page.body), /^Inserisci un indirizzo email come nome@example\.com/);
    }));

  it('explains an expired sign-in and an unknown app in the person\'s language', () =>
    withProvider(async (as) => {
      const expired = await postForm(as.authorization_endpoint, { auth_session: 'gone', pwless_locale: 'ja', pwless_step: 'verify', otp: '123456' });
      assert.equal(expired.status, 400);
      assert.deepEqual(language(expired.body), ['ja', 'ltr']);
      assert.equal(alertText(expired.body), 'このログインは期限切れです。アプリに戻って最初からやり直してください。');
      const stranger = await openPage(as, { client_id: 'stranger', ui_locales: 'pl' });
      assert.equal(stranger.status, 400);
      assert.equal(alertText(stranger.html), 'Ta aplikacja nie jest zarejestrowana w tej usłudze logowania. Powiadom właściciela strony.');
    }));

  it('shows an injected failure as a page in the person\'s language, not as JSON', () =>
    withProvider(async (as) => {
      await setConfig(as, { failureRate: 1 });
      const { status, html } = await openPage(as, { ui_locales: 'zh-CN' });
      assert.equal(status, 503);
      assert.deepEqual(language(html), ['zh-Hans', 'ltr']);
      assert.equal(alertText(html), '登录服务出现问题，请稍后重试。');
      const codeStep = await postForm(as.authorization_endpoint, { auth_session: 'any', pwless_locale: 'ar', pwless_step: 'verify', otp: '123456' });
      assert.deepEqual(language(codeStep.body), ['ar', 'rtl']);
    }));

  it('says when the server does not send codes to phones, instead of calling the number invalid', () =>
    withProvider(async (as) => {
      await setConfig(as, { channels: ['email'] });
      const { parameters } = await redirectRequest({ ui_locales: 'nl' });
      const page = await postForm(as.authorization_endpoint, { ...parameters, login_hint: '+15555550123', pwless_step: 'start' });
      assert.equal(alertText(page.body), 'Inloggen via telefoon staat hier uit. Vul je e-mailadres in.');
    }));
});

/** The hidden fields of the page's form whose step is `step`, as a browser would post them. */
function stepForm(html, step) {
  const forms = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map((match) => match[0]);
  const form = forms.find((candidate) => candidate.includes(`name="pwless_step" value="${step}"`)) ?? '';
  return formFields(form);
}

const addressValue = (html) => /<input id="login_hint"[^>]* value="([^"]*)">/.exec(html)?.[1];

describe('the hosted page\'s way back from the code step', () => {
  it('offers "Use a different email or phone" in the page\'s language, without the session in any URL', () =>
    withProvider(async (as) => {
      const { html } = await openPage(as, { ui_locales: 'fr' });
      const codePage = await postForm(as.authorization_endpoint, { ...formFields(html), login_hint: 'gil@example.com' });
      assert.match(codePage.body, /<form method="post" action="authorize">[^]*name="pwless_step" value="address"[^]*<button class="secondary" type="submit">Utiliser une autre adresse e-mail ou un autre numéro<\/button><\/form>/);
      assert.doesNotMatch(codePage.body, /href="[^"]*auth_session/);
    }));

  it('goes back to the address form of the same request, in the same language, with the typed address filled in', () =>
    withProvider(async (as) => {
      const { html, parameters } = await openPage(as, { ui_locales: 'de', state: 'keep-me' });
      const codePage = await postForm(as.authorization_endpoint, { ...formFields(html), login_hint: ' dora@example.com ' });
      const back = await postForm(as.authorization_endpoint, stepForm(codePage.body, 'address'));
      assert.equal(back.status, 200);
      assert.deepEqual(language(back.body), ['de', 'ltr']);
      assert.equal(heading(back.body), 'Anmelden');
      assert.equal(addressValue(back.body), ' dora@example.com ');
      const carried = formFields(back.body);
      for (const name of ['client_id', 'redirect_uri', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'scope', 'ui_locales']) {
        assert.equal(carried[name], parameters[name], name);
      }
      assert.equal(carried.pwless_locale, 'de');
      assert.equal(carried.auth_session, undefined);
    }));

  it('signs in with the second address, and the code comes back for the first request\'s state and PKCE verifier', () =>
    withProvider(async (as) => {
      const { codeVerifier, nonce, parameters, state } = await redirectRequest();
      const firstCodePage = await postForm(as.authorization_endpoint, { ...parameters, login_hint: 'wrong@example.com', pwless_step: 'start' });
      const addressForm = await postForm(as.authorization_endpoint, stepForm(firstCodePage.body, 'address'));
      const secondCodePage = await postForm(as.authorization_endpoint, { ...formFields(addressForm.body), login_hint: 'right@example.com' });
      const { code: otp } = await latestMessage(as, 'right@example.com');
      const back = await postForm(as.authorization_endpoint, { ...stepForm(secondCodePage.body, 'verify'), otp });
      assert.equal(back.status, 302);
      const callback = new URL(back.headers.get('location'));
      assert.equal(callback.searchParams.get('state'), state);
      const callbackParameters = oauth.validateAuthResponse(as, client, callback, state);
      const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, callbackParameters, redirectUri, codeVerifier, insecure);
      const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
      assert.equal(oauth.getValidatedIdTokenClaims(tokens).email, 'right@example.com');
    }));

  it('abandons the first sign-in: its code page no longer accepts a code', () =>
    withProvider(async (as) => {
      const { parameters } = await redirectRequest();
      const codePage = await postForm(as.authorization_endpoint, { ...parameters, login_hint: 'ivy@example.com', pwless_step: 'start' });
      await postForm(as.authorization_endpoint, stepForm(codePage.body, 'address'));
      const { code: otp } = await latestMessage(as, 'ivy@example.com');
      const late = await postForm(as.authorization_endpoint, { ...stepForm(codePage.body, 'verify'), otp });
      assert.equal(late.status, 400);
      assert.equal(alertText(late.body), 'This sign-in expired. Go back to the app and start again.');
    }));
});

describe('the hosted sign-in page when the server sends only links', () => {
  it('says that sign-in by code is off, asks for no address, and offers the way back to the app', () =>
    withProvider(async (as) => {
      await setConfig(as, { deliveries: ['link'] });
      const { status, html, parameters } = await openPage(as, { ui_locales: 'de' });
      assert.equal(status, 403);
      assert.deepEqual(language(html), ['de', 'ltr']);
      assert.match(alertText(html), /^Die Anmeldung mit Code ist auf diesem Server ausgeschaltet/);
      assert.doesNotMatch(html, /<form/);
      const back = new URL(/<a href="([^"]+)">Zurück zur App<\/a>/.exec(html)[1].replaceAll('&amp;', '&'));
      assert.equal(back.origin + back.pathname, redirectUri);
      assert.equal(back.searchParams.get('error'), 'access_denied');
      assert.equal(back.searchParams.get('state'), parameters.state);
      assert.equal(back.searchParams.get('iss'), as.issuer);
    }));

  it('sends no message when the address form is posted anyway', () =>
    withProvider(async (as) => {
      await setConfig(as, { deliveries: ['link'] });
      const { parameters } = await redirectRequest();
      const page = await postForm(as.authorization_endpoint, { ...parameters, login_hint: 'fay@example.com', pwless_step: 'start' });
      assert.equal(page.status, 403);
      assert.match(alertText(page.body), /^Signing in with a code is turned off on this server/);
      await assert.rejects(latestMessage(as, 'fay@example.com'), /nothing was sent/);
    }));
});

describe('the logout page in the person\'s language', () => {
  const logout = (as, parameters, headers = {}) => {
    const url = new URL(as.end_session_endpoint);
    url.search = new URLSearchParams(parameters).toString();
    return fetch(url, { headers, redirect: 'manual' }).then(async (response) => ({ status: response.status, html: await response.text() }));
  };

  it('says "signed out" in Hebrew, right to left, for ui_locales=he', () =>
    withProvider(async (as) => {
      const { status, html } = await logout(as, { ui_locales: 'he' });
      assert.equal(status, 200);
      assert.deepEqual(language(html), ['he', 'rtl']);
      assert.equal(heading(html), 'יצאת מהחשבון');
    }));

  it('refuses an unregistered return address in the language of Accept-Language', () =>
    withProvider(async (as) => {
      const { status, html } = await logout(as, { client_id: 'pwless-demo', post_logout_redirect_uri: 'https://evil.example/' }, { 'Accept-Language': 'fr-FR' });
      assert.equal(status, 400);
      assert.deepEqual(language(html), ['fr', 'ltr']);
      assert.match(alertText(html), /^L’adresse à laquelle cette application veut revenir après la déconnexion/);
    }));
});
