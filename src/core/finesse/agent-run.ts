/**
 * The bottom layer of `AgentModel`: the state every layer shares, following the session (run
 * on sign-in, halt on sign-out, one epoch per run), the first load of the agent, and the
 * snapshot. `agent-sync.ts` keeps a loaded agent current; `agent-model.ts` adds the commands.
 */
import { systemClock } from '../kernel/clock.ts';
import type { Clock } from '../kernel/clock.ts';
import { FinesseError } from '../kernel/errors.ts';
import { createLogger } from '../kernel/logger.ts';
import type { NotificationStatus } from '../notifications/types.ts';
import type { SessionApi } from '../session/session-api.ts';
import type { AgentSnapshot } from './agent-api.ts';
import { asFinesseError } from './agent-snapshot.ts';
import { visibleDialogs } from './dialog-list.ts';
import type { FinesseUpdate, ReasonCategory, SystemInfo } from './models.ts';
import { NotificationLink } from './notification-link.ts';
import { Poller } from './poller.ts';
import { DEFAULT_RECOVERY_TIMING, OutOfServiceRecovery } from './recovery.ts';
import { FinesseRestClient } from './rest-client.ts';
import type { FinesseNode } from './rest-transport.ts';
import { SnapshotStore } from './snapshot-store.ts';
import { DEFAULT_POLL_MS } from './agent-options.ts';
import type { AgentModelOptions } from './agent-options.ts';

const log = createLogger('agent');

/** Session states in which the agent's token is (probably) usable. */
const SIGNED_IN: ReadonlySet<string> = new Set([
  'active',
  'refreshing',
  'offline',
  'needs-sign-in',
]);

/**
 * The agent model's shared state and its run: `start()` makes it follow the session; it
 * empties itself on sign-out and loads again after the next sign-in. Each run has an epoch,
 * so answers that arrive after a sign-out are dropped. The layers above implement the hooks.
 */
export abstract class AgentRun {
  protected readonly options: AgentModelOptions;
  protected readonly session: SessionApi;
  protected readonly rest: FinesseRestClient;
  private readonly clock: Clock;
  protected readonly store = new SnapshotStore();
  protected readonly link: NotificationLink;
  protected readonly poller: Poller;
  protected readonly recovery: OutOfServiceRecovery;
  private enabled = false;
  protected running = false;
  protected loaded = false;
  protected epoch = 0;
  protected reloadSeq = 0;
  /** Reloads whose answers are still awaited. */
  protected reloadsInFlight = 0;
  /** Updates applied while a reload was in flight, numbered (see `reload`). */
  protected readonly duringReload: { seq: number; update: FinesseUpdate }[] = [];
  protected updateSeq = 0;
  /**
   * After a notification gap: the first reload (by `reloadSeq`) that may count as the
   * catch-up; null once one succeeded. While owed, a failed catch-up is retried every pollMs.
   */
  protected catchUpFrom: number | null = null;
  protected loading: Promise<void> | null = null;
  protected loadError: FinesseError | null = null;
  /**
   * The last error that came with a notification: every tab of the agent received it, so every
   * tab clears it when a later update shows Finesse carried on (a retry succeeded somewhere).
   */
  protected notifiedError: FinesseError | null = null;
  private offSession: (() => void)[] = [];
  protected systemInfo: SystemInfo | null = null;
  /** requestId → the reason category of the state request that sent it (null: other). */
  protected readonly requests = new Map<string, ReasonCategory | null>();

  constructor(options: AgentModelOptions) {
    this.options = options;
    this.session = options.session;
    const { finesseUrl, secondaryUrl } = options.session.endpoints;
    this.rest =
      options.rest ??
      new FinesseRestClient({
        fetch: (input, init) => options.session.fetch(input, init),
        primaryUrl: finesseUrl,
        secondaryUrl,
      });
    this.clock = options.clock ?? { ...systemClock, now: () => options.session.now() };
    this.link = new NotificationLink({
      update: (update) => this.receive(update),
      status: (status, was) => this.statusChanged(status, was),
    });
    this.poller = new Poller(
      this.clock,
      options.pollMs ?? DEFAULT_POLL_MS,
      () =>
        this.running &&
        !this.recovery.active &&
        (!this.link.attached ||
          ['polling', 'stopped'].includes(this.link.status) ||
          this.catchUpFrom !== null),
      () => this.reload(),
    );
    this.recovery = new OutOfServiceRecovery(
      this.clock,
      this.rest,
      { ...DEFAULT_RECOVERY_TIMING, ...options.recovery },
      () => this.recovered(),
    );
    this.rest.onNodeChange((node) => this.nodeChanged(node));
  }

