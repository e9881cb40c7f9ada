/**
 * Recovery from a 503 the way Cisco documents it (FINESSE.md §9): poll
 * `GET /finesse/api/SystemInfo` on the node in use, with backoff, until its `status` is
 * IN_SERVICE, or move to the other node SystemInfo names once that one is IN_SERVICE.
 */
import type { Clock } from '../kernel/clock.ts';
import { createLogger } from '../kernel/logger.ts';
import type { FinesseRestClient } from './rest-client.ts';
import type { FinesseNode } from './rest-transport.ts';

const log = createLogger('agent');

export interface RecoveryTiming {
  /** The first SystemInfo poll after the 503; each next one waits twice as long… */
  firstMs: number;
  /** …up to this (the bound: the poll never stops while the agent is signed in). */
  maxMs: number;
}

export const DEFAULT_RECOVERY_TIMING: RecoveryTiming = { firstMs: 2_000, maxMs: 30_000 };

type NodeClient = Pick<FinesseRestClient, 'node' | 'urlOf' | 'readSystemInfo' | 'moveTo'>;

export class OutOfServiceRecovery {
  private timer: unknown = null;
  private checking = false;
  private attempt = 0;
  private run = 0;

  constructor(
    private readonly clock: Clock,
    private readonly rest: NodeClient,
    private readonly timing: RecoveryTiming,
    /** A node answered IN_SERVICE (the client is on it now). */
    private readonly recovered: (node: FinesseNode) => void,
  ) {}

  /** True from `start()` until a node is in service or `stop()`. */
  get active(): boolean {
    return this.timer !== null || this.checking;
  }

  /** Starts polling (no-op while already polling). */
  start(): void {
    if (this.active) return;
    this.attempt = 0;
    log.warn('Finesse is out of service (503): polling SystemInfo');
    this.schedule();
  }

  stop(): void {
    this.run++;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.checking = false;
  }

  private schedule(): void {
    const { firstMs, maxMs } = this.timing;
    const delay = Math.min(maxMs, firstMs * 2 ** this.attempt);
    this.attempt++;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.check();
    }, delay);
  }

  private async check(): Promise<void> {
    const run = this.run;
    this.checking = true;
    const here = this.rest.node;
    const there: FinesseNode = here === 'primary' ? 'secondary' : 'primary';
    let found: FinesseNode | null = null;
    if (await this.inService(here)) found = here;
    else if (run === this.run && this.rest.urlOf(there) && (await this.inService(there))) {
      found = there;
    }
    if (run !== this.run) return; // stopped meanwhile
    this.checking = false;
    if (!found) {
      this.schedule();
      return;
    }
    if (found !== here) this.rest.moveTo(found);
    log.debug(`Finesse ${found} node is IN_SERVICE again`);
    this.recovered(found);
  }

  private async inService(node: FinesseNode): Promise<boolean> {
    try {
      return (await this.rest.readSystemInfo(node)).status === 'IN_SERVICE';
    } catch {
      return false; // 503, unreachable, or not SystemInfo: not in service yet
    }
  }
}
