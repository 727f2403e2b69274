/**
 * Types for Solid's JSX: `import type {} from '@pwless/login/solid'` once, then
 * `<pwless-login client={client} dialect="auth0" on:pwless-signed-in={(event) => …} />` is checked.
 * Solid sets the props of a custom element as properties (`client-id` becomes `clientId`) and
 * `on:` adds a plain event listener.
 */
import type { JSX } from 'solid-js';
import type { PwlessLoginAttributes } from './attributes.js';
import type { PwlessErrorEvent, PwlessSentEvent, PwlessSignedInEvent, PwlessSignedOutEvent } from './events.js';
import type { PwlessLogin } from './pwless-login.js';

type Handler<E extends Event> = JSX.EventHandlerWithOptionsUnion<PwlessLogin, E>;

export interface PwlessLoginSolidAttributes extends JSX.HTMLAttributes<PwlessLogin>, PwlessLoginAttributes {
  'on:pwless-sent'?: Handler<PwlessSentEvent>;
  'on:pwless-signed-in'?: Handler<PwlessSignedInEvent>;
  'on:pwless-error'?: Handler<PwlessErrorEvent>;
  'on:pwless-signed-out'?: Handler<PwlessSignedOutEvent>;
}

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements {
      'pwless-login': PwlessLoginSolidAttributes;
    }
  }
}
