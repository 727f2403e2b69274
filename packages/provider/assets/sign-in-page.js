// The provider's sign-in page: once <pwless-login> has signed the person in (on this page, by code,
// by a link confirmed on any device, or by passkey), hands the proof to the provider, which sends
// the browser back to the app. The proof is a one-time access token of the page's own client.
// After a code or a link, the element may offer "Create a passkey" first: the page waits until the
// person made one or said "Not now", since the passkey is made with that same token.
const element = document.querySelector('pwless-login');

const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Whether the element will offer "Create a passkey" after this sign-in, by its own rule: passkeys on
 * (the provider turns them off on the element when it has none), WebAuthn in this browser, a sign-in
 * that was not by passkey, and this device neither has a passkey here (the SDK's per-issuer flag) nor
 * said "Not now" (the element's).
 */
function offerExpected(session) {
  const issuer = element.getAttribute('issuer') ?? '';
  const amr = session.claims?.amr;
  if (element.getAttribute('passkeys') === 'off' || typeof PublicKeyCredential === 'undefined') return false;
  if (Array.isArray(amr) && (amr.includes('hwk') || amr.includes('swk'))) return false;
  try {
    return !localStorage.getItem(`pwless:passkey:${new URL(issuer).href}`) && !localStorage.getItem(`pwless-login:passkey-offer:${issuer}`);
  } catch {
    return false;
  }
}

/** Resolves when `check` holds, checked on each change of the element's view; `false` after `limit` ms without. */
function when(check, limit) {
  const root = element.shadowRoot;
  if (!root || check()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = limit === undefined ? undefined : setTimeout(() => (observer.disconnect(), resolve(false)), limit);
    const observer = new MutationObserver(() => {
      if (!check()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(true);
    });
    observer.observe(root, { childList: true, subtree: true });
  });
}

/** Resolves once the element shows no passkey offer: at once when it makes none. */
async function passkeyOfferSettled(session) {
  const root = element.shadowRoot;
  if (!root || !offerExpected(session)) return;
  const offered = () => root.querySelector('[part~="passkey-offer"]') !== null;
  // The offer follows the sign-in by a moment (its part of the element loads, and asks whether this
  // browser can make passkeys); a browser that turns out unable makes none, so the wait is bounded.
  if (!(await when(offered, 5000))) return;
  await when(() => !offered());
  // "Passkey created" stays on screen a moment before the page goes back to the app.
  if (root.querySelector('[part~="passkey-result"]')?.textContent?.trim()) await pause(1200);
}

element?.addEventListener('pwless-signed-in', async (event) => {
  const { finish, csrf } = element.dataset;
  if (!finish) return;
  const { accessToken } = event.session;
  await passkeyOfferSettled(event.session);
  let response;
  try {
    response = await fetch(finish, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: accessToken, csrf: csrf ?? '' }),
      credentials: 'same-origin',
    });
  } catch {
    response = undefined;
  }
  const answer = response ? await response.json().catch(() => ({})) : {};
  // The provider answers where to go: back to the app, or its page that explains what went wrong.
  window.location.assign(answer.location ?? window.location.href);
});
