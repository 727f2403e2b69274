/**
 * Types for Vue 3 templates (Volar / vue-tsc): `import type {} from '@pwless/login/vue'` once, then
 * `<pwless-login :client="client" @pwless-signed-in="…" />` is checked. Tell the compiler the tag is
 * a custom element: `compilerOptions.isCustomElement = (tag) => tag.startsWith('pwless-')`.
 */
import type { DefineComponent } from 'vue';
import type { Channel, Delivery, DialectName, Mode, PwlessClient } from '@pwless/sdk';
import type { PwlessErrorEvent, PwlessSentEvent, PwlessSignedInEvent, PwlessSignedOutEvent } from './events.js';
import type { MessageOverrides } from './locales/en.js';

export interface PwlessLoginVueProps {
  issuer?: string;
  clientId?: string;
  scope?: string;
  redirectUri?: string;
  linkUri?: string;
  delivery?: Delivery;
  channel?: Channel;
  mode?: Mode;
  dialect?: DialectName;
  lang?: string;
  client?: PwlessClient;
  messages?: MessageOverrides;
  onPwlessSent?: (event: PwlessSentEvent) => void;
  onPwlessSignedIn?: (event: PwlessSignedInEvent) => void;
  onPwlessError?: (event: PwlessErrorEvent) => void;
  onPwlessSignedOut?: (event: PwlessSignedOutEvent) => void;
}

declare module 'vue' {
  interface GlobalComponents {
    'pwless-login': DefineComponent<PwlessLoginVueProps>;
    PwlessLogin: DefineComponent<PwlessLoginVueProps>;
  }
}
