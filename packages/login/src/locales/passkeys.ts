import { loadChunk } from '../locale.js';
import type { MessageOverrides } from './en.js';

/**
 * The passkey texts, never on a plain code sign-in: English rides with the element's passkey part
 * (autofill on a device that has used a passkey, or the offer after a sign-in), and each other
 * language is a chunk of its own that the part loads when the page speaks it. The page's `messages`
 * overrides still win over them.
 */
export const englishPasskeyTexts: MessageOverrides = {
  passkeyOffer: 'Sign in faster next time with your fingerprint, face or screen lock.',
  passkeyCreate: 'Create a passkey',
  passkeyDismiss: 'Not now',
  passkeyCreated: 'Passkey created. Next time your device offers it when you sign in.',
  passkeyUnsupported: 'This browser cannot use passkeys. You can keep signing in with a code.',
  errors: {
    passkey_cancelled: 'The passkey was cancelled. Try again, or continue with a code.',
    passkey_unknown: 'This passkey no longer works here. Please continue with a code.',
    passkey_failed: 'This passkey was not accepted. Please continue with a code.',
    passkey_exists: 'This device already has a passkey for this account.',
  },
};

const loaders: Record<string, () => Promise<{ texts: MessageOverrides }>> = {
  de: () => import('./passkeys-de.js'),
  fr: () => import('./passkeys-fr.js'),
  es: () => import('./passkeys-es.js'),
  it: () => import('./passkeys-it.js'),
  'pt-BR': () => import('./passkeys-pt-br.js'),
  nl: () => import('./passkeys-nl.js'),
  pl: () => import('./passkeys-pl.js'),
  ja: () => import('./passkeys-ja.js'),
  'zh-Hans': () => import('./passkeys-zh-hans.js'),
  ar: () => import('./passkeys-ar.js'),
  he: () => import('./passkeys-he.js'),
};

/** The passkey texts of a shipped locale; English for English, and when loading fails (offline). */
export async function loadPasskeyTexts(locale: string): Promise<MessageOverrides> {
  return (await loadChunk(loaders, locale))?.texts ?? englishPasskeyTexts;
}
