/**
 * What `<finesse-sso-session>` does when it connects and disconnects: it watches its subtree for
 * agent elements to load, builds, starts and disposes of its own session when the host gives
 * none, and marks the performance timeline (connected, first active); the element says when.
 */
import { createSession } from '../../core/assembly/create-session.ts';
import { FinesseError, isFinesseError } from '../../core/kernel/errors.ts';
import type { AssembledSession } from '../../core/assembly/assembled-session.ts';
import { watchForAgentElements } from './agent-loader.ts';
import { sessionConfig } from './session-config.ts';
import type { SessionAttributes } from './session-config.ts';
import type { SessionNotices } from './session-notices.ts';

/** What the lifecycle needs of the element: the element itself, its attributes and `session`. */
export type LifecycleHost = HTMLElement & SessionAttributes & { session?: AssembledSession };

/** Why a method fails while the element has no session (not connected, or creation failed). */
export function noSession(): FinesseError {
  return new FinesseError(
    'signed-out',
    '<finesse-sso-session> has no session yet: connect it and await updateComplete.',
  );
}

export class SessionLifecycle {
  /** The session this element created (and must dispose); undefined when the host gave one. */
  private owned: AssembledSession | undefined;
  /** Counts connections: a session whose parts finish loading after a disconnect is dropped. */
  private generation = 0;
  /** Stops watching the subtree for agent elements to load. */
  private stopWatching: () => void = () => undefined;
  private activeMarked = false;
  /** The session being built (its parts loading), else null: `updateComplete` waits for it. */
  loading: Promise<void> | null = null;

  /**
   * @param host the element: its attributes, and its `session`, the one shown and provided
   * @param notices shows the failures that happen outside the session's own reporting
   */
  constructor(
    private readonly host: LifecycleHost,
    private readonly notices: SessionNotices,
  ) {}

  /**
   * Before the element's controllers connect (so they subscribe before start() can emit
   * anything): builds its own session unless the host gave one. Returns a developer error
   * (a configuration mistake) for the element to throw once it is connected.
   */
  connect(): unknown {
    performance.mark('finesse-sso:connected');
    this.stopWatching = watchForAgentElements(this.host, (error) => this.notices.report(error));
    this.activeMarked = false;
    return this.host.session ? undefined : this.create();
  }

  /** Once the controllers are connected (the session it builds starts when its parts load). */
  connected(): void {
    this.markActiveOnce();
  }

  /** The element left the page: its session goes, and one still loading is dropped on arrival. */
  disconnect(): void {
    this.stopWatching();
    this.generation++;
    if (this.owned) this.release();
  }

  /** Marks `finesse-sso:active` (a performance mark) the first time the session is active. */
  markActiveOnce(): void {
    if (this.activeMarked || this.host.session?.state !== 'active') return;
    this.activeMarked = true;
    performance.mark('finesse-sso:active');
  }

  /** A host that swapped in its own session takes over from the one we created. */
  yieldToHost(): void {
    if (this.owned && this.host.session !== this.owned) this.release();
  }

  /** Builds and owns a session from the attributes; returns a developer error to rethrow. */
  private create(): unknown {
    const config = sessionConfig(this.host);
    try {
      this.adoptWhenLoaded(createSession(config));
    } catch (error) {
      // Environment failures (insecure-context…) are shown; configuration mistakes throw.
      if (isFinesseError(error)) this.notices.report(error);
      else return error;
    }
    return undefined;
  }

  /**
   * The session is built from parts (the engine; relay or gadget mode; another provider): the
   * element shows its starting state (no session yet) until they load, then starts it; a part
   * that cannot be loaded is shown like any startup failure (`part-unavailable`).
   */
  private adoptWhenLoaded(built: Promise<AssembledSession>): void {
    const generation = this.generation;
    const loading: Promise<void> = built
      .then(
        (session) => {
          if (generation !== this.generation || this.host.session) {
            session.dispose();
            return;
          }
          this.host.session = this.owned = session;
          session.start().catch((error: unknown) => this.notices.report(error));
        },
        (error: unknown) => {
          if (generation === this.generation) this.notices.report(error);
        },
      )
      .finally(() => {
        if (this.loading === loading) this.loading = null;
      });
    this.loading = loading;
  }

  private release(): void {
    const owned = this.owned;
    this.owned = undefined;
    owned?.relay?.dispose();
    owned?.dispose();
    if (this.host.session === owned) this.host.session = undefined;
  }
}
