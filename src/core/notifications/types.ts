/**
 * The notification seam: something that delivers Finesse `<Update>` XML for one agent to every
 * tab. The XMPP implementation holds one WebSocket per agent across tabs (Web Lock) and fans
 * updates out over BroadcastChannel; gadget mode will feed the Finesse container's updates.
 */

/**
 * - `connecting`: opening or re-opening the connection (or waiting for the holder tab);
 * - `live`: updates arrive (here or from the holder tab);
 * - `polling`: the socket cannot be opened; the REST API is polled instead (no presence:
 *   Finesse may sign the agent out of the phone);
 * - `stopped`: not started or stopped.
 */
export type NotificationStatus = 'connecting' | 'live' | 'polling' | 'stopped';

/** One pubsub item: the node it came from and the `<Update>` document as XML text. */
export interface RawUpdate {
  node: string;
  xml: string;
}

/**
 * Why the connection does not come up, when the server said so (never a secret):
 * - `sasl-mechanism-unavailable`: the server does not offer the configured mechanism
 *   (`xmpp-sasl`); a configuration mismatch, so the service polls at once;
 * - `sasl-refused`: SASL `<failure/>` (typically `not-authorized`: the password form,
 *   `xmpp-password`, or the token was refused).
 */
export type NotificationProblem =
  | { code: 'sasl-mechanism-unavailable'; mechanism: string; offered: string[] }
  | { code: 'sasl-refused'; mechanism: string; condition: string };

export interface NotificationService {
  readonly status: NotificationStatus;
  /** The last known reason the connection failed; null once it is live (optional). */
  readonly problem?: NotificationProblem | null;
  /** True in the one tab that holds the connection. */
  readonly isHolder: boolean;
  start(): void;
  stop(): void;
  onUpdate(listener: (update: RawUpdate) => void): () => void;
  onStatus(listener: (status: NotificationStatus) => void): () => void;
}
