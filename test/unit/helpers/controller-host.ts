import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { IntervalTimers } from '../../../src/elements/shared/controllers/following-controller.ts';

/** Interval timers the test fires by hand. */
export class ManualTimers implements IntervalTimers {
  readonly running = new Map<number, { callback: () => void; ms: number }>();
  private sequence = 0;
  setInterval(callback: () => void, ms: number): unknown {
    this.running.set(++this.sequence, { callback, ms });
    return this.sequence;
  }
  clearInterval(handle: unknown): void {
    this.running.delete(handle as number);
  }
  fire(): void {
    for (const { callback } of [...this.running.values()]) callback();
  }
}

/** A host without rendering: counts update requests and drives the controller by hand. */
export class TestHost implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updates = 0;
  readonly updateComplete = Promise.resolve(true);
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(controller: ReactiveController): void {
    this.controllers = this.controllers.filter((c) => c !== controller);
  }
  requestUpdate(): void {
    this.updates++;
  }
}
