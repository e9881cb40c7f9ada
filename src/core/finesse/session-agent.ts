/**
 * One AgentModel per session, so every element (and the host's own code) in a tab shares the
 * agent's model, its polling and its notification connection. The model lives on the session
 * object itself (its `agentSlot` field), never in a module-level map, and the notification
 * source is the session's own (`notificationFactory`), never a global one.
 */
import { createXmppNotifications } from '../notifications/xmpp-notifications.ts';
import type { SessionApi } from '../session/session-api.ts';
import { AgentModel } from './agent-model.ts';
import type { AgentModelOptions, NotificationFactory } from './agent-options.ts';

export type { NotificationFactory };

/** What the agent floor keeps on a session. */
export interface AgentCarrier {
  /**
   * The session's own notification source (gadget mode: the Finesse container's feed, set by
   * the assembly room); `null` means polling; absent means XMPP over WebSocket, one connection
   * per agent across tabs, in a Worker loaded only when a model starts.
   */
  notificationFactory?: NotificationFactory | null;
  /** The model `agentFor` built, and what stops it from following the session's user changes. */
  agentSlot?: { model: AgentModel; unfollow: () => void };
}

const xmpp: NotificationFactory = (session, info) => createXmppNotifications(session, info);

/** Options for the model `agentFor` creates; ignored when the session already has one. */
export type AgentForOptions = Omit<AgentModelOptions, 'session'>;

/**
 * The session's agent model, created and started on first use. Notifications come from
 * `options.notifications` / `options.createNotifications`, else from the session's
 * `notificationFactory`, else XMPP. The factory is called synchronously: a service that loads
 * its code lazily returns at once with status `connecting`.
 *
 * When the session's user changes (`user-changed`: a tab without `username` follows a newer
 * sign-in), the model is stopped and a fresh one is built for the new user: no state, request
 * id or agent id of the previous user survives. Call `agentFor` again (the elements do on
 * every render) to get the current one.
 */
export function agentFor(session: SessionApi, options: AgentForOptions = {}): AgentModel {
  const carrier = session as SessionApi & AgentCarrier;
  if (carrier.agentSlot) return carrier.agentSlot.model;
  const model = new AgentModel({
    createNotifications: (agent) => {
      const own = carrier.notificationFactory;
      return own === undefined ? xmpp(session, agent) : (own?.(session, agent) ?? null);
    },
    ...options,
    session,
  });
  const unfollow = session.on('user-changed', () => {
    if (carrier.agentSlot?.model !== model) return;
    releaseAgent(session);
    agentFor(session, options);
  });
  carrier.agentSlot = { model, unfollow };
  void model.start();
  return model;
}

/** Stops and forgets the session's model (a host tearing its desktop down; tests). */
export function releaseAgent(session: SessionApi): void {
  const carrier = session as SessionApi & AgentCarrier;
  const known = carrier.agentSlot;
  delete carrier.agentSlot;
  known?.unfollow();
  known?.model.stop();
}
