import { PwlessLogin } from './pwless-login.js';

export { PwlessLogin, type Step } from './pwless-login.js';
export { PwlessSentEvent, PwlessSignedInEvent, PwlessErrorEvent, PwlessSignedOutEvent } from './events.js';
export type { Messages, PluralMessage } from './locales/en.js';

if (!customElements.get('pwless-login')) customElements.define('pwless-login', PwlessLogin);
