import type { TimedSession } from './types.js';

/** What tabs of one client tell each other on the `pwless` channel. Never a refresh token or verifier. */
export type TabMessage =
  | { type: 'signedin' | 'refreshed'; timed: TimedSession }
  | { type: 'signedout' }
  | { type: 'wake' };

/** The name of the `BroadcastChannel` the SDK's tabs talk on. */
export const tabChannelName = 'pwless';

/** The `pwless` channel, narrowed to one issuer and client. Silent where `BroadcastChannel` is missing. */
export class TabChannel {
  readonly #scope: string;
  readonly #channel: BroadcastChannel | undefined;

  constructor(scope: string, onMessage: (message: TabMessage) => void) {
    this.#scope = scope;
    if (typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(tabChannelName);
    // In Node (server-side rendering) an open channel would keep the process alive; browsers have no unref.
    (this.#channel as { unref?: () => void }).unref?.();
    this.#channel.onmessage = (event: MessageEvent<{ scope?: unknown; message?: TabMessage }>) => {
      if (event.data?.scope === scope && event.data.message) onMessage(event.data.message);
    };
  }

  post(message: TabMessage): void {
    this.#channel?.postMessage({ scope: this.#scope, message });
  }

  close(): void {
    this.#channel?.close();
  }
}
