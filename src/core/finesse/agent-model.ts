import { systemClock } from '../kernel/clock.ts';
import type { Clock } from '../kernel/clock.ts';
import { FinesseError } from '../kernel/errors.ts';
import { createLogger } from '../kernel/logger.ts';
import type { NotificationStatus } from '../notifications/types.ts';
import type { SessionApi } from '../session/session-api.ts';
import type { AgentApi, AgentSnapshot, DialogActionParams, InputProblem } from './agent-api.ts';
import {
  asFinesseError,
  asyncApiError,
  inputError,
  patchFor,
  saysParameterMissing,
} from './agent-snapshot.ts';
import {
  checkDialNumber,
  normalizeDialNumber,
  prepareDialogAction,
  userStateBody,
} from './build.ts';
import { visibleDialogs } from './dialog-list.ts';
import type { DialogAction, FinesseUpdate, FinesseUser, ReasonCategory } from './models.ts';
import type { SystemInfo } from './models.ts';
import { NotificationLink } from './notification-link.ts';
import { notificationUrlFor } from './notification-url.ts';
import { Poller } from './poller.ts';
import { DEFAULT_RECOVERY_TIMING, OutOfServiceRecovery } from './recovery.ts';
import { FinesseRestClient } from './rest-client.ts';
import type { CommandResult, FinesseNode } from './rest-client.ts';
import { SnapshotStore } from './snapshot-store.ts';
import { DEFAULT_POLL_MS } from './agent-options.ts';
import type { AgentModelOptions, AgentNotificationInfo } from './agent-options.ts';

export type { AgentModelOptions, AgentNotificationInfo } from './agent-options.ts';

const log = createLogger('agent');

/** Session states in which the agent's token is (probably) usable. */
const SIGNED_IN: ReadonlySet<string> = new Set([
  'active',
  'refreshing',
  'offline',
  'needs-sign-in',
]);
/** Request ids remembered to match async apiErrors; older ones are forgotten. */
const REMEMBERED_REQUESTS = 50;

/**
 * The agent's live model (AgentApi): loads the agent through the REST client, keeps it current
 * from notifications (polling while they are not live), and sends commands. `start()` makes it
 * follow the session: it empties itself on sign-out and loads again after the next sign-in.
 * Each run has an epoch, so answers that arrive after a sign-out are dropped.
 */
export class AgentModel implements AgentApi {
  private readonly options: AgentModelOptions;
  private readonly session: SessionApi;
  private readonly rest: FinesseRestClient;
  private readonly clock: Clock;
  private readonly store = new SnapshotStore();
  private readonly link: NotificationLink;
  private readonly poller: Poller;
  private readonly recovery: OutOfServiceRecovery;
  private enabled = false;
  private running = false;
  private loaded = false;
  private epoch = 0;
  private reloadSeq = 0;
  /** Reloads whose answers are still awaited. */
  private reloadsInFlight = 0;
  /** Updates applied while a reload was in flight, numbered (see `reload`). */
  private readonly duringReload: { seq: number; update: FinesseUpdate }[] = [];
  private updateSeq = 0;
  /**
   * After a notification gap: the first reload (by `reloadSeq`) that may count as the
   * catch-up; null once one succeeded. While owed, a failed catch-up is retried every pollMs.
   */
  private catchUpFrom: number | null = null;
  private loading: Promise<void> | null = null;
  private loadError: FinesseError | null = null;
  /**
   * The last error that came with a notification: every tab of the agent received it, so every
   * tab clears it when a later update shows Finesse carried on (a retry succeeded somewhere).
   */
  private notifiedError: FinesseError | null = null;
  private offSession: (() => void)[] = [];
  private systemInfo: SystemInfo | null = null;
  /** requestId → the reason category of the state request that sent it (null: other). */
  private readonly requests = new Map<string, ReasonCategory | null>();

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

