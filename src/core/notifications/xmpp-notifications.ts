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
 * This module holds no XMPP code: that lives in the Worker file, loaded only by the holder.
 */
import type { Clock } from '../kernel/clock.ts';
import { doctorOf } from '../diagnostics/doctor-registry.ts';
import { systemClock } from '../kernel/clock.ts';
import { createLogger } from '../kernel/logger.ts';
import type { SessionApi } from '../session/session-api.ts';
import type { ChannelLike } from '../kernel/tab-channel.ts';
import { openTabChannel } from '../kernel/tab-channel.ts';
import { noteNotificationHolder } from '../diagnostics/roster.ts';
import type {
  NotificationProblem,
  NotificationService,
  NotificationStatus,
  RawUpdate,
} from './types.ts';
import type { ClosedEvent, WorkerEvent } from './worker-protocol.ts';
import { isWorkerEvent } from './worker-protocol.ts';
import { countMalformed } from '../kernel/malformed.ts';
import { createXmppWorker } from './worker-url.ts';
import type { WorkerLike } from './worker-url.ts';
import {
  DEFAULT_XMPP_SETTINGS,
  FINESSE_PING_EXPECTATION_MS,
  resolveXmppSettings,
  xmppPassword,
} from './xmpp-settings.ts';
import { cryptoHex, cryptoRandom } from './xmpp-options.ts';
import type { XmppNotificationsOptions } from './xmpp-options.ts';
import { backoffDelay, isAuthProblem } from './xmpp-retry.ts';
import { isXmppTabMessage, xmppChannelName, xmppLockName } from './xmpp-tab-messages.ts';
import type { XmppTabMessage } from './xmpp-tab-messages.ts';

const log = createLogger('xmpp');

export class XmppNotifications implements NotificationService {
  private readonly options: XmppNotificationsOptions;
  private readonly clock: Clock;
  private readonly tabId: string;
  private readonly pingMs: number;
  private readonly updateListeners = new Set<(update: RawUpdate) => void>();
  private readonly statusListeners = new Set<(status: NotificationStatus) => void>();
  private currentStatus: NotificationStatus = 'stopped';
  private running = false;
  private holding = false;
  private channel: ChannelLike | null = null;
  private lockAbort: AbortController | null = null;
  private releaseLock: (() => void) | null = null;
  private worker: WorkerLike | null = null;
  /** The Worker answered at least once (it loaded). */
  private workerAlive = false;
  /** A connection is being made or is up (no retry pending). */
  private attemptActive = false;
  /** Consecutive connections that ended without reaching live. */
  private failures = 0;
  /** Backoff step of the next retry. */
  private attempt = 0;
  private authRetried = false;
  private lastClose: ClosedEvent | null = null;
  private lastProblem: NotificationProblem | null = null;
  private retryTimer: unknown = null;
  private generation = 0;
  private lastHeard = 0;
  private watchTimer: unknown = null;
  private probeTimer: unknown = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(options: XmppNotificationsOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.tabId = options.tabId ?? cryptoHex(8);
    this.pingMs = options.pingMs ?? DEFAULT_XMPP_SETTINGS.pingMs;
  }

  get status(): NotificationStatus {
    return this.currentStatus;
  }

  get isHolder(): boolean {
    return this.holding;
  }

  /** Why the holder's connection last failed, when the server said (SASL); null once live. */
  get problem(): NotificationProblem | null {
    return this.lastProblem;
  }

