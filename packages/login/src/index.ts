import { PwlessLogin } from './pwless-login.js';

export { PwlessLogin, type Step } from './pwless-login.js';
export { PwlessSentEvent, PwlessSignedInEvent, PwlessErrorEvent, PwlessSignedOutEvent } from './events.js';
export { supportedLocales } from './locale.js';
export type { Messages, MessageOverrides, PluralMessage } from './locales/en.js';

if (!customElements.get('pwless-login')) customElements.define('pwless-login', PwlessLogin);
