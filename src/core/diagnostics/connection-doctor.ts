import type { Clock } from '../kernel/clock.ts';
import { systemClock } from '../kernel/clock.ts';
import { createLogger } from '../kernel/logger.ts';
import type {
  ConnectionProblem,
  ConnectionReporter,
  FailureHint,
} from '../session/connection-problem.ts';
import { exactOrigin, sameProblems, siteOf } from '../session/connection-problem.ts';
import type { ViolationLike } from './csp-violation.ts';
import { blockedOrigin } from './csp-violation.ts';
import type { ProbeSocket, ProbeTools } from './probes.ts';
import { probeCors, probeOrigin, probeSocket } from './probes.ts';

const log = createLogger('diagnostics');

/** How often and how long the doctor looks. */
export interface DoctorTiming {
  /** First re-check of a failing address; doubles up to `maxRecheckMs`. Also the least time between two probes of one address. */
  firstRecheckMs: number;
  maxRecheckMs: number;
  /** A probe with no answer by then counts as unreachable. */
  probeTimeoutMs: number;
  /** An address that answered this recently counts as working. */
  answeredFreshMs: number;
}

export const DEFAULT_DOCTOR_TIMING: DoctorTiming = {
  firstRecheckMs: 5_000,
  maxRecheckMs: 60_000,
  probeTimeoutMs: 10_000,
  answeredFreshMs: 5 * 60_000,
};

type EventTargetLike = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export interface ConnectionDoctorOptions {
  /**
   * This session's addresses (Finesse nodes, notification service, relay page). A CSP block
   * is reported only for these hosts (or hosts that reported a failure), not for whatever
   * else the page loads.
   */
  endpoints?: ReadonlyArray<string | undefined>;
  /** The page's own origin: it answered (the page loaded), so it is a working port of its host. */
  pageOrigin?: string;
  fetch?: typeof fetch;
  /** Opens a WebSocket (the notification service's probe); without it, sockets are probed by fetch. */
  createSocket?: (url: string, protocol: string) => ProbeSocket;
  clock?: Clock;
  /** Where `securitypolicyviolation` events arrive: the document. */
  document?: EventTargetLike;
  /** Where `online` arrives: the window. */
  window?: EventTargetLike;
  timing?: Partial<DoctorTiming>;
}

/** One address that failed, and what the doctor made of it. */
interface Suspect {
  site: string;
  hints: Set<FailureHint>;
  /** The WebSocket URL without query (the notification service), when one failed. */
  socketUrl?: string;
  /** Examine at the next run. */
  due: boolean;
  checkedAt: number | null;
  /** null: it answered (or it is not a connection problem the doctor can name). */
  code: 'certificate-untrusted' | 'network' | 'cors-not-allowed' | null;
}

/** Directives whose blocks stop the session's connections (REST, WebSocket, relay, worker). */
const CONNECTION_DIRECTIVES = new Set(['connect-src', 'frame-src', 'child-src', 'worker-src']);
const STRAY_LIMIT = 20;

/**
 * Diagnoses connection failures the browser will not explain. Endpoints report failures
 * (`reportFailure`) and successes; the doctor probes the failing address with a `no-cors`
 * request (or a WebSocket for the notification service), compares with other ports of the
 * same host, and listens for `securitypolicyviolation`. When the `no-cors` probe answers but
 * the page's request failed, a CORS-mode request to `/finesse/api/SystemInfo` tells whether
 * Finesse's CORS allow-list lacks the page's origin (`cors-not-allowed`). It keeps a list of current problems,
 * re-checks failing addresses on its own (backoff `firstRecheckMs` → `maxRecheckMs`, and at
 * once on `online`), and drops a problem as soon as its address answers.
 */
export class ConnectionDoctor implements ConnectionReporter {
  private readonly options: ConnectionDoctorOptions;
  private readonly clock: Clock;
  private readonly timing: DoctorTiming;
  private readonly tools: ProbeTools;
  private readonly pageSite: string | null;
  /** Hosts that belong to this session. */
  private readonly hosts = new Set<string>();
  /** Every http(s) site known to belong to this session: candidates for "another port answers". */
  private readonly sites = new Set<string>();
  private readonly answeredAt = new Map<string, number>();
  private readonly suspects = new Map<string, Suspect>();
  /** CSP blocks: exact origin → directives. */
  private readonly blocked = new Map<string, Set<string>>();
  /** CSP blocks of hosts not (yet) known to be ours. */
  private stray: Array<{ origin: string; directive: string }> = [];
  private readonly listeners = new Set<(problems: readonly ConnectionProblem[]) => void>();
  private current: readonly ConnectionProblem[] = [];
  private running = false;
  private again = false;
  private timer: unknown = null;
  private attempt = 0;
  private started = false;
  private disposed = false;

