/**
 * What the session shows besides its state: the last error (kept for `lastError`, emitted as
 * `session-error` with its code and message only, never a cause that could hold a token), and
 * the idle warning. Also the error the session raises itself when the idle timeout ends it.
 */
import { FinesseError } from '../kernel/errors.ts';
import type { TabSession } from './tab-session.ts';

export function idleTimeoutError(): FinesseError {
  return new FinesseError(
    'idle-timeout',
    'The session ended after too long without activity (the idle timeout). Sign in again.',
  );
}

export function errorDetail(error: FinesseError) {
  return { code: error.code, message: error.message };
}

export function setError(tab: Pick<TabSession, 'error' | 'emitter'>, error: FinesseError): void {
  tab.error = error;
  tab.emitter.emit('session-error', errorDetail(error));
}

/** Shows (epoch ms of the coming idle sign-out) or clears (null) the idle warning in this tab. */
export function setIdleWarning(
  tab: Pick<TabSession, 'idleAt' | 'emitter'>,
  signOutAt: number | null,
): void {
  if (signOutAt === tab.idleAt) return;
  tab.idleAt = signOutAt;
  tab.emitter.emit('idle-warning', { signOutAt });
}
