import type { Clock } from '../../../src/core/kernel/clock.ts';

/** Lets real async work (IndexedDB, Web Locks, BroadcastChannel) run between timer firings. */
export async function flush(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A clock the test moves by hand. `advance` runs each timer that falls due, in time order,
 * letting real async work settle between them; `jump` moves time without running timers,
 * like a laptop that slept; `setWallClock` moves only the wall clock (someone set the
 * system time; forward, it is also what a suspend on Linux or macOS looks like, where the
 * monotonic clock stands still). Timers run on the monotonic clock, as browsers' do.
 */
export class ManualClock implements Clock {
  /** The monotonic time; timers are due on it. */
  private current: number;
  /** Wall clock minus monotonic clock. */
  private wallOffset = 0;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private sequence = 0;

  constructor(start = Date.UTC(2026, 10, 21, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current + this.wallOffset;
  }

  monotonic(): number {
    return this.current;
  }

  /** Sets the wall clock forward (positive) or back (negative) by `ms`; timers do not move. */
  setWallClock(ms: number): void {
    this.wallOffset += ms;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.sequence;
    this.timers.set(id, { at: this.current + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      let nextId: number | undefined;
      let next: { at: number; callback: () => void } | undefined;
      for (const [id, timer] of this.timers) {
        if (timer.at <= end && (!next || timer.at < next.at)) {
          next = timer;
          nextId = id;
        }
      }
      if (!next || nextId === undefined) break;
      this.timers.delete(nextId);
      this.current = Math.max(this.current, next.at);
      next.callback();
      await flush();
    }
    this.current = end;
    await flush();
  }

  jump(ms: number): void {
    this.current += ms;
  }
}
