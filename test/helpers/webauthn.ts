import { executeServerCommand } from '@web/test-runner-commands';

/**
 * Chromium's virtual authenticator for this page (web-test-runner.config.mjs, command `webauthn`):
 * internal transport, resident keys, user verification that passes until `verified(false)`.
 */
export class VirtualAuthenticator {
  private constructor(
    readonly id: string,
    private readonly release: () => void,
  ) {}

  /**
   * Waits for this tab's turn in front, brings it there and adds the authenticator; the turn lasts
   * until `remove()`. WebAuthn refuses a page without focus, and test files run side by side in tabs:
   * two files with ceremonies would otherwise take the focus from each other mid-test.
   */
  static async add(): Promise<VirtualAuthenticator> {
    const release = await turnInFront();
    try {
      await executeServerCommand('webauthn', { action: 'front' });
      return new VirtualAuthenticator(await executeServerCommand<string, object>('webauthn', { action: 'add' }), release);
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Whether the next user checks pass. */
  async verified(isUserVerified: boolean): Promise<void> {
    await executeServerCommand('webauthn', { action: 'verified', authenticatorId: this.id, isUserVerified });
  }

  /** The IDs (base64url) of the credentials the authenticator holds. */
  async credentialIds(): Promise<string[]> {
    const credentials = await executeServerCommand<{ credentialId: string }[], object>('webauthn', { action: 'credentials', authenticatorId: this.id });
    return credentials.map(({ credentialId }) => credentialId.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
  }

  /** Brings this test's tab to the front: WebAuthn refuses a page without focus (test files run side by side). */
  async front(): Promise<void> {
    await executeServerCommand('webauthn', { action: 'front' });
  }

  /** Removes the authenticator and ends this tab's turn in front. */
  async remove(): Promise<void> {
    try {
      await executeServerCommand('webauthn', { action: 'remove', authenticatorId: this.id });
    } finally {
      this.release();
    }
  }
}

/**
 * A turn in front for this tab: a Web Lock, which the test tabs of one origin share, held until the
 * answered function is called (or the tab goes away).
 */
function turnInFront(): Promise<() => void> {
  return new Promise((taken) => {
    void navigator.locks.request('pwless-test:in-front', () => new Promise<void>((release) => taken(release)));
  });
}
