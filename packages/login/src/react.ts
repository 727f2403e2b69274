/**
 * Types for React 19, which passes properties and events straight to custom elements:
 * `import type {} from '@pwless/login/react'` once, then
 * `<pwless-login client={client} onpwless-signed-in={(event) => …} />` is checked.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { Channel, Delivery, DialectName, Mode, PwlessClient } from '@pwless/sdk';
import type { PwlessErrorEvent, PwlessSentEvent, PwlessSignedInEvent, PwlessSignedOutEvent } from './events.js';
import type { MessageOverrides } from './locales/en.js';
import type { PwlessLogin } from './pwless-login.js';

export interface PwlessLoginReactProps extends DetailedHTMLProps<HTMLAttributes<PwlessLogin>, PwlessLogin> {
  issuer?: string;
  'client-id'?: string;
  scope?: string;
  'redirect-uri'?: string;
  'link-uri'?: string;
  delivery?: Delivery;
  channel?: Channel;
  mode?: Mode;
  dialect?: DialectName;
  client?: PwlessClient;
  messages?: MessageOverrides;
  'onpwless-sent'?: (event: PwlessSentEvent) => void;
  'onpwless-signed-in'?: (event: PwlessSignedInEvent) => void;
  'onpwless-error'?: (event: PwlessErrorEvent) => void;
  'onpwless-signed-out'?: (event: PwlessSignedOutEvent) => void;
}

// React declares JSX as a namespace; augmenting it is the only way to type an intrinsic element.
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'pwless-login': PwlessLoginReactProps;
    }
  }
}
