/**
 * One AgentModel per session, so every element (and the host's own code) in a tab shares the
 * agent's model, its polling and its notification connection.
 */
import { createXmppNotifications } from '../notifications/xmpp-notifications.ts';
import type { NotificationFactory, SessionApi } from '../session/session-api.ts';
import { AgentModel } from './agent-model.ts';
import type { AgentModelOptions } from './agent-options.ts';

export type { NotificationFactory };

/** With no factory: no notifications, the model polls. */
const noNotifications: NotificationFactory = () => null;

/**
 * XMPP over WebSocket by default: one connection per agent across tabs, in a Worker loaded
 * only when a model starts. A session that brings its own feed (gadget mode: the Finesse
 * container) hands it out as `notificationFactory`, which wins over this one.
 */
let factory: NotificationFactory = (session, info) => createXmppNotifications(session, info);
/** The session's model, and what stops it from following the session's user changes. */
const models = new WeakMap<SessionApi, { model: AgentModel; unfollow: () => void }>();

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
 *
 * When the session's user changes (`user-changed`: a tab without `username` follows a newer
 * sign-in), the model is stopped and a fresh one is built for the new user: no state, request
 * id or agent id of the previous user survives. Call `agentFor` again (the elements do on
 * every render) to get the current one.
 */
export function agentFor(session: SessionApi, options: AgentForOptions = {}): AgentModel {
  const known = models.get(session);
  if (known) return known.model;
  const model = new AgentModel({
    createNotifications: (agent) => {
      const own = (session as { notificationFactory?: NotificationFactory | null })
        .notificationFactory;
      return own === undefined ? factory(session, agent) : (own?.(session, agent) ?? null);
    },
    ...options,
    session,
  });
  const unfollow = session.on('user-changed', () => {
    if (models.get(session)?.model !== model) return;
    releaseAgent(session);
    agentFor(session, options);
  });
  models.set(session, { model, unfollow });
  void model.start();
  return model;
}

/** Stops and forgets the session's model (a host tearing its desktop down; tests). */
export function releaseAgent(session: SessionApi): void {
  const known = models.get(session);
  models.delete(session);
  known?.unfollow();
  known?.model.stop();
}
