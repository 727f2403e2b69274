// The provider's sign-in page: once <pwless-login> has signed the person in (on this page, by code
// or by a link confirmed on any device), hands the proof to the provider, which sends the browser
// back to the app. The proof is a one-time access token of the page's own client.
const element = document.querySelector('pwless-login');

element?.addEventListener('pwless-signed-in', async (event) => {
  const { finish, csrf } = element.dataset;
  if (!finish) return;
  let response;
  try {
    response = await fetch(finish, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: event.session.accessToken, csrf: csrf ?? '' }),
      credentials: 'same-origin',
    });
  } catch {
    response = undefined;
  }
  const answer = response ? await response.json().catch(() => ({})) : {};
  // The provider answers where to go: back to the app, or its page that explains what went wrong.
  window.location.assign(answer.location ?? window.location.href);
});
