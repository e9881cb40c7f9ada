/**
 * How the session ends in every tab of the agent: the agent signs out (optionally set to LOGOUT
 * first), the idle timeout runs out, or another user signs in where this tab is bound to one.
 * Each turns the record into a tombstone, so every tab and every reload agrees.
 */
import { FinesseError } from '../kernel/errors.ts';
import { reload } from './followed-record.ts';
import type { FollowingTab } from './followed-record.ts';
import { post } from './other-tabs.ts';
import type { SessionRecord, SignOutReason } from './record.ts';
import { isLive } from './record.ts';
import type { SignOutOptions } from './session-api.ts';
import { setError, setIdleWarning } from './session-notices.ts';

/** The session's `signOut()`: forgets the pair in every tab; optionally LOGOUT first. */
export async function signOut(tab: FollowingTab, options: SignOutOptions): Promise<void> {
  const record = tab.record;
  if (!isLive(record) || !tab.key) return;
  const logoutAgent = tab.options.logoutAgent;
  if (options.agentLogout && logoutAgent) {
    try {
      await logoutAgent(record.userId, options.agentLogout.reasonCodeId);
    } catch (error) {
      // Forget the pair anyway: the agent asked to sign out. Say what did not happen.
      if (error instanceof FinesseError) setError(tab, error);
    }
  }
  await forget(tab, record);
}

/** The session's `endForIdle()`: every tab signs out and shows `idle-timeout`. */
export async function endForIdle(tab: FollowingTab): Promise<void> {
  setIdleWarning(tab, null);
  const record = tab.record;
  if (isLive(record) && tab.key) await forget(tab, record, 'idle-timeout');
}

/** Turns the record into a tombstone (sign-out wins over any generation) and tells every tab. */
export async function forget(
  tab: FollowingTab,
  record: SessionRecord,
  reason?: SignOutReason,
): Promise<void> {
  const key = tab.key!;
  await tab.store!.tombstone(key, record.sessionId, tab.clock.now(), tab.tabId, reason);
  post(tab, { type: 'record-changed', key, from: tab.tabId, why: 'signed-out' });
  await reload(tab);
}
