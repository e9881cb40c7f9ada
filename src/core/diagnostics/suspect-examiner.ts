/**
 * What the connection doctor makes of one failing address (the lower half of
 * `ConnectionDoctor`): probes it (`probes.ts`), compares with other ports of its host and with
 * CORS, and classifies it as `certificate-untrusted`, `network`, `cors-not-allowed` or fine.
 * `connection-doctor.ts` collects the reports, CSP blocks and re-checks on top of this.
 */
import type { Clock } from '../kernel/clock.ts';
import { systemClock } from '../kernel/clock.ts';
import type { FailureHint } from '../session/connection-problem.ts';
import { siteOf } from '../session/connection-problem.ts';
import type { ConnectionDoctorOptions, DoctorTiming } from './doctor-options.ts';
import { DEFAULT_DOCTOR_TIMING } from './doctor-options.ts';
import type { ProbeTools } from './probes.ts';
import { probeCors, probeOrigin, probeSocket } from './probes.ts';

/** One address that failed, and what the doctor made of it. */
export interface Suspect {
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

/** The doctor's examination of suspects; `ConnectionDoctor` adds reporting and scheduling. */
export abstract class SuspectExaminer {
  protected readonly options: ConnectionDoctorOptions;
  protected readonly clock: Clock;
  protected readonly timing: DoctorTiming;
  private readonly tools: ProbeTools;
  private readonly pageSite: string | null;
  /** Every http(s) site known to belong to this session: candidates for "another port answers". */
  protected readonly sites = new Set<string>();
  protected readonly answeredAt = new Map<string, number>();
  protected readonly suspects = new Map<string, Suspect>();
  protected disposed = false;

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
  }

  protected async examine(suspect: Suspect): Promise<void> {
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
}
