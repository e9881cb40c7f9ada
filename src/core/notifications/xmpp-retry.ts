/**
 * When the holder connects again: the backoff between attempts, and which failures mean
 * "the server wants a fresh token" (one immediate retry).
 */
import type { ClosedEvent } from './worker-protocol.ts';

/**
 * The wait before reconnect attempt `attempt` (1-based): 1, 2, 4, 8 … s capped at 60 s, each
 * with ±25 % jitter so that many agents dropped together do not come back together, and kept
 * within [min, max].
 */
export function backoffDelay(
  attempt: number,
  minMs: number,
  maxMs: number,
  random: number,
): number {
  const nominal = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt - 1));
  const jittered = nominal * (0.75 + 0.5 * random);
  return Math.round(Math.min(maxMs, Math.max(minMs, jittered)));
}

/** Reasons a connection attempt failed that mean "the server wants a fresh token". */
export const isAuthProblem = (event: ClosedEvent) =>
  event.authFailed || (event.streamError === true && event.condition === 'not-authorized');
