/**
 * The connection doctor: collects what endpoints report, CSP violations and `online`, re-checks
 * failing addresses with backoff, and publishes the current problems. How one address is
 * probed and classified is `SuspectExaminer`'s (`suspect-examiner.ts`), the class below it.
 */
import { createLogger } from '../kernel/logger.ts';
import type {
  ConnectionProblem,
  ConnectionReporter,
  FailureHint,
} from '../session/connection-problem.ts';
import { exactOrigin, sameProblems, siteOf } from '../session/connection-problem.ts';
import type { ViolationLike } from './csp-violation.ts';
import { blockedOrigin } from './csp-violation.ts';
import type { ConnectionDoctorOptions } from './doctor-options.ts';
import { SuspectExaminer } from './suspect-examiner.ts';

const log = createLogger('diagnostics');

export { DEFAULT_DOCTOR_TIMING } from './doctor-options.ts';
export type { ConnectionDoctorOptions, DoctorTiming } from './doctor-options.ts';

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
export class ConnectionDoctor extends SuspectExaminer implements ConnectionReporter {
  /** Hosts that belong to this session. */
  private readonly hosts = new Set<string>();
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

  private readonly onViolation = (event: Event) =>
    this.violation(event as unknown as ViolationLike);
  private readonly onOnline = () => {
    this.attempt = 0;
    this.recheck();
  };

  constructor(options: ConnectionDoctorOptions = {}) {
    super(options);
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

  /** The page's exact origin (the one Finesse's allow-list must name), when known. */
  private pageOrigin(): string | null {
    return this.options.pageOrigin ? exactOrigin(this.options.pageOrigin) : null;
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
