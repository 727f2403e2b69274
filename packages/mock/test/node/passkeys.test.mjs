// The mock's passkeys over real HTTP (`pwless-mock`, the same handlers as msw's): the shared suite.
import { startHttpServer } from '../../dist/node.js';
import { passkeySuite } from './passkey-suite.mjs';

async function inbox(issuer, email) {
  const messages = await (await fetch(`${issuer}/_mock/inbox`)).json();
  return messages.filter((message) => message.to === email);
}

async function setClockOffset(issuer, clockOffset) {
  const response = await fetch(`${issuer}/_mock/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ clockOffset }) });
  if (response.status !== 200) throw new Error(await response.text());
}

passkeySuite('the mock (pwless-mock)', async () => {
  const server = await startHttpServer({ port: 0 });
  return {
    issuer: server.issuer,
    clientId: 'pwless-demo',
    // A page of the demo client on a loopback name: its RP ID is the page's host (the issuer is 127.0.0.1).
    origin: 'http://localhost:5173',
    rpId: 'localhost',
    mailCount: async (email) => (await inbox(server.issuer, email)).length,
    async readCode(email, after) {
      const messages = await inbox(server.issuer, email);
      if (messages.length <= after) throw new Error(`nothing new was sent to ${email}`);
      return messages.at(-1).code;
    },
    // Access tokens live 600 s: the mock's clock goes 601 s ahead while the token is tried.
    async expireAccessToken() {
      await setClockOffset(server.issuer, 601_000);
      return () => setClockOffset(server.issuer, 0);
    },
    close: () => server.close(),
  };
});