  get snapshot(): AgentSnapshot {
    return this.store.snapshot;
  }

  subscribe(listener: (snapshot: AgentSnapshot) => void): () => void {
    return this.store.subscribe(listener);
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * Follows the session from now on and loads the agent if it is signed in. Resolves when
   * that load settled (a failure shows as `lastError`, and polling retries it).
   */
  start(): Promise<void> {
    if (!this.enabled) {
      this.enabled = true;
      this.offSession = [
        this.session.on('signed-out', () => this.halt()),
        this.session.on('session-change', ({ state }) => {
          if (state === 'signed-out') this.halt();
          else if (state === 'active' && !this.running) this.run();
        }),
      ];
      if (SIGNED_IN.has(this.session.state)) this.run();
    }
    return this.loading ?? Promise.resolve();
  }

  /** Stops following the session, polling and notifications; the snapshot empties. */
  stop(): void {
    this.enabled = false;
    for (const off of this.offSession) off();
    this.offSession = [];
    this.halt();
  }

  clearError(): void {
    this.loadError = null;
    this.store.update({ lastError: null });
  }

  // ---- run and load -----------------------------------------------------------------------

  private run(): void {
    this.running = true;
    this.loaded = false;
    this.epoch++;
    this.store.update({ notifications: 'connecting', node: this.rest.node });
    void this.startLoad();
  }

  protected startLoad(): Promise<void> {
    const task: Promise<void> = this.load(this.epoch).finally(() => {
      if (this.loading === task) this.loading = null;
    });
    this.loading = task;
    return task;
  }

  /** Resolves the agent (UCCE rule), then dialogs, both reason lists and SystemInfo. */
  private async load(epoch: number): Promise<void> {
    try {
      const asked = this.session.user?.userId ?? this.session.username;
      if (!asked) throw new FinesseError('signed-out', 'No agent is signed in.');
      const user = await this.rest.resolveAgent(asked);
      const id = this.agentId();
      const [dialogs, notReady, logout] = await Promise.all([
        this.rest.getDialogs(id),
        this.rest.getReasonCodes(id, 'NOT_READY'),
        this.rest.getReasonCodes(id, 'LOGOUT'),
      ]);
      // Not fatal: without it the notification factory only lacks the XMPP domains.
      const info = await this.rest.getSystemInfo().catch(() => {
        log.warn('SystemInfo could not be read; going on without it');
        return null;
      });
      if (epoch !== this.epoch) return;
      this.systemInfo = info;
      this.loaded = true;
      this.store.update({
        user,
        dialogs: visibleDialogs(dialogs, user.extension),
        reasonCodes: { NOT_READY: notReady, LOGOUT: logout },
        ...this.healed(),
      });
      this.attach();
    } catch (error) {
      if (epoch !== this.epoch) return;
      this.loadError = asFinesseError(error);
      const notifications = this.link.attached ? this.link.status : 'polling';
      this.store.update({ lastError: this.loadError, notifications });
      this.failed(this.loadError);
    } finally {
      if (epoch === this.epoch) this.poller.check();
    }
  }

  /** Stops everything of this run and empties the snapshot (sign-out or stop()). */
  private halt(): void {
    if (!this.running) return;
    this.running = false;
    this.loaded = false;
    this.epoch++;
    this.loading = null;
    this.recovery.stop();
    this.poller.check();
    this.link.detach();
    this.requests.clear();
    this.duringReload.length = 0;
    this.catchUpFrom = null;
    this.systemInfo = null;
    this.loadError = null;
    this.notifiedError = null;
    this.store.reset(this.rest.node);
  }

  /** Clears lastError when it was the failure of an earlier load that now succeeded. */
  protected healed(): Partial<AgentSnapshot> {
    const stale = this.loadError !== null && this.snapshot.lastError === this.loadError;
    this.loadError = null;
    return stale ? { lastError: null } : {};
  }

  protected agentId(): string {
    return this.rest.loginId ?? this.snapshot.user?.loginId ?? '';
  }

  // ---- implemented by the layers above ------------------------------------------------------

  /** Re-reads user and dialogs (agent-sync.ts). */
  abstract reload(): Promise<void>;
  protected abstract attach(): void;
  protected abstract statusChanged(status: NotificationStatus, was: NotificationStatus): void;
  protected abstract nodeChanged(node: FinesseNode): void;
  protected abstract failed(error: FinesseError): void;
  protected abstract recovered(): void;
  protected abstract receive(update: FinesseUpdate): void;
}
