/**
 * The middle layer of `AgentModel`: keeps a loaded agent current. Reloads (with the catch-up
 * after a notification gap), the notification link and node changes, out-of-service recovery,
 * and the updates that arrive. The state it works on is `AgentRun`'s (`agent-run.ts`).
 */
import type { FinesseError } from '../kernel/errors.ts';
import type { NotificationStatus } from '../notifications/types.ts';
import type { AgentSnapshot } from './agent-api.ts';
import { asFinesseError, asyncApiError, patchFor, saysParameterMissing } from './agent-snapshot.ts';
import { AgentRun } from './agent-run.ts';
import { visibleDialogs } from './dialog-list.ts';
import type { FinesseUpdate } from './models.ts';
import { notificationUrlFor } from './notification-url.ts';
import type { FinesseNode } from './rest-transport.ts';
import type { AgentNotificationInfo } from './agent-options.ts';

/** Reload, notifications and recovery of the agent model; `AgentModel` adds the commands. */
export abstract class AgentSync extends AgentRun {
  /** Re-reads user and dialogs; before the first load succeeded, (re)does that load instead. */
  override async reload(): Promise<void> {
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

  // ---- notifications ------------------------------------------------------------------------

  protected override attach(): void {
    if (this.link.attached || !this.running) return;
    const { notifications, createNotifications } = this.options;
    const service =
      notifications !== undefined
        ? notifications
        : (createNotifications?.(this.agentInfo()) ?? null);
    if (service) this.link.attach(service);
    else this.store.update({ notifications: 'polling' });
  }

  protected override statusChanged(status: NotificationStatus, was: NotificationStatus): void {
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

  protected override nodeChanged(node: FinesseNode): void {
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
  protected override failed(error: FinesseError): void {
    if (error.code !== 'out-of-service' || !this.running) return;
    this.recovery.start();
    this.poller.check();
  }

  /** A node is IN_SERVICE: read everything again and reopen notifications if they are down. */
  protected override recovered(): void {
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

  protected override receive(update: FinesseUpdate): void {
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
}
