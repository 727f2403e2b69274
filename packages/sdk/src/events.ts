import type { Challenge, Session } from './types.js';

/** Fired when a session starts or its tokens are renewed. */
export class SessionEvent extends Event {
  constructor(readonly session: Session) {
    super('session');
  }
}

/** Fired when the session ends, here or in another tab. */
export class SignedOutEvent extends Event {
  constructor() {
    super('signedout');
  }
}

/** Fired when the server wants the user to prove who they are again, or sent a new code. */
export class ChallengeEvent extends Event {
  constructor(readonly challenge: Challenge | undefined) {
    super('challenge');
  }
}

export interface PwlessClientEventMap {
  session: SessionEvent;
  signedout: SignedOutEvent;
  challenge: ChallengeEvent;
}