  onUpdate(listener: (update: RawUpdate) => void): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  onStatus(listener: (status: NotificationStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
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

  /**
   * Drops the current connection and makes a new one now (backoff reset), optionally to
   * another URL (failover to the secondary node). Only the holder tab connects; elsewhere
   * this only changes the URL used if this tab becomes the holder.
   */
  reconnect(options: { url?: string } = {}): void {
    if (options.url) this.options.url = options.url;
    if (!this.running || !this.holding) return;
    this.attempt = 0;
    this.lastClose = null;
    this.worker?.postMessage({ type: 'close' });
    this.attemptActive = false;
    void this.connect();
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

  // ---- connecting (holder) ----------------------------------------------------------------

  private async connect(): Promise<void> {
    if (!this.running || !this.holding) return;
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.attemptActive = true;
    const generation = ++this.generation;
    let password: string;
    try {
      password = await this.options.getPassword();
    } catch (error) {
      if (generation !== this.generation) return;
      this.onClosed({
        type: 'closed',
        code: 0,
        reason: `no-token: ${(error as { code?: string }).code ?? (error as Error)?.name}`,
        authFailed: false,
        opened: false,
        wasLive: false,
      });
      return;
    }
    if (generation !== this.generation || !this.holding) return;
    let worker: WorkerLike;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      log.warn(`notification worker unavailable: ${(error as Error)?.name}`);
      this.workerUnavailable();
      return;
    }
    worker.postMessage({
      type: 'connect',
      url: this.options.url,
      domain: this.options.domain,
      pubsubDomain: this.options.pubsubDomain,
      loginId: this.options.loginId,
      password,
      resource: `finesse-sso-${this.options.randomHex?.() ?? cryptoHex(8)}`,
      pingMs: this.pingMs,
      sasl: this.options.sasl ?? 'plain',
    });
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.options.createWorker
      ? this.options.createWorker()
      : createXmppWorker(this.options.workerUrl);
    worker.onmessage = (event) => {
      if (isWorkerEvent(event.data)) this.onWorkerEvent(event.data);
      else countMalformed('notifications-worker');
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (this.worker !== worker) return;
      const loaded = this.workerAlive;
      this.worker = null;
      this.workerAlive = false;
      worker.terminate();
      if (!loaded) {
        // The script never ran: a wrong URL, or a CSP without worker-src 'self'.
        log.warn('notification worker failed to load');
        this.workerUnavailable();
      } else {
        this.onClosed({
          type: 'closed',
          code: 1006,
          reason: 'worker-error',
          authFailed: false,
          opened: false,
          wasLive: false,
        });
      }
    };
    this.worker = worker;
    this.workerAlive = false;
    return worker;
  }

  /** No Worker here: nothing to connect with, so poll at once and keep trying in the background. */
  private workerUnavailable(): void {
    this.failures = Math.max(this.failures, this.pollingAfter() - 1);
    this.onClosed({
      type: 'closed',
      code: 0,
      reason: 'worker-unavailable',
      authFailed: false,
      opened: false,
      wasLive: false,
    });
  }

  private onWorkerEvent(event: WorkerEvent): void {
    if (!this.holding || !this.running) return;
    this.workerAlive = true;
    switch (event.type) {
      case 'status':
        if (event.phase === 'live') {
          this.options.reporter?.reportSuccess(this.options.url);
          this.failures = 0;
          this.attempt = 0;
          this.authRetried = false;
          this.lastClose = null;
          this.lastProblem = null;
          this.setStatus('live');
          this.broadcastStatus();
        }
        return;
      case 'pong':
        // The connection is alive: tell the other tabs (their watchdog listens).
        this.broadcastStatus();
        return;
      case 'update': {
        const update = { node: event.node, xml: event.xml };
        this.post({ type: 'xmpp-update', from: this.tabId, ...update });
        this.deliver(update);
        return;
      }
      case 'closed':
        this.onClosed(event);
        return;
    }
  }

  private onClosed(event: ClosedEvent): void {
    if (!this.running || !this.holding || !this.attemptActive) return;
    this.attemptActive = false;
    this.generation++;
    this.lastClose = event;
    log.debug(`notification connection closed: ${event.reason} (${event.code})`);
    // Never opened: a certificate, CSP, a firewall? The doctor finds out which.
    if (!event.opened && (event.reason === 'socket-error' || event.reason === 'timeout')) {
      this.options.reporter?.reportFailure(this.options.url, 'websocket');
    }
    if (event.wasLive) {
      // A drop after a working connection: start the backoff afresh.
      this.failures = 0;
      this.attempt = 0;
    } else {
      this.failures++;
    }
    const mechanism = this.options.sasl ?? 'plain';
    if (event.saslUnavailable) {
      // A configuration mismatch no retry will fix soon: poll (labelled) at once, keep trying.
      this.lastProblem = { code: 'sasl-mechanism-unavailable', ...event.saslUnavailable };
      this.failures = Math.max(this.failures, this.pollingAfter());
      log.warn(
        `the notification server does not offer SASL ${mechanism} (it offers ` +
          `${event.saslUnavailable.offered.join(', ') || 'none'}): set xmpp-sasl to match; polling meanwhile`,
      );
    } else if (event.authFailed) {
      this.lastProblem = {
        code: 'sasl-refused',
        mechanism,
        condition: event.condition ?? 'not-authorized',
      };
      if (this.authRetried) {
        log.warn(
          `the notification server refused SASL ${mechanism} twice (${this.lastProblem.condition}): ` +
            'check xmpp-sasl and xmpp-password',
        );
      }
    }
    this.setStatus(this.failures >= this.pollingAfter() ? 'polling' : 'connecting');
    this.broadcastStatus();
    if (isAuthProblem(event) && !this.authRetried) {
      // The token may have rotated since: once, at once, with a fresh one.
      this.authRetried = true;
      void this.connect();
      return;
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    this.attempt++;
    const delay = backoffDelay(
      this.attempt,
      this.options.minBackoffMs ?? 1_000,
      this.options.maxBackoffMs ?? 60_000,
      (this.options.random ?? cryptoRandom)(),
    );
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  /** A fresh token: reconnect now only if the server refused the previous one. */
  private onTokenRefreshed(): void {
    if (!this.running || !this.holding || this.attemptActive) return;
    const last = this.lastClose;
    if (!last || last.condition !== 'not-authorized' || !isAuthProblem(last)) return;
    this.attempt = 0;
    void this.connect();
  }

  private pollingAfter(): number {
    return this.options.pollingAfter ?? 3;
  }

  // ---- the other tabs ----------------------------------------------------------------------

  private openChannel(): void {
    let channel: ChannelLike | null = null;
    try {
      const name = xmppChannelName(this.options.agentKey);
      channel = this.options.createChannel
        ? this.options.createChannel(name)
        : (openTabChannel(name) ?? null);
    } catch (error) {
      log.warn(`notification channel unavailable: ${(error as Error)?.name}`);
    }
    if (!channel) return;
    const onMessage = (event: MessageEvent) => {
      if (isXmppTabMessage(event.data)) this.onTabMessage(event.data);
      else countMalformed('notifications'); // ignored, never logged
    };
    channel.addEventListener('message', onMessage);
    this.cleanups.push(() => channel.removeEventListener('message', onMessage));
    this.channel = channel;
  }

  private onTabMessage(message: XmppTabMessage): void {
    if (!this.running || message.from === this.tabId) return;
    if (this.holding) {
      if (message.type === 'xmpp-hello') this.broadcastStatus();
      return;
    }
    this.lastHeard = this.clock.now();
    this.clock.clearTimeout(this.probeTimer);
    this.probeTimer = null;
    switch (message.type) {
      case 'xmpp-status':
        this.lastProblem = message.problem ?? null;
        this.setStatus(message.status);
        return;
      case 'xmpp-update':
        this.deliver({ node: message.node, xml: message.xml });
        return;
      case 'xmpp-gone':
        this.setStatus('connecting'); // the next tab in the queue is taking over
        return;
      case 'xmpp-hello':
        return;
    }
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

  private broadcastStatus(): void {
    if (!this.holding || this.currentStatus === 'stopped') return;
    this.post({
      type: 'xmpp-status',
      from: this.tabId,
      status: this.currentStatus,
      ...(this.lastProblem ? { problem: this.lastProblem } : {}),
    });
  }

  private post(message: XmppTabMessage): void {
    try {
      this.channel?.postMessage(message);
    } catch (error) {
      log.warn(`notification broadcast failed: ${(error as Error)?.name}`);
    }
  }

  private deliver(update: RawUpdate): void {
    for (const listener of [...this.updateListeners]) {
      try {
        listener(update);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private setStatus(status: NotificationStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    for (const listener of [...this.statusListeners]) {
      try {
        listener(status);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
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
    reporter: doctorOf(session),
    ...overrides,
  });
}
