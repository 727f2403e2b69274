import { executeServerCommand } from '@web/test-runner-commands';

/**
 * Chromium's virtual authenticator for this page (web-test-runner.config.mjs, command `webauthn`):
 * internal transport, resident keys, user verification that passes until `verified(false)`.
 */
export class VirtualAuthenticator {
  private constructor(readonly id: string) {}

  static async add(): Promise<VirtualAuthenticator> {
    return new VirtualAuthenticator(await executeServerCommand<string, object>('webauthn', { action: 'add' }));
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

  async remove(): Promise<void> {
    await executeServerCommand('webauthn', { action: 'remove', authenticatorId: this.id });
  }
}
