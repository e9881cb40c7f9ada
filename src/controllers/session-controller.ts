import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionApi } from '../core/session-api.ts';
import type { SessionEventMap } from '../core/types.ts';
import { SESSION_EVENT_TYPES } from '../events.ts';

/** Called for every core event, before the host re-renders. */
export type SessionEventHandler = <K extends keyof SessionEventMap>(
  type: K,
  detail: SessionEventMap[K],
) => void;

export interface SessionControllerOptions {
  /** The session to follow; read on connect and before every update, so it may change. */
  session: () => SessionApi | undefined;
  /** Receives each core event (the session element re-dispatches them as `finesse-*`). */
  onEvent?: SessionEventHandler;
  /** Whether a countdown is on screen; the controller ticks once a second only while true. */
  ticking?: () => boolean;
  /** Tick period in ms (default 1000). */
  interval?: number;
  /** Timer functions (default: the window's); tests pass their own. */
  timers?: IntervalTimers;
}

/** The two timer functions the controller needs. */
export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const windowTimers: IntervalTimers = {
  setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
};

/**
 * Bridges a session to a Lit host: subscribes to the core's events while the host is
 * connected, re-renders the host on each, and ticks once a second while a countdown is
 * visible. Countdowns read `session.now()` at render, so a tick only has to request an update.
 */
export class SessionController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: SessionControllerOptions;
  private subscribed: SessionApi | undefined;
  private unsubscribers: (() => void)[] = [];
  private timer: unknown;
  private connected = false;

  constructor(host: ReactiveControllerHost, options: SessionControllerOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** The session currently followed. */
  get session(): SessionApi | undefined {
    return this.subscribed;
  }

  hostConnected(): void {
    this.connected = true;
    this.follow(this.options.session());
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
    // The host may have been given another session while connected.
    if (this.connected) this.follow(this.options.session());
  }

  hostUpdated(): void {
    if (this.connected && (this.options.ticking?.() ?? false)) this.startTicking();
    else this.stopTicking();
  }

  /** Re-renders the host now (what each tick does). */
  tick(): void {
    this.host.requestUpdate();
  }

  private follow(session: SessionApi | undefined): void {
    if (session === this.subscribed) return;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
    this.subscribed = session;
    if (!session) return;
    for (const type of SESSION_EVENT_TYPES) {
      this.unsubscribers.push(
        session.on(type, (detail) => {
          this.options.onEvent?.(type, detail);
          this.host.requestUpdate();
        }),
      );
    }
  }

  private startTicking(): void {
    const timers = this.options.timers ?? windowTimers;
    this.timer ??= timers.setInterval(() => this.tick(), this.options.interval ?? 1000);
  }

  private stopTicking(): void {
    if (this.timer === undefined) return;
    (this.options.timers ?? windowTimers).clearInterval(this.timer);
    this.timer = undefined;
  }

  private readonly onVisible = (): void => {
    if (document.visibilityState === 'visible') this.tick();
  };
}
