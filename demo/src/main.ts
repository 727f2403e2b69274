import { startMock } from '@pwless/mock/browser';
import '@pwless/login';
import './inbox.js';

const status = document.querySelector<HTMLElement>('#mock-status');
try {
  await startMock();
  document.body.dataset.mockReady = 'true';
  if (status) status.textContent = 'Offline mock provider running at https://id.pwless.test';
} catch (error) {
  if (status) status.textContent = `The mock provider could not start: ${String(error)}`;
}