  private readonly onViolation = (event: Event) =>
    this.violation(event as unknown as ViolationLike);
  private readonly onOnline = () => {
    this.attempt = 0;
    this.recheck();
  };

  constructor(options: ConnectionDoctorOptions = {}) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.timing = { ...DEFAULT_DOCTOR_TIMING, ...options.timing };
    this.tools = {
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      createSocket: options.createSocket,
      clock: this.clock,
      timeoutMs: this.timing.probeTimeoutMs,
    };
    this.pageSite = options.pageOrigin ? siteOf(options.pageOrigin) : null;
    if (this.pageSite) this.sites.add(this.pageSite);
    for (const endpoint of options.endpoints ?? []) {
      if (endpoint) this.know(endpoint);
    }
  }

  /** The current problems, oldest first. Empty when every reported address works. */
  get problems(): readonly ConnectionProblem[] {
    return this.current;
  }

  /** Calls `listener` with the new list whenever it changes; returns the unsubscribe function. */
  onChange(listener: (problems: readonly ConnectionProblem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts listening for CSP violations and `online`. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.options.document?.addEventListener('securitypolicyviolation', this.onViolation);
    this.options.window?.addEventListener('online', this.onOnline);
  }

  dispose(): void {
    this.disposed = true;
    this.options.document?.removeEventListener('securitypolicyviolation', this.onViolation);
    this.options.window?.removeEventListener('online', this.onOnline);
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  reportFailure(url: string | URL, hint: FailureHint = 'fetch'): void {
    const site = siteOf(url);
    if (!site || this.disposed) return;
    this.know(url);
    let suspect = this.suspects.get(site);
    if (!suspect) {
      suspect = { site, hints: new Set(), due: false, checkedAt: null, code: null };
      this.suspects.set(site, suspect);
    }
    suspect.hints.add(hint);
    if (hint === 'websocket') suspect.socketUrl = withoutQuery(url);
    // At most one probe per address per `firstRecheckMs`, however many requests fail.
    const { checkedAt } = suspect;
    if (checkedAt === null || this.clock.now() - checkedAt >= this.timing.firstRecheckMs) {
      suspect.due = true;
      this.run();
    }
  }

  reportSuccess(url: string | URL): void {
    const site = siteOf(url);
    const origin = exactOrigin(url);
    if (!site || !origin || this.disposed) return;
    this.sites.add(site);
    this.answeredAt.set(site, this.clock.now());
    const cleared = this.suspects.delete(site);
    const unblocked = this.blocked.delete(origin);
    if (cleared || unblocked) this.publish();
  }

  /** Probes every failing address again now (the timer and `online` call it). */
  recheck(): void {
    if (this.disposed) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    for (const suspect of this.suspects.values()) if (suspect.code) suspect.due = true;
    this.run();
  }

  // ---- internals ------------------------------------------------------------------------

  /** Records an address as this session's: its host, and (http/https) its site. */
  private know(url: string | URL): void {
    const site = siteOf(url);
    if (!site) return;
    this.sites.add(site);
    const host = new URL(site).hostname;
    if (this.hosts.has(host)) return;
    this.hosts.add(host);
    // CSP blocks seen before the failure that named this host are ours after all.
    const mine = this.stray.filter((b) => new URL(b.origin).hostname === host);
    if (mine.length === 0) return;
    this.stray = this.stray.filter((b) => !mine.includes(b));
    for (const b of mine) this.block(b.origin, b.directive);
    this.publish();
  }

  /** Takes a CSP violation the doctor did not hear itself (it fired before the doctor loaded). */
  noteViolation(event: ViolationLike): void {
    this.violation(event);
  }

  private violation(event: ViolationLike): void {
    if (this.disposed) return;
    const blocked = blockedOrigin(event);
    if (!blocked || !CONNECTION_DIRECTIVES.has(blocked.directive)) return;
    if (!this.hosts.has(new URL(blocked.origin).hostname)) {
      this.stray = [...this.stray.slice(1 - STRAY_LIMIT), blocked];
      return;
    }
    this.block(blocked.origin, blocked.directive);
    this.publish();
  }

  private block(origin: string, directive: string): void {
    const directives = this.blocked.get(origin) ?? new Set<string>();
    directives.add(directive);
    this.blocked.set(origin, directives);
  }

  /** Examines every due suspect; one run at a time (a report during a run asks for another). */
  private run(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void (async () => {
      try {
        do {
          this.again = false;
          const due = [...this.suspects.values()].filter((s) => s.due);
          await Promise.all(due.map((s) => this.examine(s)));
          this.publish();
        } while (this.again && !this.disposed);
      } catch (error) {
        log.warn(`diagnosis failed: ${(error as Error)?.name}`);
      } finally {
        this.running = false;
      }
      this.schedule();
    })();
  }

  private async examine(suspect: Suspect): Promise<void> {
    suspect.due = false;
    const bySocket = this.bySocket(suspect);
    const answered = await (bySocket
      ? probeSocket(suspect.socketUrl!, this.tools)
      : probeOrigin(suspect.site, this.tools));
    // Cleared meanwhile (a request to it worked) or the session is gone: nothing to record.
    if (this.disposed || this.suspects.get(suspect.site) !== suspect) return;
    const now = this.clock.now();
    suspect.checkedAt = now;
    if (answered) {
      this.answeredAt.set(suspect.site, now);
      // Finesse answers, yet a request failed: from another origin, try what the page's own
      // requests need, CORS (Finesse allows no origin until an administrator adds it).
      const corsRefused =
        !bySocket &&
        suspect.site !== this.pageSite &&
        !(await probeCors(suspect.site, this.tools)) &&
        this.suspects.get(suspect.site) === suspect &&
        !this.disposed;
      suspect.code = corsRefused ? 'cors-not-allowed' : null;
      return;
    }
    if (bySocket && this.fresh(suspect.site)) {
      // Requests to this very address work, only its WebSocket fails (a proxy that refuses
      // the upgrade?): not its certificate, nor the network.
      suspect.code = null;
      return;
    }
    const https = suspect.site.startsWith('https:');
    const suspicious =
      (await this.anotherPortAnswers(suspect.site)) || suspect.hints.has('relay-silent');
    suspect.code = https && suspicious ? 'certificate-untrusted' : 'network';
  }

  /**
   * Only a WebSocket failed here: probe with one, since a page may allow `wss://host:7443` in
   * `connect-src` and not `https://host:7443` (a fetch probe would then be blocked by CSP).
   */
  private bySocket(suspect: Suspect): boolean {
    return !!suspect.socketUrl && suspect.hints.size === 1 && !!this.tools.createSocket;
  }

  /** The page's exact origin (the one Finesse's allow-list must name), when known. */
  private pageOrigin(): string | null {
    return this.options.pageOrigin ? exactOrigin(this.options.pageOrigin) : null;
  }

  private fresh(site: string): boolean {
    const at = this.answeredAt.get(site);
    return at !== undefined && this.clock.now() - at < this.timing.answeredFreshMs;
  }

  /** Whether another port of the failing address's host answers (known, or probed now). */
  private async anotherPortAnswers(site: string): Promise<boolean> {
    const host = new URL(site).hostname;
    const others = [...this.sites].filter((o) => o !== site && new URL(o).hostname === host);
    if (others.some((o) => o === this.pageSite || this.fresh(o))) return true;
    const candidates = others.filter((o) => !this.suspects.get(o)?.code);
    const results = await Promise.all(
      candidates.map(async (o) => {
        const ok = await probeOrigin(o, this.tools);
        if (ok) this.answeredAt.set(o, this.clock.now());
        return ok;
      }),
    );
    return results.some(Boolean);
  }

  /** Re-checks failing addresses with backoff; nothing is scheduled while all is well. */
  private schedule(): void {
    if (this.disposed) return;
    const failing = [...this.suspects.values()].some((s) => s.code);
    if (!failing) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
      this.attempt = 0;
      return;
    }
    if (this.timer !== null) return;
    const { firstRecheckMs, maxRecheckMs } = this.timing;
    const delay = Math.min(maxRecheckMs, firstRecheckMs * 2 ** this.attempt);
    this.attempt++;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.recheck();
    }, delay);
  }

  private publish(): void {
    if (this.disposed) return;
    const list: ConnectionProblem[] = [];
    const blockedSites = new Set<string>();
    for (const [origin, directives] of this.blocked) {
      list.push({ code: 'csp-blocked', origin, directive: [...directives].join(', ') });
      blockedSites.add(siteOf(origin)!);
    }
    for (const suspect of this.suspects.values()) {
      // A CSP block explains the failure; the probe could not see past it.
      if (suspect.code && !blockedSites.has(suspect.site)) {
        const page = suspect.code === 'cors-not-allowed' ? this.pageOrigin() : null;
        list.push({
          code: suspect.code,
          origin: suspect.site,
          ...(page ? { pageOrigin: page } : {}),
        });
      }
    }
    if (sameProblems(list, this.current)) return;
    this.current = list;
    for (const listener of [...this.listeners]) {
      try {
        listener(list);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/** `url` without its query and fragment (no token may ride along in a probe or a log). */
function withoutQuery(url: string | URL): string {
  const parsed = new URL(String(url));
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}
