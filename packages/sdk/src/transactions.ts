import { keyValueStore } from './storage.js';
import type { Challenge } from './types.js';

/**
 * A sign-in in progress: the secrets that never leave this browser. Kept in IndexedDB under its
 * `state`, so it survives a reload or a link opened in a new tab; deleted when used, and ignored
 * once expired.
 */
export interface Transaction {
  state: string;
  flow: 'native' | 'redirect';
  issuer: string;
  clientId: string;
  codeVerifier: string;
  nonce: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  authSession?: string;
  challenge?: Challenge;
  redirectUri?: string;
  /** A vendor dialect's own handles of the sign-in (Appwrite's user id, the address a Kratos flow is for). */
  vendor?: Record<string, string>;
  /** The non-extractable DPoP key pair the flow binds its code to. */
  dpopKeys?: CryptoKeyPair;
}

/** How long a transaction is kept after its last change: the mock's and most providers' `auth_session` lifetime. */
export const transactionLifetime = 15 * 60 * 1000;

const store = keyValueStore('transactions');

export async function saveTransaction(transaction: Transaction): Promise<void> {
  await store.set(transaction.state, transaction);
}

export async function deleteTransaction(state: string): Promise<void> {
  await store.delete(state);
}

/** The transaction for `state`, if it exists and has not expired. */
export async function findTransaction(state: string, now = Date.now()): Promise<Transaction | undefined> {
  const transaction = await store.get<Transaction>(state);
  if (transaction && transaction.expiresAt <= now) {
    await store.delete(state);
    return undefined;
  }
  return transaction;
}

/** The live transactions of one client and flow, newest first; expired ones are removed on the way. */
export async function listTransactions(
  issuer: string,
  clientId: string,
  flow: Transaction['flow'],
  now = Date.now(),
): Promise<Transaction[]> {
  const live: Transaction[] = [];
  for (const transaction of await store.values<Transaction>()) {
    if (transaction.expiresAt <= now) await store.delete(transaction.state);
    else if (transaction.issuer === issuer && transaction.clientId === clientId && transaction.flow === flow) live.push(transaction);
  }
  return live.sort((a, b) => b.expiresAt - a.expiresAt);
}
