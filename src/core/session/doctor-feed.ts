/**
 * What this tab tells the connection doctor's page: a note in its history for every refresh and
 * sign-in, and this tab's line in its roster. Ids, states and codes only, never a token.
 */
import { createLogger } from '../kernel/logger.ts';
import type { HistoryEntry } from './history.ts';
import { isLive } from './record.ts';
import { holdsNotifications } from './roster.ts';
import type { RosterTab } from './roster.ts';
import type { TabSession } from './tab-session.ts';

const log = createLogger('session');

/**
 * Appends to the doctor's history, outside the refresh lock and without waiting: a history
 * that cannot be written (quota, blocked IndexedDB) never changes what the session does.
 */
export function note(
  tab: Pick<TabSession, 'options' | 'clock' | 'tabId'>,
  entry: Omit<HistoryEntry, 'at' | 'tab'>,
): void {
  const history = tab.options.history;
  if (!history) return;
  try {
    history
      .append({ at: tab.clock.now(), tab: tab.tabId, ...entry })
      .catch((error: unknown) => log.warn(`history not written: ${(error as Error)?.name}`));
  } catch (error) {
    log.warn(`history not written: ${(error as Error)?.name}`);
  }
}

/** What this tab tells the doctor's roster query: ids, state and roles, never a token. */
export function rosterTab(
  tab: Pick<TabSession, 'options' | 'tabId' | 'record' | 'currentState' | 'refreshingHere'>,
): RosterTab {
  const record = tab.record;
  const visibility = typeof document === 'undefined' ? undefined : document.visibilityState;
  return {
    tab: tab.tabId,
    state: tab.currentState,
    mode: tab.options.mode,
    refreshing: tab.refreshingHere,
    notifications: holdsNotifications(),
    ...(isLive(record) ? { user: record.userId, expiresAt: record.expiresAt } : {}),
    ...(visibility === 'visible' || visibility === 'hidden' ? { visibility } : {}),
  };
}
