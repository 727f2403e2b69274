// Every packages/*/test/**/*.test.ts runs in headless Chromium (Debian's /usr/bin/chromium).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath as executablePath } from './e2e/browser.mjs';

/**
 * `executeServerCommand('webauthn', { action, ... })`: a virtual authenticator (DevTools protocol
 * WebAuthn domain) for the test page, through the launcher's puppeteer page. Actions: `add` (answers
 * its id), `verified` (the next user check passes or fails), `credentials`, `front` (the tab comes to
 * the front: a ceremony needs a focused page), `remove`.
 */
function webauthnPlugin() {
  const sessions = new Map();
  return {
    name: 'webauthn',
    async executeCommand({ command, payload, session }) {
      if (command !== 'webauthn') return undefined;
      let cdp = sessions.get(session.id);
      if (!cdp) {
        cdp = await session.browser.getPage(session.id).createCDPSession();
        sessions.set(session.id, cdp);
        await cdp.send('WebAuthn.enable', { enableUI: false });
      }
      const { action, authenticatorId, isUserVerified } = payload;
      if (action === 'add') {
        const options = { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true };
        return (await cdp.send('WebAuthn.addVirtualAuthenticator', { options })).authenticatorId;
      }
      if (action === 'verified') return (await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified }), true);
      if (action === 'credentials') return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
      // WebAuthn asks for a focused page: tabs side by side take turns in front before a ceremony.
      if (action === 'front') return (await session.browser.getPage(session.id).bringToFront(), true);
      if (action === 'remove') return (await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId }), true);
      throw new Error(`webauthn: unknown action ${action}`);
    },
  };
}

export default {
  files: ['packages/*/test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser', 'production'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' }), webauthnPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          ...chromiumArgs,
          // Test files run side by side in tabs; a tab in the background must keep its timers and
          // visibility, or timing tests (polling intervals, countdowns) depend on which tab is in front.
          '--disable-background-timer-throttling',
          '--disable-backgrounding-occluded-windows',
          '--disable-renderer-backgrounding',
        ],
      },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 240000,
};
