/**
 * One AgentModel per session, so every element (and the host's own code) in a tab shares the
 * agent's model, its polling and its notification connection.
 */
import { createXmppNotifications } from '../notifications/xmpp-notifications.ts';
import type { NotificationService } from '../notifications/types.ts';
import type { SessionApi } from '../session-api.ts';
import { AgentModel } from './agent-model.ts';
import type { AgentModelOptions, AgentNotificationInfo } from './agent-options.ts';

/**
 * Makes the notification service for an agent once it is known. Registered by the XMPP
 * module (`src/core/notifications/`); gadget mode will register one fed by the Finesse
 * container instead of a connection of our own. Returning null means polling.
 */
export type NotificationFactory = (
  session: SessionApi,
  agent: AgentNotificationInfo,
) => NotificationService | null;

/** With no factory: no notifications, the model polls. */
const noNotifications: NotificationFactory = () => null;

/**
 * XMPP over WebSocket by default: one connection per agent across tabs, in a Worker loaded
 * only when a model starts. Gadget mode will register a factory fed by the Finesse container.
 */
let factory: NotificationFactory = (session, info) => createXmppNotifications(session, info);
const models = new WeakMap<SessionApi, AgentModel>();

/**
 * Sets the factory used by models that attach their notifications from now on (a model asks
 * when its agent is loaded, and again after a failover); null restores the default (polling).
 * The factory is called synchronously: a service that loads its code lazily returns at once
 * with status `connecting`.
 */
export function setNotificationFactory(next: NotificationFactory | null): void {
  factory = next ?? noNotifications;
}

/** Options for the model `agentFor` creates; ignored when the session already has one. */
export type AgentForOptions = Omit<AgentModelOptions, 'session'>;

/**
 * The session's agent model, created and started on first use. Notifications come from
 * `options.notifications` / `options.createNotifications`, else from the registered factory.
 */
export function agentFor(session: SessionApi, options: AgentForOptions = {}): AgentModel {
  let model = models.get(session);
  if (!model) {
    model = new AgentModel({
      createNotifications: (agent) => factory(session, agent),
      ...options,
      session,
    });
    models.set(session, model);
    void model.start();
  }
  return model;
}

/** Stops and forgets the session's model (a host tearing its desktop down; tests). */
export function releaseAgent(session: SessionApi): void {
  models.get(session)?.stop();
  models.delete(session);
}
