export { createClient, PwlessClient, type CallOptions } from './client.js';
export { PwlessError, pwlessErrorCodes, type PwlessErrorCode } from './errors.js';
export { SessionEvent, SignedOutEvent, ChallengeEvent, type PwlessClientEventMap } from './events.js';
export { isEmail, isPhone } from './identifier.js';
export type { LinkInfo } from './link.js';
export type { RedirectHints } from './redirect.js';
export { tabChannelName } from './tab-channel.js';
export type { ClientOptions, Delivery, Mode, Persistence } from './options.js';
export type { Challenge, Channel, Identifier, Session, StartOptions } from './types.js';
