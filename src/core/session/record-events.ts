/**
 * What a new copy of the shared record means to the session's listeners: another user now shown,
 * a refresh done, a problem to show (or none any more), a sign-out. Events carry user ids, times
 * and codes, never a token.
 */
import { FinesseError } from '../kernel/errors.ts';
import type { SessionRecord } from './record.ts';
import { isLive } from './record.ts';
import { idleTimeoutError, setError, setIdleWarning } from './session-notices.ts';
import { PROBLEM_MESSAGES } from './session-state.ts';
import type { TabSession } from './tab-session.ts';

/** Fires the events the change from `previous` to `record` implies, and shows its error. */
export function announce(
  tab: Pick<TabSession, 'tabId' | 'emitter' | 'error' | 'idleAt'>,
  previous: SessionRecord | undefined,
  record: SessionRecord | undefined,
): void {
  const wasLive = isLive(previous);
  if (wasLive && isLive(record) && previous.userId !== record.userId) {
    // Only a tab without `username` gets here (a bound tab signs out instead): say so.
    setIdleWarning(tab, null);
    tab.emitter.emit('user-changed', {
      previousUserId: previous.userId,
      userId: record.userId,
    });
  }
  if (isLive(record)) {
    if (
      wasLive &&
      previous.sessionId === record.sessionId &&
      record.generation > previous.generation
    ) {
      tab.emitter.emit('token-refreshed', {
        expiresAt: record.expiresAt,
        byThisTab: record.storedBy === tab.tabId,
      });
    }
    const problem = record.needsSignIn ?? record.failure;
    const before = previous?.needsSignIn ?? previous?.failure;
    if (
      problem &&
      (problem.code !== before?.code || !!record.needsSignIn !== !!previous?.needsSignIn)
    ) {
      setError(
        tab,
        new FinesseError(
          problem.code,
          PROBLEM_MESSAGES[problem.code] ?? 'The sign-in needs attention.',
        ),
      );
    } else if (!problem) {
      tab.error = null;
    }
  } else if (wasLive) {
    setIdleWarning(tab, null);
    if (record?.signedOut?.reason === 'idle-timeout') setError(tab, idleTimeoutError());
    const reason = record?.signedOut?.reason;
    tab.emitter.emit('signed-out', {
      byThisTab: record?.signedOut?.by === tab.tabId,
      ...(reason ? { reason } : {}),
    });
  }
}
