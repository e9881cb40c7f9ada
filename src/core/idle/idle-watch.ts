import type { Clock } from '../kernel/clock.ts';
import type { LifecycleTargets } from '../kernel/lifecycle.ts';
import { watchLifecycle } from '../kernel/lifecycle.ts';
import type { KeyValue } from '../session/store.ts';
import type { ChannelLike } from '../kernel/tab-channel.ts';
import { listenChecked } from '../kernel/checked-listener.ts';
import { isFiniteNumber, isRecord, isShortString } from '../kernel/malformed.ts';

/** HIPAA's idle timeout as Genesys Cloud enforces it: 15 minutes. */
export const DEFAULT_IDLE_TIMEOUT_MS = 15 * 60_000;
/** Agent input that counts as activity (listened for in the capture phase, passively). */
export const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** What an idle watch tells the other tabs: "someone was active at `at`". Never a token. */
export interface IdleActivityMessage {
  type: 'idle-activity';
  key: string;
  at: number;
}

export interface IdleWatchOptions {
  /** Idle time (ms) after which every tab signs out; 0 disables the watch. */
  timeoutMs: number;
  /** How long before the sign-out the warning shows. Default 60 s (at most `timeoutMs`). */
  warningMs?: number;
  clock: Clock;
  /** The shared store (IndexedDB in a browser): the last activity of all tabs lives there. */
  store: Pick<KeyValue, 'get' | 'update'>;
  /** Store key of the last activity: one per session (e.g. per cluster or realm). */
  key?: string;
  /** Tells other tabs of activity at once, so their warning clears without waiting. */
  channel?: ChannelLike;
  /** Where agent input is heard. Default `document` when there is one. */
  activityTarget?: EventTarget;
  /** Where "the page woke up" is heard (sleep, throttled background tabs). */
  lifecycle?: LifecycleTargets;
  /**
   * Shortest gap between two writes of agent input to the store. Default 15 s, and at most
   * half of `timeoutMs - warningMs` (short timeouts write more often).
   */
  writeEveryMs?: number;
  /** The warning starts: sign-out in `remainingMs`, at `signOutAt` (epoch ms). */
  onWarning(remainingMs: number, signOutAt: number): void;
  /** The warning (or an expiry) no longer applies: someone in some tab was active. */
  onActive(): void;
  /** The idle time passed: fires once per idle period, in every tab that runs a watch. */
  onExpired(): void;
}

type Phase = 'active' | 'warning' | 'expired';

/** A listener's exception must not stop the watch (nor reach the caller of noteActivity). */
function safely(callback: () => void): void {
  try {
    callback();
  } catch {
    // the integrator's callback failed; the watch keeps its state and timers
  }
}

/** How far in the future another tab's activity may lie (tabs share one clock; a little slack). */
export const MAX_ACTIVITY_AHEAD_MS = 1_000;

/**
 * A well-formed {@link IdleActivityMessage}: a key, and an activity time that is a finite
 * number no later than now (plus a little slack). A time far in the future would keep every
 * tab signed in for ever, past the idle timeout the organisation set.
 */
export const isActivityMessage = (value: unknown, now: number): value is IdleActivityMessage =>
  isRecord(value) &&
  value.type === 'idle-activity' &&
  isShortString(value.key) &&
  isFiniteNumber(value.at) &&
  value.at <= now + MAX_ACTIVITY_AHEAD_MS;

/**
 * The idle timeout, counted across all tabs from agent input and API use. The last activity
 * (epoch ms) is shared through the store (only ever moved forward: the max wins) and announced
 * on the channel. Each tab schedules its warning and expiry against that absolute time and
 * re-reads the store before acting, so a tab that missed a notice, slept or was throttled in
 * the background never signs everyone out on stale knowledge; it also re-checks on wake.
 *
 * Agent input is written at most once per `writeEveryMs` (the first input of a quiet spell at
 * once, later ones at the end of the window), so the store lags real activity by at most that
 * much: a tab closed inside the window loses at most that much activity.
 */
