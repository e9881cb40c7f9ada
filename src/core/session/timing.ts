/** Every delay the session uses, in one place, so tests and short-lived test tokens can shrink them. */
export interface SessionTiming {
  /**
   * Longest single timer. Background tabs are throttled and laptops sleep, so instead of one
   * long setTimeout the session wakes at least this often and compares absolute times.
   */
  maxTimerStepMs: number;
  /** How often the refresher re-stamps its heartbeat while a request is in flight. */
  heartbeatMs: number;
  /** A heartbeat older than this means its tab froze or died. */
  staleHeartbeatMs: number;
  /** Longest wait for a refresh answer (also cut to shortly before expiry). */
  requestTimeoutMs: number;
  /** Shortest wait for a refresh answer, even when the token is about to expire. */
  minRequestTimeoutMs: number;
  /** Longest wait for the refresh lock before looking at who holds it. */
  lockTimeoutMs: number;
  /**
   * Waits between retries after transport failures (the last one repeats). Each wait is
   * shortened by a random part of up to `backoffJitter` of itself, so tabs and desktops that
   * failed together do not retry together; never longer than the listed value.
   */
  backoffMs: readonly number[];
  backoffJitter: number;
  /**
   * Longest wait between retries once the access token has expired: the agent cannot work at
   * all then, so the session looks again every few seconds (one request per agent, whatever
   * the number of tabs) and every tab is back within this long after Finesse answers again.
   */
  expiredRetryMs: number;
  /**
   * Shortest gap between a failure and an early retry prompted by an answer from Finesse, so
   * that a busy desktop whose API calls succeed does not hammer a failing token endpoint.
   */
  minRetryGapMs: number;
  /** A wall clock that moved this much more or less than the monotonic one has jumped. */
  clockJumpToleranceMs: number;
  /** How long another tab's "sign-in window open" notice counts without news. */
  signingInTtlMs: number;
  /** Recheck delay when another tab holds the lock and is alive. */
  busyRecheckMs: number;
}

export const DEFAULT_TIMING: SessionTiming = {
  maxTimerStepMs: 30_000,
  heartbeatMs: 2_000,
  staleHeartbeatMs: 6_000,
  requestTimeoutMs: 60_000,
  minRequestTimeoutMs: 2_000,
  lockTimeoutMs: 10_000,
  backoffMs: [1_000, 2_000, 5_000, 10_000, 20_000, 30_000],
  backoffJitter: 0.5,
  expiredRetryMs: 4_000,
  minRetryGapMs: 1_000,
  clockJumpToleranceMs: 5_000,
  signingInTtlMs: 5 * 60_000 + 10_000,
  busyRecheckMs: 1_000,
};

/** Safety margin before expiry: 10 % of the lifetime, at most 5 s. */
export function expiryMargin(issuedAt: number, expiresAt: number): number {
  return Math.min(5_000, Math.max(0, (expiresAt - issuedAt) * 0.1));
}

/**
 * From when a stale refresher may be superseded: 85 % of the lifetime, so the new refresher
 * still has time before the access token runs out.
 */
export function stealFrom(issuedAt: number, expiresAt: number): number {
  return issuedAt + (expiresAt - issuedAt) * 0.85;
}

/** The wait before retry number `attempts` (1-based): the listed backoff, minus jitter. */
export function backoffDelay(timing: SessionTiming, attempts: number, random: number): number {
  const list = timing.backoffMs;
  const base = list[Math.min(attempts, list.length) - 1] ?? 1_000;
  return Math.round(base * (1 - timing.backoffJitter * Math.min(1, Math.max(0, random))));
}
