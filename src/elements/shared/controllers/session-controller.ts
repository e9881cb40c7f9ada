import type { ReactiveControllerHost } from 'lit';
import type { SessionApi } from '../../../core/session/session-api.ts';
import type { SessionEventMap } from '../../../core/session/types.ts';
import { SESSION_EVENT_TYPES } from '../events.ts';
import { FollowingController } from './following-controller.ts';
import type { TickingOptions } from './following-controller.ts';

export type { IntervalTimers } from './following-controller.ts';

/** Called for every core event, before the host re-renders. */
export type SessionEventHandler = <K extends keyof SessionEventMap>(
  type: K,
  detail: SessionEventMap[K],
) => void;

export interface SessionControllerOptions extends TickingOptions {
  /** The session to follow; read on connect and before every update, so it may change. */
  session: () => SessionApi | undefined;
  /** Receives each core event (the session element re-dispatches them as `finesse-*`). */
  onEvent?: SessionEventHandler;
}

/**
 * Bridges a session to a Lit host: subscribes to the core's events while the host is
 * connected, re-renders the host on each, and ticks once a second while a countdown is
 * visible. Countdowns read `session.now()` at render, so a tick only has to request an update.
 */
export class SessionController extends FollowingController<SessionApi> {
  private readonly options: SessionControllerOptions;

  constructor(host: ReactiveControllerHost, options: SessionControllerOptions) {
    super(host, options);
    this.options = options;
  }

  /** The session currently followed. */
  get session(): SessionApi | undefined {
    return this.current;
  }

  protected target(): SessionApi | undefined {
    return this.options.session();
  }

  protected subscribe(session: SessionApi): () => void {
    const unsubscribers = SESSION_EVENT_TYPES.map((type) =>
      session.on(type, (detail) => {
        this.options.onEvent?.(type, detail);
        this.host.requestUpdate();
      }),
    );
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }
}