export class IdleWatch {
  private readonly options: IdleWatchOptions;
  private readonly key: string;
  private readonly warningMs: number;
  private readonly writeEveryMs: number;
  /** Latest activity this tab knows of (its own or another tab's). */
  private last = 0;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private unwritten = false;
  private phase: Phase = 'active';
  private warnedFor = 0;
  private timer: unknown = null;
  private writeTimer: unknown = null;
  private started = false;
  private disposed = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(options: IdleWatchOptions) {
    const { timeoutMs } = options;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
      throw new RangeError('timeoutMs must be a number of milliseconds, 0 or more.');
    }
    const warningMs = options.warningMs ?? 60_000;
    if (!Number.isFinite(warningMs) || warningMs < 0) {
      throw new RangeError('warningMs must be a number of milliseconds, 0 or more.');
    }
    this.options = options;
    this.key = options.key ?? 'idle:last-activity';
    this.warningMs = Math.min(warningMs, timeoutMs);
    // A throttled write must land before any other tab's warning: input is written at most
    // two windows after it happened, so two windows must fit before the warning starts.
    this.writeEveryMs = Math.min(options.writeEveryMs ?? 15_000, (timeoutMs - this.warningMs) / 2);
  }

  /** Whether the watch does anything (a timeout of 0 disables it). */
  get enabled(): boolean {
    return this.options.timeoutMs > 0;
  }

  /** When everyone signs out unless someone is active (epoch ms); null before start. */
  get signOutAt(): number | null {
    return this.started && this.enabled ? this.last + this.options.timeoutMs : null;
  }

  /**
   * Reads the shared last activity (a first tab records "now") and starts listening. A stored
   * time that is already too old expires at once: a tab restored the next morning must not
   * revive an idle session. Starting is not activity; input and API use are.
   */
  async start(): Promise<void> {
    if (!this.enabled || this.started || this.disposed) return;
    this.started = true;
    this.listen();
    const stored = await this.read();
    if (this.disposed) return;
    if (stored === undefined) {
      this.last = Math.max(this.last, this.options.clock.now());
      await this.write();
    } else {
      this.last = Math.max(this.last, stored);
    }
    this.evaluate();
  }

  /** Activity: agent input (heard by the watch itself) or API use (the session calls this). */
  noteActivity(): void {
    if (!this.enabled || this.disposed) return;
    const now = this.options.clock.now();
    if (now <= this.last) return;
    const wasIdle = this.phase !== 'active';
    this.last = now;
    this.unwritten = true;
    // Leaving a warning must reach the other tabs at once; otherwise throttle the writes.
    if (wasIdle || now - this.lastWriteAt >= this.writeEveryMs) {
      void this.write();
    } else if (this.writeTimer === null) {
      const wait = this.lastWriteAt + this.writeEveryMs - now;
      this.writeTimer = this.options.clock.setTimeout(() => {
        this.writeTimer = null;
        void this.write();
      }, wait);
    }
    if (this.started) this.evaluate();
  }

  /** Stops listening and scheduling; a pending throttled write is flushed first. */
  dispose(): void {
    if (this.disposed) return;
    if (this.unwritten && this.started) void this.write();
    this.disposed = true;
    this.clear('timer');
    this.clear('writeTimer');
    this.cleanups.splice(0).forEach((cleanup) => cleanup());
  }

  private listen(): void {
    const { activityTarget, channel, lifecycle } = this.options;
    const target = activityTarget ?? (typeof document === 'undefined' ? undefined : document);
    const onInput = () => this.noteActivity();
    for (const type of ACTIVITY_EVENTS) {
      target?.addEventListener(type, onInput, { capture: true, passive: true });
      this.cleanups.push(() => target?.removeEventListener(type, onInput, { capture: true }));
    }
    if (channel) {
      this.cleanups.push(
        listenChecked(channel, {
          accept: (data) => isActivityMessage(data, this.options.clock.now()),
          kind: 'idle',
          onMessage: (message) => {
            if (message.key !== this.key) return; // another session's watch: not ours, not malformed
            if (message.at > this.last) {
              this.last = message.at;
              this.evaluate();
            }
          },
        }),
      );
    }
    const targets =
      lifecycle ?? (typeof window === 'undefined' ? {} : { window, document: globalThis.document });
    this.cleanups.push(
      watchLifecycle(
        targets,
        () => void this.check(),
        () => {
          if (this.unwritten) void this.write();
        },
      ),
    );
  }

  private async read(): Promise<number | undefined> {
    try {
      const value = await this.options.store.get<number>(this.key);
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    } catch {
      return undefined; // storage gone: this tab's own knowledge still counts
    }
  }

  /** Moves the shared time forward to ours (never back) and tells the other tabs. */
  private async write(): Promise<void> {
    this.clear('writeTimer');
    const at = this.last;
    this.unwritten = false;
    this.lastWriteAt = this.options.clock.now();
    try {
      await this.options.store.update<number>(this.key, (old) =>
        typeof old === 'number' && old > at ? old : at,
      );
    } catch {
      // storage gone: the notice below still reaches the open tabs
    }
    const message: IdleActivityMessage = { type: 'idle-activity', key: this.key, at };
    try {
      this.options.channel?.postMessage(message);
    } catch {
      // a closed channel: the other tabs re-read the store before they act
    }
  }

  /** Re-reads the store (another tab may have been active) and then decides. */
  private async check(): Promise<void> {
    if (!this.started || this.disposed) return;
    const stored = await this.read();
    if (this.disposed) return;
    if (stored !== undefined && stored > this.last) this.last = stored;
    this.evaluate();
  }

  /** Moves between active, warning and expired from absolute times, and sets the next timer. */
  private evaluate(): void {
    if (this.disposed) return;
    this.clear('timer');
    const { clock, timeoutMs } = this.options;
    const now = clock.now();
    const signOutAt = this.last + timeoutMs;
    const warnAt = signOutAt - this.warningMs;
    if (now >= signOutAt) {
      if (this.phase !== 'expired') {
        this.phase = 'expired';
        safely(() => this.options.onExpired());
      }
      return; // nothing to wait for until someone is active again
    }
    if (now >= warnAt) {
      if (this.phase !== 'warning' || this.warnedFor !== signOutAt) {
        this.phase = 'warning';
        this.warnedFor = signOutAt;
        safely(() => this.options.onWarning(signOutAt - now, signOutAt));
      }
      this.schedule(signOutAt - now);
      return;
    }
    if (this.phase !== 'active') {
      this.phase = 'active';
      safely(() => this.options.onActive());
    }
    this.schedule(warnAt - now);
  }

  private schedule(ms: number): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      void this.check();
    }, ms);
  }

  private clear(which: 'timer' | 'writeTimer'): void {
    if (this[which] !== null) this.options.clock.clearTimeout(this[which]);
    this[which] = null;
  }
}
