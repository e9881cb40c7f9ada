import { messagesFor } from '../../i18n/index.ts';
import type { SessionState } from '../../core/session/types.ts';
import type { Lang, Threshold } from '../../i18n/index.ts';

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
 * `m:ss` (or `h:mm:ss` from one hour) for a remaining time, rounded up so that "0:00" is never
 * shown while the sign-in is still valid; the language's "expired" text at or below zero.
 */
export function formatRemaining(ms: number, lang: Lang): string {
  if (ms <= 0) return messagesFor(lang).expired;
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
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
