/**
 * What XmppNotifications is given (XmppNotificationsOptions), and the crypto defaults of its
 * random options (the tab id, the resource, the backoff jitter).
 */
import type { Clock } from '../kernel/clock.ts';
import type { ConnectionReporter } from '../session/connection-problem.ts';
import type { LockManagerLike } from '../kernel/locks.ts';
import type { ChannelLike } from '../kernel/tab-channel.ts';
import type { WorkerLike } from './worker-url.ts';
import type { XmppSasl } from './xmpp-settings.ts';

export interface XmppNotificationsOptions {
  /** Identifies the agent across tabs: `<cluster origin>|<loginId lower case>`. */
  agentKey: string;
  /** `wss://host:port/ws` */
  url: string;
  /** xmppDomain from SystemInfo. */
  domain: string;
  /** xmppPubSubDomain from SystemInfo: only its messages are taken as updates. */
  pubsubDomain: string;
  loginId: string;
  /** The XMPP password, asked for before every connection: the current access token. */
  getPassword(): Promise<string>;
  /** Subscribes to "the token was refreshed" (the session's `token-refreshed`). */
  onTokenRefreshed?(listener: () => void): () => void;
  locks?: LockManagerLike;
  /** Opens the cross-tab channel; null (or throwing) for a tab on its own. */
  createChannel?(name: string): ChannelLike | null;
  clock?: Clock;
  /** Starts the Worker; throws when Workers are unavailable or refused (e.g. by CSP). */
  createWorker?(): WorkerLike;
  /** Where the Worker file is, when not beside the bundle (ignored with `createWorker`). */
  workerUrl?: string | URL;
  /**
   * Client ping period. Default 15 000 (Finesse wants one at least every 20 s; Cisco's
   * EventTunnel pings every 10 s). See xmpp-settings.ts for the evidence.
   */
  pingMs?: number;
  /** SASL mechanism (`xmpp-sasl`). Default `plain`. */
  sasl?: XmppSasl;
  /** Reconnect backoff bounds. Defaults 1 000 and 60 000. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Consecutive failed connections after which the status is `polling`. Default 3. */
  pollingAfter?: number;
  /**
   * A follower that hears nothing from the holder for this long asks it; no answer within
   * `probeMs` and it takes the lock over (a holder tab the browser froze keeps its lock but
   * not its connection). Default 4 × pingMs; a live holder speaks after every ping.
   */
  holderSilenceMs?: number;
  probeMs?: number;
  /** Uniform in [0, 1), for the backoff jitter. Default: crypto. */
  random?: () => number;
  /** Random hex for the resource. Default: 8 bytes from crypto. */
  randomHex?: () => string;
  tabId?: string;
  /** Told when the WebSocket cannot be opened and when it is live (the session's connection doctor). */
  reporter?: ConnectionReporter;
}

export const cryptoHex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
export const cryptoRandom = () => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
