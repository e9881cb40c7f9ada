/**
 * The reporting side of XmppNotifications: its status and problem, and the listeners it tells
 * (status changes, updates), each listener's throw rethrown on its own. The base of the tab
 * channel, the holder connection and the lock (xmpp-tab-channel.ts, xmpp-holder-connection.ts,
 * xmpp-notifications.ts).
 */
import type { NotificationProblem, NotificationStatus, RawUpdate } from './types.ts';

export abstract class XmppListeners {
  private readonly updateListeners = new Set<(update: RawUpdate) => void>();
  private readonly statusListeners = new Set<(status: NotificationStatus) => void>();
  protected currentStatus: NotificationStatus = 'stopped';
  protected lastProblem: NotificationProblem | null = null;

  get status(): NotificationStatus {
    return this.currentStatus;
  }

  /** Why the holder's connection last failed, when the server said (SASL); null once live. */
  get problem(): NotificationProblem | null {
    return this.lastProblem;
  }

  onUpdate(listener: (update: RawUpdate) => void): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  onStatus(listener: (status: NotificationStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  protected deliver(update: RawUpdate): void {
    for (const listener of [...this.updateListeners]) {
      try {
        listener(update);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  protected setStatus(status: NotificationStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    for (const listener of [...this.statusListeners]) {
      try {
        listener(status);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
