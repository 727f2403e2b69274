// A virtual platform authenticator on a tab (Chrome DevTools protocol): internal transport, resident
// keys, user verification, presence given without a prompt, as the passkey tests use it.

/** Adds the authenticator to `page` of `context`; answers its CDP session, its id and a reader of its credentials. */
export async function addVirtualAuthenticator(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    cdp,
    authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

/** A credential id as CDP gives it (base64) in the form the protocol uses (base64url, no padding). */
export function base64url(base64) {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
