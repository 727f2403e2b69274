import { defaultConfig, emptyState, handlers } from '@pwless/mock';
import { indexedDbStore, startMock } from '@pwless/mock/browser';
import { inPageBaseUrls } from './backend.js';
import './inbox.js';
import './passkeys.js';
import './settings.js';

// No top-level await: the demo is one inlined bundle, and awaiting here would pause it before the
// modules placed after this one (the languages among them) have run.
async function startGallery(gallery: HTMLElement): Promise<void> {
  const { showGallery } = await import('./gallery.js');
  await showGallery(gallery);
  document.body.dataset.galleryReady = 'true';
}

async function startPlayground(): Promise<void> {
  const status = document.querySelector<HTMLElement>('#mock-status');
  try {
    const { worker } = await startMock();
    // The Appwrite, Kratos, Supabase, Stytch and Firebase mocks answer in the same service worker, each with a store of its own
    // in IndexedDB, so a magic URL opened in a new tab finds its sign-in. Appwrite's codes live 15 minutes, Supabase's an hour, Stytch's 2, Firebase's links 6 hours.
    const vendorConfig = { appwrite: { ...defaultConfig, codeLifetime: 900 }, kratos: defaultConfig, supabase: { ...defaultConfig, codeLifetime: 3600, resendAfter: 60, accessTokenLifetime: 3600 }, stytch: { ...defaultConfig, codeLifetime: 120 }, firebase: { ...defaultConfig, codeLifetime: 6 * 3600 } } as const;
    for (const [dialect, issuer] of Object.entries(inPageBaseUrls) as ['appwrite' | 'kratos' | 'supabase' | 'stytch' | 'firebase', string][]) {
      worker.use(...handlers({ dialect, issuer, store: indexedDbStore(() => emptyState(vendorConfig[dialect]), `pwless-mock-${dialect}`) }));
    }
    document.body.dataset.mockReady = 'true';
    if (status) status.textContent = 'Offline mock provider running at https://id.pwless.test';
  } catch (error) {
    if (status) status.textContent = `The mock provider could not start: ${String(error)}`;
  }
  // Defined once the mock answers, so a page opened from a magic link can inspect it at once.
  await import('@pwless/login');
}

const gallery = document.querySelector<HTMLElement>('#gallery');
void (gallery ? startGallery(gallery) : startPlayground());
