import { createClient, type ClientOptions, type PwlessClient } from '../../src/index.js';
import { latestCode } from '../../../../test/helpers/mock-fetch.js';

/** A client signed in with an emailed code. */
export async function signedIn(fetchFunction: typeof fetch, issuer: string, email: string, options: Partial<ClientOptions> = {}): Promise<PwlessClient> {
  const client = createClient({ issuer, clientId: 'pwless-demo', fetch: fetchFunction, ...options });
  await client.start({ email });
  await client.verify(await latestCode(fetchFunction, email, issuer));
  return client;
}
