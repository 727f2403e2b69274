// The provider's sign-in page: once <pwless-login> has signed the person in (on this page, by code,
// by a link confirmed on any device, or by passkey), hands the proof to the provider, which sends
// the browser back to the app. The proof is a one-time access token of the page's own client.
// After a code or a link, the element may offer "Create a passkey" first: the page waits until the
// person made one or said "Not now", since the passkey is made with that same token.
const element = document.querySelector('pwless-login');

const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Resolves once the element shows no passkey offer: at once when it makes none. */
async function passkeyOfferSettled() {
  const root = element.shadowRoot;
  if (!root) return;
  // The offer follows the sign-in by a moment (the element asks whether this browser can make passkeys).
  await element.updateComplete;
  await pause(150);
  await element.updateComplete;
  const offered = () => root.querySelector('[part~="passkey-offer"]') !== null;
  if (!offered()) return;
  await new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (offered()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(root, { childList: true, subtree: true });
  });
  // "Passkey created" stays on screen a moment before the page goes back to the app.
  if (root.querySelector('[part~="passkey-result"]')?.textContent?.trim()) await pause(1200);
}

element?.addEventListener('pwless-signed-in', async (event) => {
  const { finish, csrf } = element.dataset;
  if (!finish) return;
  const { accessToken } = event.session;
  await passkeyOfferSettled();
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
