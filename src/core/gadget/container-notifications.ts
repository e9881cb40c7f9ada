/**
 * Live updates from the Finesse container instead of an XMPP connection of our own: inside the
 * Finesse desktop, the desktop already holds the agent's one notification connection and hands
 * its updates to gadgets through finesse.js (`ClientServices` and the OpenAjax hub).
 */
import { createLogger } from '../kernel/logger.ts';
import type { NotificationFactory } from '../finesse/agent-options.ts';
import type { NotificationService, NotificationStatus, RawUpdate } from '../notifications/types.ts';
import type { ClientServicesLike } from './finesse-globals.ts';

const log = createLogger('gadget');

/** Subscribes to one pubsub node; `onXml` gets each `<Update>` document as XML text. */
export type ContainerSubscribe = (node: string, onXml: (xml: string) => void) => () => void;

/**
 * The XML of what the container hands a subscriber. finesse.js's MasterPublisher publishes
 * `{ content, object }` where `content` is the raw event: the node path, then the `<Update>`
 * XML; so everything before the first `<` is dropped. A bare string is accepted the same way.
 */
export function xmlOf(data: unknown): string | null {
  const raw = typeof data === 'string' ? data : (data as { content?: unknown } | null)?.content;
  if (typeof raw !== 'string') return null;
  const start = raw.indexOf('<');
  return start < 0 ? null : raw.slice(start);
}

/** finesse.js's `Topics.getTopic`: `/finesse/api/User/1001` → `finesse.api.User.1001`. */
export const topicOf = (node: string): string => node.replace(/^\//, '').replace(/\//g, '.');

/**
 * The one place that knows how finesse.js delivers updates, as its `ClientServices` does it:
 * `subscribe(topic, callback)` on the OpenAjax topic of the node (dot notation; one callback
 * per topic per gadget frame, `false` when the topic is taken), the callback receiving
 * `{ content, object }`; `unsubscribe(topic)`; and `subscribeNode(node, handler)` asking the
 * desktop's master connection to subscribe the pubsub node (bookkept by the master, so asking
 * for a node the desktop already follows costs nothing). The stand-in desktop
 * (demo/gadget/desktop/) implements exactly this.
 */
export function clientServicesSubscribe(services: ClientServicesLike): ContainerSubscribe {
  return (node, onXml) => {
    const topic = topicOf(node);
    const handler = (data: unknown) => {
      const xml = xmlOf(data);
      if (xml !== null) onXml(xml);
      else log.warn(`ignored a container update on ${topic} without XML content`);
    };
    if (services.subscribe?.(topic, handler) === false) {
      // Another part of this gadget frame holds the topic (finesse.js keeps one callback).
      log.warn(`the container topic ${topic} is already subscribed in this frame`);
    }
    services.subscribeNode?.(node, () => undefined);
    return () => {
      services.unsubscribe?.(topic);
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
