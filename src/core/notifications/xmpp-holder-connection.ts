/**
 * The holder tab's connection: the notification Worker it starts, each connection attempt
 * (a fresh password each time), what the Worker reports, and the retries (backoff; one at
 * once after an auth failure, and one when the token is refreshed after a refusal). Only the
 * tab that holds the lock connects (xmpp-notifications.ts). This module holds no XMPP code:
 * that lives in the Worker file.
 */
import { createLogger } from '../kernel/logger.ts';
import { countMalformed } from '../kernel/malformed.ts';
import type { ClosedEvent, WorkerEvent } from './worker-protocol.ts';
import { isWorkerEvent } from './worker-protocol.ts';
import { createXmppWorker } from './worker-url.ts';
import type { WorkerLike } from './worker-url.ts';
import { cryptoHex, cryptoRandom } from './xmpp-options.ts';
import { backoffDelay, isAuthProblem } from './xmpp-retry.ts';
import { XmppTabChannel } from './xmpp-tab-channel.ts';

const log = createLogger('xmpp');

export abstract class XmppHolderConnection extends XmppTabChannel {
  protected worker: WorkerLike | null = null;
  /** The Worker answered at least once (it loaded). */
  protected workerAlive = false;
  /** A connection is being made or is up (no retry pending). */
  protected attemptActive = false;
  /** Consecutive connections that ended without reaching live. */
  protected failures = 0;
  /** Backoff step of the next retry. */
  protected attempt = 0;
  protected authRetried = false;
  protected lastClose: ClosedEvent | null = null;
  protected retryTimer: unknown = null;
  protected generation = 0;

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

  // ---- connecting (holder) ----------------------------------------------------------------

  protected async connect(): Promise<void> {
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
  protected onTokenRefreshed(): void {
    if (!this.running || !this.holding || this.attemptActive) return;
    const last = this.lastClose;
    if (!last || last.condition !== 'not-authorized' || !isAuthProblem(last)) return;
    this.attempt = 0;
    void this.connect();
  }

  private pollingAfter(): number {
    return this.options.pollingAfter ?? 3;
  }
}
