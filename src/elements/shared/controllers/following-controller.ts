import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The two timer functions the controllers need. */
export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** What every following controller accepts for its ticking. */
export interface TickingOptions {
  /** Whether a live time is on screen; the controller ticks once a second only while true. */
  ticking?: () => boolean;
  /** Tick period in ms (default 1000). */
  interval?: number;
  /** Timer functions (default: the window's); tests pass their own. */
  timers?: IntervalTimers;
}

const windowTimers: IntervalTimers = {
  setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
};

/**
 * The shared half of the session and agent controllers: follows a target (re-read on connect
 * and before every update, so the host may swap it), keeps one subscription to it while the
 * host is connected, re-renders on demand, and ticks once a second while a live time is on
 * screen. Live times read the clock at render, so a tick only has to request an update.
 */
export abstract class FollowingController<T> implements ReactiveController {
  protected readonly host: ReactiveControllerHost;
  private readonly ticking: TickingOptions;
  private followed: T | undefined;
  private unsubscribe: (() => void) | undefined;
  private timer: unknown;
  private connected = false;

  constructor(host: ReactiveControllerHost, ticking: TickingOptions) {
    this.host = host;
    this.ticking = ticking;
    host.addController(this);
  }

  /** The target to follow now (the host's option). */
  protected abstract target(): T | undefined;
  /** Subscribes to a target; returns what undoes it. */
  protected abstract subscribe(target: T): () => void;

  /** The target currently followed (undefined while disconnected or without one). */
  protected get current(): T | undefined {
    return this.followed;
  }

  hostConnected(): void {
    this.connected = true;
    this.follow(this.target());
    // Background tabs run timers about once a minute: catch up as soon as the agent looks.
    document.addEventListener('visibilitychange', this.onVisible);
  }

  hostDisconnected(): void {
    this.connected = false;
    this.follow(undefined);
    this.stopTicking();
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  hostUpdate(): void {
    // The host may have been given another target while connected.
    if (this.connected) this.follow(this.target());
  }

  hostUpdated(): void {
    if (this.connected && (this.ticking.ticking?.() ?? false)) this.startTicking();
    else this.stopTicking();
  }

  /** Re-renders the host now (what each tick does). */
  tick(): void {
    this.host.requestUpdate();
  }

  private follow(target: T | undefined): void {
    if (target === this.followed) return;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.followed = target;
    if (target !== undefined) this.unsubscribe = this.subscribe(target);
  }

  private startTicking(): void {
    const timers = this.ticking.timers ?? windowTimers;
    this.timer ??= timers.setInterval(() => this.tick(), this.ticking.interval ?? 1000);
  }

  private stopTicking(): void {
    if (this.timer === undefined) return;
    (this.ticking.timers ?? windowTimers).clearInterval(this.timer);
    this.timer = undefined;
  }

  private readonly onVisible = (): void => {
    if (document.visibilityState === 'visible') this.tick();
  };
}
