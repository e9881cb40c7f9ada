/**
 * The session's deadlines are wall-clock times in the shared record; a wall clock set back would
 * make them come far too late (and a dead token look fresh). This watch notices such jumps by
 * comparing the wall clock with a monotonic one, and re-plans the record once for every tab.
 */
import { createLogger } from '../kernel/logger.ts';
import type { SessionRecord } from './record.ts';
import { isLive, sameVersion, shiftTimes } from './record.ts';
import { post } from './other-tabs.ts';
import type { PostingTab } from './other-tabs.ts';
import type { TabSession } from './tab-session.ts';

const log = createLogger('session');

/** What the clock watch reads and writes of the session. */
export type ClockWatchTab = PostingTab &
  Pick<
    TabSession,
    | 'clock'
    | 'timing'
    | 'tabId'
    | 'key'
    | 'record'
    | 'disposed'
    | 'signingInElsewhere'
    | 'clockMark'
    | 'pendingJump'
    | 'adopt'
  >;

/**
 * Compares how far the wall clock and the monotonic clock moved since the last look. A wall
 * clock that moved back (set back by hand or by time sync) is a jump: deadlines written in
 * the old wall time are re-planned by `repairClock`. A wall clock that moved forward more
 * than the monotonic one is not corrected: a laptop's monotonic clock stops during sleep
 * on Linux and macOS, so that is indistinguishable from time really passing, and taking it
 * as elapsed only makes the refresh come early (never a token handed out after expiry).
 */
export function sampleClock(tab: ClockWatchTab): void {
  const wall = tab.clock.now();
  const mono = tab.clock.monotonic();
  const previous = tab.clockMark;
  tab.clockMark = { wall, mono };
  if (!previous) return;
  const jump = wall - previous.wall - (mono - previous.mono);
  if (jump >= -tab.timing.clockJumpToleranceMs) return;
  log.warn(`the wall clock went back by ${Math.round(-jump / 1000)} s`);
  tab.pendingJump = {
    by: (tab.pendingJump?.by ?? 0) + jump,
    seen: tab.pendingJump ? tab.pendingJump.seen : tab.record,
  };
  for (const [other, until] of tab.signingInElsewhere) {
    tab.signingInElsewhere.set(other, until + jump);
  }
}

/**
 * Moves the shared record's deadlines onto the new wall clock after a backward jump, once:
 * only if the record is still the one this tab saw before the jump (another tab may have
 * moved it already; every tab reads the same machine clock). A record issued in the future
 * by more than the tolerance (the jump happened while no tab watched) is re-based on now and
 * refreshed at once, since how much of its lifetime passed is unknown.
 */
export async function repairClock(tab: ClockWatchTab): Promise<void> {
  const store = tab.store;
  const key = tab.key;
  if (!store || !key || tab.disposed) return;
  const pending = tab.pendingJump;
  tab.pendingJump = null;
  const now = tab.clock.now();
  const seen = pending?.seen;
  let written: SessionRecord | null;
  if (pending && isLive(seen) && seen.key === key) {
    written = await store.compareAndSet(key, seen, (r) =>
      r.issuedAt === seen.issuedAt ? shiftTimes(r, pending.by) : r,
    );
  } else {
    const record = tab.record;
    if (!isLive(record) || record.issuedAt <= now + tab.timing.clockJumpToleranceMs) return;
    written = await store.compareAndSet(key, record, (r) =>
      r.issuedAt === record.issuedAt ? { ...shiftTimes(r, now - r.issuedAt), refreshAt: now } : r,
    );
  }
  if (!written) return;
  if (!sameVersion(tab.record, written) || tab.record?.issuedAt !== written.issuedAt) {
    post(tab, { type: 'record-changed', key, from: tab.tabId, why: 'failure' });
  }
  tab.adopt(written);
}
