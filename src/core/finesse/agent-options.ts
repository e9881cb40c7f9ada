import type { Clock } from '../kernel/clock.ts';
import type { NotificationService } from '../notifications/types.ts';
import type { SessionApi } from '../session/session-api.ts';
import type { RecoveryTiming } from './recovery.ts';
import type { FinesseRestClient } from './rest-client.ts';
import type { FinesseNode } from './rest-transport.ts';

/** What a notification factory needs to open the agent's connection. */
export interface AgentNotificationInfo {
  /** The agent's loginId (the JID's local part, lower-cased by the XMPP client). */
  loginId: string;
  /** From SystemInfo; '' when SystemInfo could not be read. */
  xmppDomain: string;
  /** From SystemInfo (`pubsub.<xmppDomain>` when it names none). */
  pubsubDomain: string;
  /** The WebSocket URL on the node in use. */
  notificationUrl: string;
  node: FinesseNode;
}

export interface AgentModelOptions {
  session: SessionApi;
  /** Defaults to a client over `session.fetch` on the session's endpoints. */
  rest?: FinesseRestClient;
  /** A ready service (tests, hosts); null for none (polling). Wins over `createNotifications`. */
  notifications?: NotificationService | null;
  /** Makes the service once the agent is known (and again after a failover). */
  createNotifications?: (agent: AgentNotificationInfo) => NotificationService | null;
  /** Timers for polling; `now` defaults to the session's clock. */
  clock?: Clock;
  /** Poll interval while there are no live notifications. Default 15 s. */
  pollMs?: number;
  /** SystemInfo polling after a 503: first delay and cap (default 2 s doubling to 30 s). */
  recovery?: Partial<RecoveryTiming>;
}

export const DEFAULT_POLL_MS = 15_000;

/**
 * Makes the notification service for an agent once it is known; null means polling. A session
 * that brings its own (gadget mode: the Finesse container's feed) hands it out as its
 * `notificationFactory` field; otherwise the agent model uses XMPP.
 */
export type NotificationFactory = (
  session: SessionApi,
  agent: AgentNotificationInfo,
) => NotificationService | null;
