/**
 * Finesse notifications over XMPP, one connection per agent across all tabs.
 *
 * Every tab of the agent asks for the Web Lock `finesse-sso:xmpp:<agentKey>`. The tab that gets
 * it (the holder) starts the notification Worker, which owns the WebSocket and the ping, and
 * holds the lock until it stops or the tab closes (the browser then releases it and the next
 * tab in the queue takes over at once). The holder fans every update out on the
 * BroadcastChannel of the same name, with its status; the other tabs deliver them to their
 * listeners. Only agent data and statuses cross the channel, never a token.
 *
 * This file: XmppNotifications itself (start and stop, who holds the lock, the follower's
 * watchdog) and createXmppNotifications, its factory for a session. Beneath it, one job each:
 * the holder's connection (xmpp-holder-connection.ts), the tab channel (xmpp-tab-channel.ts),
 * the status and listeners (xmpp-listeners.ts). None holds XMPP code: that lives in the Worker
 * file, loaded only by the holder.
 */
import { createLogger } from '../kernel/logger.ts';
import { noteNotificationHolder } from '../session/roster.ts';
import type { SessionApi } from '../session/session-api.ts';
import type { NotificationService } from './types.ts';
import { XmppHolderConnection } from './xmpp-holder-connection.ts';
import type { XmppNotificationsOptions } from './xmpp-options.ts';
import { FINESSE_PING_EXPECTATION_MS, resolveXmppSettings, xmppPassword } from './xmpp-settings.ts';
import { xmppLockName } from './xmpp-tab-messages.ts';

const log = createLogger('xmpp');

export class XmppNotifications extends XmppHolderConnection implements NotificationService {
  private lockAbort: AbortController | null = null;
  private releaseLock: (() => void) | null = null;
  private watchTimer: unknown = null;

  get isHolder(): boolean {
    return this.holding;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setStatus('connecting');
    this.openChannel();
    const unsubscribe = this.options.onTokenRefreshed?.(() => this.onTokenRefreshed());
    if (unsubscribe) this.cleanups.push(unsubscribe);
    this.post({ type: 'xmpp-hello', from: this.tabId });
    this.lastHeard = this.clock.now();
    this.watch();
    this.requestLock(false);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    this.lockAbort?.abort();
    this.lockAbort = null;
    if (this.holding) {
      this.post({ type: 'xmpp-gone', from: this.tabId });
      this.demote();
    }
    this.clock.clearTimeout(this.watchTimer);
    this.clock.clearTimeout(this.probeTimer);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.channel?.close();
    this.channel = null;
    this.setStatus('stopped');
  }

  // ---- holding the lock -------------------------------------------------------------------

  private requestLock(steal: boolean): void {
    const locks = this.options.locks ?? navigator.locks;
    const controller = new AbortController();
    this.lockAbort = controller;
    const name = xmppLockName(this.options.agentKey);
    const request = steal
      ? locks.request(name, { mode: 'exclusive', steal: true }, () => this.hold())
      : locks.request(name, { mode: 'exclusive', signal: controller.signal }, () => this.hold());
    request.then(
      () => this.afterLock(),
      (error: unknown) => {
        if (controller.signal.aborted || !this.running) return;
        // Another tab stole the lock (it judged this one frozen): stand down and queue again.
        log.warn(`notification lock lost: ${(error as Error)?.name ?? 'error'}`);
        this.afterLock();
      },
    );
  }

  /** The lock is ours: connect, and keep the lock until `stop()` (or the tab closes). */
  private hold(): Promise<void> {
    if (!this.running) return Promise.resolve();
    this.holding = true;
    noteNotificationHolder(this.options.agentKey, true);
    this.clock.clearTimeout(this.probeTimer);
    log.debug('holding the notification connection');
    return new Promise<void>((resolve) => {
      this.releaseLock = resolve;
      this.failures = 0;
      this.attempt = 0;
      this.authRetried = false;
      this.lastClose = null;
      this.lastProblem = null;
      this.setStatus('connecting');
      this.broadcastStatus();
      void this.connect();
    });
  }

  private afterLock(): void {
    if (this.holding) this.demote();
    // Give whoever holds it now a full silence period before judging it.
    this.lastHeard = this.clock.now();
    if (this.running) {
      this.setStatus('connecting');
      this.requestLock(false);
    }
  }

