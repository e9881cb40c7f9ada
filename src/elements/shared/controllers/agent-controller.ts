import type { ReactiveControllerHost } from 'lit';
import type { AgentApi, AgentSnapshot } from '../../../core/finesse/agent-api.ts';
import { FollowingController } from './following-controller.ts';
import type { TickingOptions } from './following-controller.ts';

export type { IntervalTimers } from './following-controller.ts';

export interface AgentControllerOptions extends TickingOptions {
  /** The model to follow; read on connect and before every update, so it may change. */
  agent: () => AgentApi | undefined;
  /**
   * Called for every new snapshot of the followed model, before the host re-renders, with the
   * one before it. Not called for the snapshot found when the controller starts following.
   */
  onChange?: (next: AgentSnapshot, previous: AgentSnapshot) => void;
}

/**
 * Bridges an agent model to a Lit host: subscribes while the host is connected, re-renders
 * it on each snapshot, and ticks once a second while a live duration (time in state, call
 * duration) is visible. Durations read `agent.now()` at render, so a tick only has to
 * request an update.
 */
export class AgentController extends FollowingController<AgentApi> {
  private readonly options: AgentControllerOptions;

  constructor(host: ReactiveControllerHost, options: AgentControllerOptions) {
    super(host, options);
    this.options = options;
  }

  /** The model currently followed (undefined while disconnected or without one). */
  get agent(): AgentApi | undefined {
    return this.current;
  }

  /** The followed model's current snapshot. */
  get snapshot(): AgentSnapshot | undefined {
    return this.current?.snapshot;
  }

  protected target(): AgentApi | undefined {
    return this.options.agent();
  }

  protected subscribe(agent: AgentApi): () => void {
    let last = agent.snapshot;
    return agent.subscribe((snapshot) => {
      const previous = last;
      last = snapshot;
      // A model may repeat the current snapshot (on subscribe, say): nothing changed then.
      if (previous !== snapshot) this.options.onChange?.(snapshot, previous);
      this.host.requestUpdate();
    });
  }
}
