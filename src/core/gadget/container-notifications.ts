/**
 * Live updates from the Finesse container instead of an XMPP connection of our own: inside the
 * Finesse desktop, the desktop already holds the agent's one notification connection and hands
 * its updates to gadgets through finesse.js (`ClientServices` and the OpenAjax hub).
 */
import { createLogger } from '../logger.ts';
import type { NotificationFactory } from '../finesse/agent-registry.ts';
import type { NotificationService, NotificationStatus, RawUpdate } from '../notifications/types.ts';
import type { ClientServicesLike } from './finesse-globals.ts';

const log = createLogger('gadget');

/** Subscribes to one pubsub node; `onXml` gets each `<Update>` document as XML text. */
export type ContainerSubscribe = (node: string, onXml: (xml: string) => void) => () => void;

/** The XML text of what the container hands a subscriber: a string, or `{ content }`. */
function xmlOf(data: unknown): string | null {
  if (typeof data === 'string') return data;
  const content = (data as { content?: unknown } | null)?.content;
  return typeof content === 'string' ? content : null;
}

/**
 * The one place that knows how finesse.js delivers updates. **Assumed**, not documented in our
 * sources: `ClientServices.subscribe(topic, handler)` with the pubsub node path as the topic
 * (e.g. `/finesse/api/User/1001/Dialogs`), the handler receiving the `<Update>` XML either as a
 * string or as `{ content: string }`, and `ClientServices.unsubscribe(topic, handler)`. The
 * stand-in desktop (demo/gadget/desktop/) implements exactly this; adjust only here when a
 * real Finesse differs.
 */
export function clientServicesSubscribe(services: ClientServicesLike): ContainerSubscribe {
  return (node, onXml) => {
    const handler = (data: unknown) => {
      const xml = xmlOf(data);
      if (xml !== null) onXml(xml);
      else log.warn(`ignored a container update on ${node} without XML content`);
    };
    services.subscribe?.(node, handler);
    return () => {
      services.unsubscribe?.(node, handler);
    };
  };
}

/** The agent's nodes: user (state, async errors) and dialogs. */
export const agentNodes = (loginId: string): string[] => {
  const user = `/finesse/api/User/${loginId}`;
  return [user, `${user}/Dialogs`];
};

export class ContainerNotifications implements NotificationService {
  private readonly subscribe: ContainerSubscribe;
  private readonly nodes: string[];
  private readonly updateListeners = new Set<(update: RawUpdate) => void>();
  private readonly statusListeners = new Set<(status: NotificationStatus) => void>();
  private current: NotificationStatus = 'stopped';
  private unsubscribes: Array<() => void> = [];

  constructor(subscribe: ContainerSubscribe, nodes: string[]) {
    this.subscribe = subscribe;
    this.nodes = nodes;
  }

  get status(): NotificationStatus {
    return this.current;
  }

  /** The desktop holds the connection, never a gadget. */
  get isHolder(): boolean {
    return false;
  }

  start(): void {
    if (this.current !== 'stopped') return;
    this.setStatus('connecting');
    try {
      this.unsubscribes = this.nodes.map((node) =>
        this.subscribe(node, (xml) => this.deliver({ node, xml })),
      );
    } catch {
      log.warn('the Finesse container refused the subscription; polling instead');
      this.setStatus('polling');
      return;
    }
    this.setStatus('live');
  }

  stop(): void {
    if (this.current === 'stopped') return;
    for (const off of this.unsubscribes) off();
    this.unsubscribes = [];
    this.setStatus('stopped');
  }

  onUpdate(listener: (update: RawUpdate) => void): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  onStatus(listener: (status: NotificationStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private deliver(update: RawUpdate): void {
    if (this.current !== 'live') return;
    for (const listener of [...this.updateListeners]) listener(update);
  }

  private setStatus(status: NotificationStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const listener of [...this.statusListeners]) listener(status);
  }
}

/** The notification factory of gadget mode: the container's updates for the agent. */
export function containerNotificationFactory(subscribe: ContainerSubscribe): NotificationFactory {
  return (_session, agent) => new ContainerNotifications(subscribe, agentNodes(agent.loginId));
}
