import type { Challenge, PwlessErrorCode, Session } from '@pwless/sdk';

const init = { bubbles: true, composed: true } as const;

/** A code (or link) was sent. Carries what a page may show; no secrets. */
export class PwlessSentEvent extends Event {
  constructor(readonly challenge: Challenge) {
    super('pwless-sent', init);
  }
}

/** The user signed in. The session never holds a refresh token. */
export class PwlessSignedInEvent extends Event {
  constructor(readonly session: Session) {
    super('pwless-signed-in', init);
  }
}

/** A step failed; `code` is the `PwlessError` code, `message` the localized text shown. */
export class PwlessErrorEvent extends Event {
  constructor(readonly code: PwlessErrorCode, readonly message: string) {
    super('pwless-error', init);
  }
}

/** The user signed out. */
export class PwlessSignedOutEvent extends Event {
  constructor() {
    super('pwless-signed-out', init);
  }
}

declare global {
  interface HTMLElementEventMap {
    'pwless-sent': PwlessSentEvent;
    'pwless-signed-in': PwlessSignedInEvent;
    'pwless-error': PwlessErrorEvent;
    'pwless-signed-out': PwlessSignedOutEvent;
  }
}
