import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AgentApi, AgentSnapshot } from '../core/finesse/agent-api.ts';
import type { IntervalTimers } from './session-controller.ts';

export type { IntervalTimers };

export interface AgentControllerOptions {
  /** The model to follow; read on connect and before every update, so it may change. */
  agent: () => AgentApi | undefined;
  /**
   * Called for every new snapshot of the followed model, before the host re-renders, with the
   * one before it. Not called for the snapshot found when the controller starts following.
   */
  onChange?: (next: AgentSnapshot, previous: AgentSnapshot) => void;
  /** Whether a live duration is on screen; the controller ticks once a second only while true. */
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
 * Bridges an agent model to a Lit host: subscribes while the host is connected, re-renders
 * it on each snapshot, and ticks once a second while a live duration (time in state, call
 * duration) is visible. Durations read `agent.now()` at render, so a tick only has to
 * request an update.
 */
export class AgentController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: AgentControllerOptions;
  private followed: AgentApi | undefined;
  private last: AgentSnapshot | undefined;
  private unsubscribe: (() => void) | undefined;
  private timer: unknown;
  private connected = false;

  constructor(host: ReactiveControllerHost, options: AgentControllerOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** The model currently followed (undefined while disconnected or without one). */
  get agent(): AgentApi | undefined {
    return this.followed;
  }

  /** The followed model's current snapshot. */
  get snapshot(): AgentSnapshot | undefined {
    return this.followed?.snapshot;
  }

  hostConnected(): void {
    this.connected = true;
    this.follow(this.options.agent());
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
    // The host may have been given another model, or a session that brings one.
    if (this.connected) this.follow(this.options.agent());
  }

  hostUpdated(): void {
    if (this.connected && (this.options.ticking?.() ?? false)) this.startTicking();
    else this.stopTicking();
  }

  /** Re-renders the host now (what each tick does). */
  tick(): void {
    this.host.requestUpdate();
  }

  private follow(agent: AgentApi | undefined): void {
    if (agent === this.followed) return;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.followed = agent;
    this.last = agent?.snapshot;
    if (!agent) return;
    this.unsubscribe = agent.subscribe((snapshot) => {
      const previous = this.last;
      this.last = snapshot;
      // A model may repeat the current snapshot (on subscribe, say): nothing changed then.
      if (previous && previous !== snapshot) this.options.onChange?.(snapshot, previous);
      this.host.requestUpdate();
    });
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
