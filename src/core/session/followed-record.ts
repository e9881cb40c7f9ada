/**
 * Which shared record this tab follows (its configured user's, else the cluster's current
 * user's) and how it takes a fresh copy of it: re-read from the store, adopted, announced, and
 * the state and timer brought up to date.
 */
import type { SessionRecord } from './record.ts';
import { normaliseUserId, recordKey } from './record.ts';
import { sampleClock } from './clock-jump-watch.ts';
import { announce } from './record-events.ts';
import { update } from './scheduler.ts';
import type { SchedulingTab } from './scheduler.ts';
import type { TabSession } from './tab-session.ts';

/** What following the record reads and writes of the session. */
export type FollowingTab = SchedulingTab &
  Pick<TabSession, 'ready' | 'lastUser' | 'error' | 'idleAt'>;

/** The username the next sign-in will use, if one is known (configured, or the last user). */
export function usernameOf(tab: Pick<TabSession, 'options' | 'lastUser'>): string | null {
  return tab.options.username ?? tab.lastUser;
}

/** Which record this tab follows: its configured user (or alias), else the cluster's current user. */
export async function resolveKey(tab: FollowingTab): Promise<void> {
  const { cluster, username } = tab.options;
  const store = tab.store!;
  if (username) {
    const alias = await store.getPointer(`alias:${cluster}|${normaliseUserId(username)}`);
    tab.key = alias ?? recordKey(cluster, username);
  } else {
    tab.key = (await store.getPointer(`current:${cluster}`)) ?? null;
  }
  if (tab.key) tab.lastUser = tab.key.slice(tab.key.indexOf('|') + 1) || null;
}

/** Re-reads the shared record and adopts it. */
export async function reload(tab: FollowingTab): Promise<void> {
  await tab.ready;
  if (!tab.key) await resolveKey(tab);
  const record = tab.key ? await tab.store!.get(tab.key) : undefined;
  adopt(tab, record);
}

/** Takes a record as this tab's view, firing the events the change implies. */
export function adopt(tab: FollowingTab, record: SessionRecord | undefined): void {
  if (tab.disposed) return;
  sampleClock(tab);
  // A refresh that ended after this tab moved to another user's record is not news here.
  if (record && tab.key && record.key !== tab.key) return;
  const previous = tab.record;
  tab.record = record;
  if (record) tab.lastUser = record.userId;
  announce(tab, previous, record);
  update(tab);
}