  /** Stops being the holder: the Worker closes the stream, the lock goes. */
  private demote(): void {
    this.holding = false;
    noteNotificationHolder(this.options.agentKey, false);
    this.generation++;
    this.attemptActive = false;
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const worker = this.worker;
    this.worker = null;
    this.workerAlive = false;
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
      try {
        worker.postMessage({ type: 'close' });
      } catch {
        // already gone
      }
      // Let it send <close/>; a new holder is connecting meanwhile with its own resource.
      this.clock.setTimeout(() => worker.terminate(), 1_000);
    }
    const release = this.releaseLock;
    this.releaseLock = null;
    release?.();
  }

  /**
   * A follower's watchdog: a holder tab that the browser froze keeps the lock but not the
   * connection. Long silence → ask; no answer → take the lock over. A holder answers a hello
   * at once even in a hidden tab (messages are not throttled, only timers).
   */
  private watch(): void {
    const silence = this.options.holderSilenceMs ?? 4 * this.pingMs;
    this.clock.clearTimeout(this.watchTimer);
    this.watchTimer = this.clock.setTimeout(
      () => {
        this.watchTimer = null;
        if (!this.running) return;
        if (
          !this.holding &&
          this.clock.now() - this.lastHeard >= silence &&
          this.probeTimer === null
        ) {
          this.post({ type: 'xmpp-hello', from: this.tabId });
          this.probeTimer = this.clock.setTimeout(() => {
            this.probeTimer = null;
            if (!this.running || this.holding || this.clock.now() - this.lastHeard < silence)
              return;
            log.warn('the notification holder tab is silent: taking over');
            this.lockAbort?.abort();
            this.requestLock(true);
          }, this.options.probeMs ?? 5_000);
        }
        this.watch();
      },
      Math.max(1_000, Math.floor(silence / 2)),
    );
  }
}

// ---- the factory ---------------------------------------------------------------------------

/**
 * What the agent registry passes the factory (structurally the registry's
 * `AgentNotificationInfo`, of which only these fields are read).
 */
export interface AgentNotificationInfo {
  loginId: string;
  /** From SystemInfo; '' when it could not be read (then there is no connection: polling). */
  xmppDomain: string;
  pubsubDomain: string;
  /** The WebSocket URL on the node in use, as the agent model resolved it (failover included). */
  notificationUrl?: string;
}

/** `wss://host:port/ws` for an https node, `ws://…/ws` for an http one (the simulator). */
export function deriveNotificationUrl(nodeUrl: string): string {
  const node = new URL(nodeUrl, globalThis.location?.href);
  const scheme = node.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${node.host}/ws`;
}

/**
 * The XMPP notification service for an agent, or null where this session does not open one:
 * gadget mode (the Finesse container feeds updates), no Web Locks, no XMPP domain known.
 * The URL: the one the agent model resolved for the node in use, else the configured
 * `notification-url`, else derived from the node. The SASL mechanism, the password form and
 * the ping period come from `session.endpoints.xmpp` (the `xmpp-*` attributes; defaults in
 * xmpp-settings.ts). `overrides` adjust any option (e.g. `getPassword` for a password that is
 * not made from the access token, `workerUrl`, `pingMs`, `sasl`).
 */
export function createXmppNotifications(
  session: SessionApi,
  info: AgentNotificationInfo,
  overrides: Partial<XmppNotificationsOptions> = {},
): NotificationService | null {
  if (session.mode === 'gadget' || !info.xmppDomain || !info.loginId) return null;
  if (!overrides.locks && (typeof navigator === 'undefined' || !navigator.locks)) return null;
  const { finesseUrl, notificationUrl, xmpp } = session.endpoints;
  const settings = resolveXmppSettings(xmpp);
  if (settings.pingMs > FINESSE_PING_EXPECTATION_MS) {
    log.warn(
      `xmpp-ping-ms ${settings.pingMs} is longer than the 20 s Finesse expects between pings`,
    );
  }
  // The primary node's origin: the same lock and channel before and after a failover.
  const cluster = new URL(finesseUrl, globalThis.location?.href).origin;
  return new XmppNotifications({
    agentKey: `${cluster}|${info.loginId.toLowerCase()}`,
    url: info.notificationUrl || notificationUrl || deriveNotificationUrl(finesseUrl),
    domain: info.xmppDomain,
    pubsubDomain: info.pubsubDomain || `pubsub.${info.xmppDomain}`,
    loginId: info.loginId,
    getPassword: async () => xmppPassword(settings.password, await session.getAccessToken()),
    sasl: settings.sasl,
    pingMs: settings.pingMs,
    onTokenRefreshed: (listener) => session.on('token-refreshed', () => listener()),
    reporter: session.doctor,
    ...overrides,
  });
}
