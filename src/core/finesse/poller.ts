import type { Clock } from '../kernel/clock.ts';

/**
 * Runs `task` every `ms` on the injected clock while `wanted()` is true. Chained timeouts:
 * the next run is scheduled only after the previous one settled, so runs never overlap.
 * Call `check()` whenever `wanted()` may have changed.
 */
export class Poller {
  private timer: { handle: unknown } | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
    private readonly wanted: () => boolean,
    private readonly task: () => Promise<void>,
  ) {}

  check(): void {
    if (!this.wanted()) {
      if (this.timer) this.clock.clearTimeout(this.timer.handle);
      this.timer = null;
      return;
    }
    if (this.timer) return;
    this.timer = {
      handle: this.clock.setTimeout(() => {
        this.timer = null;
        void this.task()
          .catch(() => undefined)
          .then(() => this.check());
      }, this.ms),
    };
  }
}
