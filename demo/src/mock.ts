// Starts only the offline mock provider: for pages that load the element from its CDN bundle.
import { startMock } from '@pwless/mock/browser';

await startMock();
document.body.dataset.mockReady = 'true';
