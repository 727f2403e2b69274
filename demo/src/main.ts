import { startMock } from '@pwless/mock/browser';
import './inbox.js';
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
    await startMock();
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
