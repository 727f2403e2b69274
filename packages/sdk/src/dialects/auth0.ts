import { PwlessError } from '../errors.js';
import type { StoredSession } from '../session-store.js';
import type { Challenge, Session } from '../types.js';
import { VendorDialect, type Answer } from './vendor.js';

export class Engine extends VendorDialect {
  override error({ response }: Answer): PwlessError {
    return new PwlessError(response.status >= 500 ? 'server_error' : 'invalid_response', `answered ${response.status}`);
  }
  start(): Promise<Challenge> {
    return Promise.reject(new PwlessError('not_supported', 'not yet'));
  }
  verify(): Promise<Session> {
    return Promise.reject(new PwlessError('not_supported', 'not yet'));
  }
  resend(): Promise<Challenge> {
    return Promise.reject(new PwlessError('not_supported', 'not yet'));
  }
  renew(_stored: StoredSession): Promise<StoredSession> {
    return Promise.reject(new PwlessError('session_expired', 'not yet'));
  }
  async revoke(): Promise<void> {}
}
