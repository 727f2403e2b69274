/**
 * `@pwless/login/hydrate`: load it before `@pwless/login` on a page whose element came from
 * `@pwless/login/ssr`. Lit then adopts the server-rendered shadow DOM instead of drawing it again,
 * and nothing a person did before the script ran is lost: what they typed reaches the element, and
 * Enter pressed meanwhile is sent once it can be. Pages without server rendering never need it.
 */
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import type { PwlessLogin } from './pwless-login.js';

async function carryOver(login: Element): Promise<void> {
  const root = login.shadowRoot;
  if (!root) return;
  let submitted = false;
  const early = (event: Event) => {
    event.preventDefault();
    submitted = true;
  };
  root.addEventListener('submit', early);
  await customElements.whenDefined('pwless-login');
  await (login as PwlessLogin).updateComplete;
  root.removeEventListener('submit', early);
  for (const field of root.querySelectorAll('input')) {
    if (field.value !== field.defaultValue) field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  if (submitted) root.querySelector('form')?.requestSubmit();
}

// Framework bundles may evaluate this module on the server too: there is nothing to carry over there.
if (typeof document !== 'undefined') for (const login of document.querySelectorAll('pwless-login')) void carryOver(login);
