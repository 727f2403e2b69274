import type { MockEvent } from './context.js';

/** The name of the `BroadcastChannel` on which the mock announces new messages and approvals. */
export const mockChannelName = 'pwless-mock';

/** Tells every page of the origin (dev inbox, demo panels) that something changed. */
export function announce(event: MockEvent): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(mockChannelName);
  channel.postMessage(event);
  channel.close();
}
