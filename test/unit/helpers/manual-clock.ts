import type { Clock } from '../../../src/core/clock.ts';

/** Lets real async work (IndexedDB, Web Locks, BroadcastChannel) run between timer firings. */
export async function flush(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A clock the test moves by hand. `advance` runs each timer that falls due, in time order,
 * letting real async work settle between them; `jump` moves time without running timers,
 * like a laptop that slept.
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private sequence = 0;

  constructor(start = Date.UTC(2026, 10, 21, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
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
