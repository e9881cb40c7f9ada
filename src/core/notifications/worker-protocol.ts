/**
 * What the page and the notification Worker say to each other: the types and their shape
 * checks (the page bundle imports nothing else from the Worker's code). The password travels
 * page → Worker once per connection, in `connect`, and nowhere else; nothing the Worker sends
 * carries it. Each side ignores (and counts) a message that fails its check.
 */
import type { XmppSasl } from './xmpp-settings.ts';
import { isFiniteNumber, isRecord, isShortString } from '../kernel/malformed.ts';

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

const PHASES: ReadonlySet<unknown> = new Set(['opening', 'authenticating', 'binding', 'live']);
/** Longest update the Worker hands over, and longest password (an access token) it accepts. */
const MAX_XML_CHARS = 2_000_000;
const MAX_SECRET_CHARS = 64_000;
/** The client ping period must be a real period: 10 ms (tests) to 5 min. */
const PING_RANGE = [10, 300_000] as const;

/** A well-formed command from the page (checked in the Worker). */
export function isWorkerCommand(value: unknown): value is WorkerCommand {
  if (!isRecord(value)) return false;
  if (value.type === 'close') return true;
  if (value.type !== 'connect') return false;
  return (
    isShortString(value.url, 4096) &&
    /^wss?:\/\//.test(value.url) &&
    isShortString(value.domain) &&
    isShortString(value.pubsubDomain) &&
    isShortString(value.loginId) &&
    isShortString(value.password, MAX_SECRET_CHARS) &&
    isShortString(value.resource) &&
    isFiniteNumber(value.pingMs) &&
    value.pingMs >= PING_RANGE[0] &&
    value.pingMs <= PING_RANGE[1]
  );
}

/** A well-formed event from the Worker (checked in the page). */
export function isWorkerEvent(value: unknown): value is WorkerEvent {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'status':
      return PHASES.has(value.phase);
    case 'update':
      return isShortString(value.node) && isShortString(value.xml, MAX_XML_CHARS);
    case 'pong':
      return isFiniteNumber(value.at) && isFiniteNumber(value.rttMs) && value.rttMs >= 0;
    case 'closed':
      return (
        Number.isInteger(value.code) &&
        (value.code as number) >= 0 &&
        (value.code as number) <= 4999 &&
        typeof value.reason === 'string' &&
        value.reason.length <= 256 &&
        typeof value.authFailed === 'boolean' &&
        typeof value.opened === 'boolean' &&
        typeof value.wasLive === 'boolean' &&
        (value.condition === undefined || isShortString(value.condition, 256)) &&
        (value.streamError === undefined || typeof value.streamError === 'boolean')
      );
  }
  return false;
}
