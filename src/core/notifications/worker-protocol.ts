/**
 * What the page and the notification Worker say to each other (types only: the page bundle
 * imports nothing from the Worker's code). The password travels page → Worker once per
 * connection, in `connect`, and nowhere else; nothing the Worker sends carries it.
 */
import type { XmppSasl } from './xmpp-settings.ts';

export interface ConnectCommand {
  type: 'connect';
  /** `wss://host:port/ws` */
  url: string;
  /** xmppDomain: the `to` of the stream and of pings. */
  domain: string;
  /** The pubsub service; only its messages are taken as updates. */
  pubsubDomain: string;
  loginId: string;
  password: string;
  resource: string;
  pingMs: number;
  /** The SASL mechanism to use (xmpp-settings.ts); absent means `plain` (older pages). */
  sasl?: XmppSasl;
}

export type WorkerCommand = ConnectCommand | { type: 'close' };

/** Progress of one connection, as the Worker reports it. */
export type WorkerPhase = 'opening' | 'authenticating' | 'binding' | 'live';

export interface ClosedEvent {
  type: 'closed';
  /** WebSocket close code (1006 when the socket failed without a close frame). */
  code: number;
  /** Short reason, no secrets: `socket-error`, `timeout`, `ping-timeout`, a condition… */
  reason: string;
  /** SASL said no (typically not-authorized: the token was refused). */
  authFailed: boolean;
  /** The WebSocket opened (false: it could not be opened at all). */
  opened: boolean;
  /** The stream got as far as presence. */
  wasLive: boolean;
  /** The XMPP condition when there was one (`not-authorized`, `conflict`, …). */
  condition?: string;
  /** The server ended the stream with `<stream:error>`. */
  streamError?: boolean;
  /**
   * The server does not offer the configured SASL mechanism (a configuration mismatch, not a
   * refused token): `mechanism` is the one wanted, `offered` what the server listed.
   */
  saslUnavailable?: { mechanism: string; offered: string[] };
}

export type WorkerEvent =
  | { type: 'status'; phase: WorkerPhase }
  | { type: 'update'; node: string; xml: string }
  /** A ping answered: the connection is alive (`at`: the Worker's epoch ms). */
  | { type: 'pong'; at: number; rttMs: number }
  | ClosedEvent;