  /** Re-reads user and dialogs; before the first load succeeded, (re)does that load instead. */
  async reload(): Promise<void> {
    if (!this.running) return;
    if (!this.loaded) return this.loading ?? this.startLoad();
    const epoch = this.epoch;
    const seq = ++this.reloadSeq;
    const since = this.updateSeq;
    const id = this.agentId();
    this.reloadsInFlight++;
    try {
      const [user, dialogs] = await Promise.all([this.rest.getUser(id), this.rest.getDialogs(id)]);
      // The latest reload wins; one from before a sign-out is dropped.
      if (epoch !== this.epoch || seq !== this.reloadSeq) return;
      // Finesse may have answered before a change whose update arrived here first (a call
      // rang just after a notification gap): the updates since the reads were sent are
      // applied again on top, in order, so that an older answer never undoes them.
      let next: AgentSnapshot = {
        ...this.snapshot,
        user,
        dialogs: visibleDialogs(dialogs, user.extension),
      };
      for (const { seq: n, update } of this.duringReload) {
        if (n <= since) continue;
        const patch = patchFor(next, update, this.agentId());
        if (patch) next = { ...next, ...patch };
      }
      this.store.update({ user: next.user, dialogs: next.dialogs, ...this.healed() });
      if (this.catchUpFrom !== null && seq >= this.catchUpFrom) {
        this.catchUpFrom = null;
        this.poller.check();
      }
    } catch (error) {
      const failure = asFinesseError(error);
      if (epoch === this.epoch) {
        this.store.update({ lastError: (this.loadError = failure) });
        this.failed(failure);
      }
      throw failure;
    } finally {
      if (--this.reloadsInFlight === 0) this.duringReload.length = 0;
    }
  }

  clearError(): void {
    this.loadError = null;
    this.store.update({ lastError: null });
  }

  async setState(state: 'READY' | 'NOT_READY' | 'LOGOUT', reasonCodeId?: string): Promise<void> {
    await this.agent();
    if (state !== 'READY' && !reasonCodeId && this.snapshot.reasonRequired[state]) {
      throw this.refuse('reason-required');
    }
    const body = userStateBody({ state, reasonCodeId });
    const category = state === 'READY' ? null : state;
    await this.send('state', category, () => this.rest.setUserState(this.agentId(), body));
  }

  async loginPhone(extension: string): Promise<void> {
    const problem = checkDialNumber(extension, '');
    if (problem) throw this.refuse(problem);
    await this.agent();
    const body = userStateBody({ state: 'LOGIN', extension: normalizeDialNumber(extension) });
    await this.send('state', null, () => this.rest.setUserState(this.agentId(), body));
  }

  async makeCall(toAddress: string): Promise<void> {
    const early = checkDialNumber(toAddress, '');
    if (early) throw this.refuse(early);
    const user = await this.agent();
    const problem = checkDialNumber(toAddress, user.extension);
    if (problem) throw this.refuse(problem);
    const to = normalizeDialNumber(toAddress);
    await this.send('make-call', null, () =>
      this.rest.makeCall(this.agentId(), user.extension, to),
    );
  }

  async dialogAction(
    dialogId: string,
    action: DialogAction,
    params: DialogActionParams = {},
  ): Promise<void> {
    const early = prepareDialogAction(action, params, '');
    if ('problem' in early) throw this.refuse(early.problem);
    const user = await this.agent();
    const ready = prepareDialogAction(action, params, user.extension);
    if ('problem' in ready) throw this.refuse(ready.problem);
    await this.send(`${dialogId}:${action}`, null, () =>
      this.rest.dialogAction(dialogId, ready.body),
    );
  }

  // ---- run and load -----------------------------------------------------------------------

  private run(): void {
    this.running = true;
    this.loaded = false;
    this.epoch++;
    this.store.update({ notifications: 'connecting', node: this.rest.node });
    void this.startLoad();
  }

