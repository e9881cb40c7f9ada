/**
 * When this tab looks at the shared record again, and what state it shows meanwhile: the state
 * is derived from the record and what the tab is doing, and one timer, re-armed on every change,
 * wakes the tab for the next thing that matters (a refresh falling due, a heartbeat going stale,
 * expiry). Each look re-reads the record and refreshes when due.
 */
import { TRANSPORT_CODES } from '../kernel/errors.ts';
import { repairClock, sampleClock } from './clock-jump-watch.ts';
import type { ClockWatchTab } from './clock-jump-watch.ts';
import { dueAt, isLive } from './record.ts';
import { refresh } from './refresher.ts';
import type { RefreshingTab } from './refresher.ts';
import { deriveState, nextWakeAt } from './session-state.ts';
import type { TabView } from './session-state.ts';
import type { TabSession } from './tab-session.ts';

/** Wake-ups after which a transport failure is retried at once rather than after its backoff. */
const RETRY_AT_ONCE: ReadonlySet<string> = new Set([
  'online',
  'focus',
  'visibilitychange',
  'pageshow',
  'resume',
  'finesse-answer',
]);

/** What the state and timer read and write of the session. */
export type SchedulingTab = ClockWatchTab &
  RefreshingTab &
  Pick<TabSession, 'emitter' | 'currentState' | 'wasExpired' | 'signingInNow' | 'reload'>;

/** What this tab knows besides the record, for the pure state and timer functions. */
function view(tab: SchedulingTab): TabView {
  const now = tab.clock.now();
  for (const [other, until] of tab.signingInElsewhere) {
    if (until <= now) tab.signingInElsewhere.delete(other);
  }
  return {
    record: tab.record,
    now,
    signingIn: tab.signingInNow || tab.signingInElsewhere.size > 0,
    refreshingHere: tab.refreshingHere,
    signingInUntil: tab.signingInElsewhere.values(),
  };
}

/** Recomputes the state, emits the change, and re-arms the timer. */
export function update(tab: SchedulingTab): void {
  if (tab.disposed) return;
  const current = view(tab);
  const next = deriveState(current, tab.timing);
  const expired = isExpired(tab, current.now);
  if (next !== tab.currentState || expired !== tab.wasExpired) {
    const previous = tab.currentState;
    tab.currentState = next;
    tab.wasExpired = expired;
    tab.emitter.emit('session-change', { state: next, previous, expired });
  }
  if (next === 'signed-out' || next === 'needs-sign-in') tab.options.source.prepareSignIn?.();
  schedule(tab);
}

/** One timer for the next thing that matters (see `nextWakeAt`). */
function schedule(tab: SchedulingTab): void {
  tab.clock.clearTimeout(tab.timer);
  if (tab.disposed) return;
  const now = tab.clock.now();
  // A clock jump waits to be applied: look again at once.
  const at = tab.pendingJump ? now : nextWakeAt(view(tab), tab.timing);
  tab.timer = tab.clock.setTimeout(() => void check(tab, 'timer'), Math.max(0, at - now));
}

/** Re-reads the record and refreshes if due. Runs on timers and on every wake-up event. */
export async function check(tab: SchedulingTab, trigger: string): Promise<void> {
  if (tab.disposed) return;
  sampleClock(tab);
  await tab.reload();
  await repairClock(tab);
  const record = tab.record;
  if (!isLive(record)) return;
  if (record.needsSignIn) {
    // Only records written by older versions ask for a sign-in after a transport failure:
    // retry at once; a new transport failure turns the record into an ordinary failure.
    if (TRANSPORT_CODES.has(record.needsSignIn.code)) {
      await refresh(tab, { known: record, retryTransport: true });
    }
    return;
  }
  if (tab.clock.now() >= dueAt(record)) await refresh(tab, { known: record });
  else if (record.failure && RETRY_AT_ONCE.has(trigger)) {
    // A transport failure waits out its backoff, unless something says Finesse may be back;
    // API answers can come many a second, so they retry at most once per gap.
    const since = tab.clock.now() - (record.failure.at ?? 0);
    if (trigger === 'finesse-answer' && since < tab.timing.minRetryGapMs) return;
    await refresh(tab, { known: record, retryNow: true });
  }
}

/** The access token is past expiry, the pair kept: offline, not a reason to sign in. */
export function isExpired(tab: Pick<TabSession, 'record'>, now: number): boolean {
  const record = tab.record;
  return isLive(record) && !record.needsSignIn && now >= record.expiresAt;
}
