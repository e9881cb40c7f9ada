/** The session element's countdowns: which states show one, and when screen readers hear it. */
import type { SessionState } from '../../core/session/types.ts';
import type { Threshold } from '../../i18n/index.ts';

/** When screen readers hear the needs-sign-in countdown, most urgent last. */
export const ANNOUNCE_AT: readonly Threshold[] = [120_000, 60_000, 30_000];

/** From this remaining time on, the tab title is prefixed and the system notification shows. */
export const URGENT_MS = 120_000;

/** Whether the UI of a state shows a running time (renewal, validity or expiry countdown). */
export function hasCountdown(state: SessionState): boolean {
  return (
    state === 'active' || state === 'refreshing' || state === 'offline' || state === 'needs-sign-in'
  );
}

/**
 * The threshold crossed between two readings of the remaining time, or null. Only a
 * crossing counts, so the live region changes three times at most instead of every second;
 * the first reading (`previousMs` null) announces nothing because the banner itself is
 * announced when it appears. After a jump over several thresholds (a laptop waking up) the
 * most urgent one is announced.
 */
export function announcementFor(previousMs: number | null, nowMs: number): Threshold | null {
  // Past expiry the countdown itself says "expired"; "30 seconds left" would be wrong.
  if (previousMs === null || nowMs >= previousMs || nowMs <= 0) return null;
  let crossed: Threshold | null = null;
  for (const threshold of ANNOUNCE_AT) {
    if (previousMs > threshold && nowMs <= threshold) crossed = threshold;
  }
  return crossed;
}
