/**
 * The page's side of the refresh keeper. `run` hands the refresh protocol to the keeper service
 * worker when one is active, and runs it in the page otherwise (no service workers, a private
 * window, a refused registration, the memory store, a source that needs the page such as the
 * relay). Both paths take the same Web Lock and commit with the same compare-and-set, so a
 * fallback after a keeper that did not answer in time can never rotate the pair twice.
 */
import type { Clock } from '../kernel/clock.ts';
import { FinesseError } from '../kernel/errors.ts';
import { createLogger } from '../kernel/logger.ts';
import type { RefreshRunner, RunOutcome } from '../session/refresh-outcome.ts';

export type { RefreshRunner, RunOutcome };
import { refreshUnderLock } from '../session/refresh-protocol.ts';
import type { KeeperAck, KeeperJob, KeeperReply } from './keeper-protocol.ts';
import { keeperSource } from './keeper-url.ts';

const log = createLogger('keeper');

type Container = Pick<ServiceWorkerContainer, 'register'>;

export interface RefreshKeeperOptions {
  /** The BroadcastChannel the session uses (the keeper tells the tabs on it). */
  channel: string;
  /** `navigator.serviceWorker`; absent where there is none. */
  container?: Container;
  /** Overrides where `finesse-sso-keeper.js` is. */
  url?: string | URL;
  /** How long to wait for an installing keeper to activate. */
  activateTimeoutMs?: number;
  /**
   * How long a keeper may take to acknowledge a job before the page refreshes by itself.
   * Default: a quarter of the time the access token has left, between 3 s and 30 s.
   */
  ackTimeoutMs?: number;
}

/** The active keeper, after a newer version that is installing has taken over. */
function activated(registration: ServiceWorkerRegistration, timeoutMs: number) {
  return new Promise<ServiceWorker | null>((resolve) => {
    const pending = registration.installing ?? registration.waiting;
    if (!pending) return resolve(registration.active);
    const timer = setTimeout(() => resolve(registration.active), timeoutMs);
    pending.addEventListener('statechange', () => {
      if (pending.state === 'activated' || pending.state === 'redundant') {
        clearTimeout(timer);
        resolve(registration.active);
      }
    });
  });
}

export class RefreshKeeper {
  private readonly options: RefreshKeeperOptions;
  private worker: Promise<ServiceWorker | null> | null = null;

  constructor(options: RefreshKeeperOptions) {
    this.options = options;
  }

  /** Registers the keeper (early, off the refresh's critical path). Never throws. */
  start(): Promise<ServiceWorker | null> {
    this.worker ??= this.register();
    return this.worker;
  }

  dispose(): void {}

  private async register(): Promise<ServiceWorker | null> {
    const container = this.options.container;
    const source = keeperSource(this.options.url);
    if (!container || !source) return null;
    try {
      const registration = await container.register(source.url, {
        type: source.type,
        // A scope of its own: it controls no page and never meets the host's service worker.
        scope: new URL('./finesse-sso-keeper/', source.url).href,
        updateViaCache: 'none',
      });
      return await activated(registration, this.options.activateTimeoutMs ?? 5_000);
    } catch (error) {
      log.warn(`refresh keeper unavailable (${(error as Error)?.name}); refreshing in the page`);
      return null;
    }
  }

  readonly run: RefreshRunner = async (deps, request) => {
    const recipe = deps.source.refreshRecipe?.();
    const worker = recipe && deps.store.kind === 'indexeddb' ? await this.start() : null;
    if (!recipe || !worker) return refreshUnderLock(deps, request);
    const job: KeeperJob = {
      type: 'finesse-sso:refresh',
      tabId: deps.tabId,
      channel: this.options.channel,
      ratio: deps.ratio,
      refreshLifetimeMs: deps.refreshLifetimeMs,
      timing: deps.timing,
      recipe,
      request,
    };
    // Longer than the keeper can take: waiting for the lock, two attempts, the commit.
    const waitMs = deps.timing.lockTimeoutMs + 2 * deps.timing.requestTimeoutMs + 5_000;
    const ackMs = this.options.ackTimeoutMs ?? ackWait(request.known.expiresAt - deps.clock.now());
    const reply = await ask(deps.clock, worker, job, ackMs, waitMs);
    if (!reply?.ok) {
      log.warn(`refresh keeper did not answer (${reply ? reply.reason : 'timeout'})`);
      return refreshUnderLock(deps, request);
    }
    if ('error' in reply) {
      const { code, message } = reply.error;
      return { ...reply.outcome, error: new FinesseError(code, message), told: true };
    }
    return { ...reply.outcome, told: true };
  };
}

/**
 * How long to wait for a keeper to take a job. A keeper that was stopped takes a moment to
 * start, seconds on a loaded PC; giving up early sends the refresh from the page, which is
 * exactly the refresh a reload can cut off after the server rotated the pair. So wait as long
 * as the pair can afford (a quarter of what is left), but never past 30 s nor under 3 s.
 */
export function ackWait(msLeft: number): number {
  return Math.min(30_000, Math.max(3_000, Math.floor(msLeft / 4)));
}

/** Posts the job; null when the keeper does not acknowledge it soon, or does not answer in time. */
function ask(
  clock: Clock,
  worker: ServiceWorker,
  job: KeeperJob,
  ackMs: number,
  waitMs: number,
): Promise<KeeperReply | null> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    const giveUp = () => {
      port1.close();
      resolve(null);
    };
    let timer = clock.setTimeout(giveUp, ackMs);
    port1.onmessage = (event: MessageEvent<KeeperReply | KeeperAck>) => {
      clock.clearTimeout(timer);
      if ('type' in event.data && event.data.type === 'ack') {
        timer = clock.setTimeout(giveUp, waitMs);
        return;
      }
      port1.close();
      resolve(event.data as KeeperReply);
    };
    try {
      worker.postMessage(job, [port2]);
    } catch {
      clock.clearTimeout(timer);
      resolve(null);
    }
  });
}
