/**
 * Types for Svelte 5 templates (svelte-check, the Svelte language tools): `import type {} from
 * '@pwless/login/svelte'` once, then `<pwless-login {client} dialect="auth0" onpwless-signed-in={(event) => …} />`
 * is checked. Svelte sets `client` and `messages` as properties (they exist on the element) and
 * listens to `on…` attributes as events.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { PwlessLoginAttributes } from './attributes.js';
import type { PwlessErrorEvent, PwlessSentEvent, PwlessSignedInEvent, PwlessSignedOutEvent } from './events.js';
import type { PwlessLogin } from './pwless-login.js';

export interface PwlessLoginSvelteAttributes extends HTMLAttributes<PwlessLogin>, PwlessLoginAttributes {
  'onpwless-sent'?: ((event: PwlessSentEvent) => void) | null;
  'onpwless-signed-in'?: ((event: PwlessSignedInEvent) => void) | null;
  'onpwless-error'?: ((event: PwlessErrorEvent) => void) | null;
  'onpwless-signed-out'?: ((event: PwlessSignedOutEvent) => void) | null;
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'pwless-login': PwlessLoginSvelteAttributes;
  }
}
