/**
 * Holds the agent model's snapshot: replaces it (frozen) on every real change, tells the
 * listeners, and owns the two derived bits: the reason rule and the busy labels.
 */
import { createLogger } from '../kernel/logger.ts';
import type { AgentSnapshot } from './agent-api.ts';
import { emptySnapshot, freezeSnapshot, reasonRule } from './agent-snapshot.ts';
import type { ReasonCategory } from './models.ts';

const log = createLogger('agent');

export class SnapshotStore {
  private current: AgentSnapshot = emptySnapshot();
  private readonly listeners = new Set<(snapshot: AgentSnapshot) => void>();
  /** Categories for which the server answered "Parameter Missing". */
  private serverRequired: Record<ReasonCategory, boolean> = { NOT_READY: false, LOGOUT: false };
  private readonly busyCount = new Map<string, number>();

  get snapshot(): AgentSnapshot {
    return this.current;
  }

  subscribe(listener: (snapshot: AgentSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a patch; nothing happens (no listener call) when no field actually changed. */
  update(patch: Partial<AgentSnapshot>): void {
    const base = this.current;
    const next: AgentSnapshot = { ...base, ...patch };
    const required = reasonRule(next.reasonCodes, this.serverRequired);
    const sameRule =
      required.NOT_READY === base.reasonRequired.NOT_READY &&
      required.LOGOUT === base.reasonRequired.LOGOUT;
    next.reasonRequired = sameRule ? base.reasonRequired : required;
    const keys = Object.keys(next) as (keyof AgentSnapshot)[];
    if (keys.every((key) => next[key] === base[key])) return;
    this.publish(freezeSnapshot(next));
  }

  /** The server said a reason is required for this category (sticky until reset). */
  requireReason(category: ReasonCategory): void {
    this.serverRequired = { ...this.serverRequired, [category]: true };
  }

  /** Counts a command in (+1) or out (-1) under its label, together with a patch. */
  busy(label: string, delta: 1 | -1, patch: Partial<AgentSnapshot> = {}): void {
    const count = (this.busyCount.get(label) ?? 0) + delta;
    if (count > 0) this.busyCount.set(label, count);
    else this.busyCount.delete(label);
    this.update({ ...patch, busy: new Set(this.busyCount.keys()) });
  }

  /** Back to the empty snapshot (sign-out), keeping only the node. */
  reset(node: AgentSnapshot['node']): void {
    this.serverRequired = { NOT_READY: false, LOGOUT: false };
    this.busyCount.clear();
    this.publish(freezeSnapshot({ ...emptySnapshot(), node }));
  }

  /** Replaces the snapshot and tells every listener; a throwing listener is ignored. */
  private publish(snapshot: AgentSnapshot): void {
    this.current = snapshot;
    for (const listener of [...this.listeners]) {
      try {
        listener(snapshot);
      } catch {
        log.warn('a snapshot listener threw; ignored');
      }
    }
  }
}
