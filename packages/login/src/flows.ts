import type { PwlessClient, Session } from '@pwless/sdk';
import type { LinkDetails } from './steps/view.js';

/**
 * The client methods for magic links and redirect mode, as named in the public contract
 * (DESIGN.md). The element reaches them through this view of the client.
 */
export interface FlowClient {
  waitForApproval(options: { signal?: AbortSignal }): Promise<Session>;
  inspectLink(url: string): Promise<LinkDetails>;
  approveLink(url: string): Promise<Session | undefined>;
  signInWithRedirect(options: { loginHint?: string }): Promise<unknown>;
  handleRedirectCallback(url: string): Promise<Session>;
}

export function flows(client: PwlessClient): FlowClient {
  return client as unknown as FlowClient;
}

/** Whether this page was opened from a magic link (`?pwless_link=`). */
export function isLinkLanding(url: string): boolean {
  return new URL(url).searchParams.has('pwless_link');
}

/** Whether this page is the return from the provider in redirect mode. */
export function isRedirectReturn(url: string): boolean {
  const params = new URL(url).searchParams;
  return params.has('state') && (params.has('code') || params.has('error'));
}