  private startLoad(): Promise<void> {
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
  private healed(): Partial<AgentSnapshot> {
    const stale = this.loadError !== null && this.snapshot.lastError === this.loadError;
    this.loadError = null;
    return stale ? { lastError: null } : {};
  }

  // ---- notifications ------------------------------------------------------------------------

  private attach(): void {
    if (this.link.attached || !this.running) return;
    const { notifications, createNotifications } = this.options;
    const service =
      notifications !== undefined
        ? notifications
        : (createNotifications?.(this.agentInfo()) ?? null);
    if (service) this.link.attach(service);
    else this.store.update({ notifications: 'polling' });
  }

  private statusChanged(status: NotificationStatus, was: NotificationStatus): void {
    this.store.update({ notifications: status, notificationProblem: this.link.problem });
    // Back to live after a gap: catch up on what happened while no update arrived (Cisco:
    // re-read User and Dialogs once the notification connection is back). Until one such
    // read succeeded, the poller retries it.
    if (status === 'live' && was !== 'live' && this.loaded) {
      this.catchUpFrom = this.reloadSeq + 1;
      void this.reload().catch(() => this.poller.check()); // shown as lastError
    }
    this.poller.check();
  }

  private nodeChanged(node: FinesseNode): void {
    this.store.update({ node });
    // REST, notifications and the token endpoint move together (to SystemInfo's origin for
    // the node when none was configured).
    const url = this.rest.urlOf(node);
    this.session.useNode(node, url ? new URL(url).origin : undefined);
    this.reconnect();
  }

  /** A service made by the factory is made again (new node, or back in service); a given one stays. */
  private reconnect(): void {
    if (this.link.attached && this.options.notifications === undefined) {
      this.link.detach();
      this.attach();
    }
  }

  // ---- out of service ----------------------------------------------------------------------

  /** A 503 (any body): poll SystemInfo until a node is IN_SERVICE (see recovery.ts). */
  private failed(error: FinesseError): void {
    if (error.code !== 'out-of-service' || !this.running) return;
    this.recovery.start();
    this.poller.check();
  }

  /** A node is IN_SERVICE: read everything again and reopen notifications if they are down. */
  private recovered(): void {
    if (!this.running) return;
    const epoch = this.epoch;
    void this.reload()
      .then(() => {
        if (epoch !== this.epoch || !this.loaded) return;
        if (this.snapshot.lastError?.code === 'out-of-service') {
          this.store.update({ lastError: null });
        }
        if (this.link.status !== 'live') this.reconnect();
      })
      .catch(() => undefined) // shown as lastError; a 503 again starts the recovery again
      .finally(() => this.poller.check());
  }

  private agentInfo(): AgentNotificationInfo {
    const xmppDomain = this.systemInfo?.xmppDomain ?? '';
    return {
      loginId: this.agentId(),
      xmppDomain,
      pubsubDomain: this.systemInfo?.xmppPubSubDomain || (xmppDomain && `pubsub.${xmppDomain}`),
      notificationUrl: notificationUrlFor(this.session.endpoints.notificationUrl, {
        baseUrl: this.rest.baseUrl,
        node: this.rest.node,
        primaryUrl: this.rest.urlOf('primary'),
        info: this.rest.nodeInfo(this.rest.node),
      }),
      node: this.rest.node,
    };
  }

  private receive(update: FinesseUpdate): void {
    if (!this.running || !this.loaded) return;
    if (update.kind !== 'api-errors') {
      const patch = patchFor(this.snapshot, update, this.agentId());
      if (!patch) return;
      if (this.reloadsInFlight > 0) this.duringReload.push({ seq: ++this.updateSeq, update });
      const stale = this.notifiedError !== null && this.snapshot.lastError === this.notifiedError;
      if (stale) this.notifiedError = null;
      this.store.update(stale ? { ...patch, lastError: null } : patch);
      return;
    }
    const error = asyncApiError(update.errors);
    if (!error) return;
    const category = this.requests.get(update.requestId);
    this.requests.delete(update.requestId);
    if (category && saysParameterMissing(error)) this.store.requireReason(category);
    this.notifiedError = error;
    this.store.update({ lastError: error });
  }

  // ---- commands -----------------------------------------------------------------------------

  /** The loaded agent; waits for a load in flight. */
  private async agent(): Promise<FinesseUser> {
    if (this.loading) await this.loading;
    const user = this.snapshot.user;
    if (this.running && user) return user;
    if (!this.running) throw new FinesseError('signed-out', 'The agent is not signed in.');
    throw this.snapshot.lastError ?? new FinesseError('api-error', 'The agent is not loaded yet.');
  }

  private agentId(): string {
    return this.rest.loginId ?? this.snapshot.user?.loginId ?? '';
  }

  private refuse(problem: InputProblem): FinesseError {
    const error = inputError(problem);
    this.store.update({ lastError: error });
    return error;
  }

  /** Marks busy and clears lastError, sends, clears busy; a failure sets lastError and rethrows. */
  private async send(
    label: string,
    category: ReasonCategory | null,
    call: () => Promise<CommandResult>,
  ): Promise<void> {
    // Clear the last error when a command starts, not when it is accepted: Finesse may push
    // this command's asynchronous apiErrors before its 202 arrives.
    this.store.busy(label, 1, { lastError: null });
    try {
      const { requestId } = await call();
      if (requestId) {
        this.requests.set(requestId, category);
        const oldest = this.requests.keys().next().value;
        if (this.requests.size > REMEMBERED_REQUESTS && oldest) this.requests.delete(oldest);
      }
      this.store.busy(label, -1);
    } catch (error) {
      const failure = asFinesseError(error);
      if (category && saysParameterMissing(failure)) this.store.requireReason(category);
      this.store.busy(label, -1, { lastError: failure });
      this.failed(failure);
      throw failure;
    }
  }
}
