import type { Clock } from './clock.ts';

/** The part of `navigator.locks` we use, so tests can pass their own. */
export type LockManagerLike = Pick<LockManager, 'request'>;

export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Runs `fn` under an exclusive Web Lock, giving up if the lock is not granted within
 * `timeoutMs` (a tab that froze while holding it must not stall the others forever).
 * With `steal`, takes the lock from its holder at once: the caller must have decided the
 * holder is stale, and the compare-and-set commit keeps the loser from overwriting.
 */
export async function withLock<T>(
  locks: LockManagerLike,
  name: string,
  options: { clock: Clock; timeoutMs: number; steal?: boolean },
  fn: () => Promise<T>,
): Promise<LockResult<T>> {
  if (options.steal) {
    const value = await locks.request(name, { mode: 'exclusive', steal: true }, () => fn());
    return { acquired: true, value: value as T };
  }
  const controller = new AbortController();
  const timer = options.clock.setTimeout(() => controller.abort(), options.timeoutMs);
  let granted = false;
  try {
    const value = await locks.request(
      name,
      { mode: 'exclusive', signal: controller.signal },
      () => {
        granted = true;
        options.clock.clearTimeout(timer);
        return fn();
      },
    );
    return { acquired: true, value: value as T };
  } catch (error) {
    if (!granted && controller.signal.aborted) return { acquired: false };
    throw error;
  } finally {
    options.clock.clearTimeout(timer);
  }
}
