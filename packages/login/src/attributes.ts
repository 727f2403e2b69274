/**
 * What `<pwless-login>` takes in a template, by the attribute's own (kebab-case) name: the typings
 * for each framework (`@pwless/login/react`, `/svelte`, `/solid`, …) start from this.
 */
import type { Channel, Delivery, DialectName, Mode, PwlessClient } from '@pwless/sdk';
import type { MessageOverrides } from './locales/en.js';

export interface PwlessLoginAttributes {
  /** The issuer URL of the OpenID provider (or the vendor's base URL with `dialect`). */
  issuer?: string;
  'client-id'?: string;
  scope?: string;
  'redirect-uri'?: string;
  'link-uri'?: string;
  delivery?: Delivery;
  channel?: Channel;
  mode?: Mode;
  /** The backend's protocol: `pwless` (default), `auth0`, `kratos` or `appwrite`. */
  dialect?: DialectName;
  /** `offer` (default): passkeys in the field's autofill and offered after a sign-in, where the backend does them; `off`. */
  passkeys?: 'offer' | 'off';
  /** A property, not an attribute: frameworks that set properties on custom elements pass it as is. */
  client?: PwlessClient;
  /** A property, not an attribute. */
  messages?: MessageOverrides;
}
