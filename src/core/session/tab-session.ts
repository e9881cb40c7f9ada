/**
 * One agent's session as this tab holds it: what it was built with, the record it follows and
 * its copy, and what the tab is doing (signing in, refreshing, waiting on its timer). The
 * `SsoSession` owns it; each part of the session is handed it under a narrow type, a `Pick` of
 * the fields that part reads or writes, so no part sees the whole session.
 */
import type { Clock } from '../kernel/clock.ts';
import type { Emitter } from '../kernel/emitter.ts';
import type { FinesseError } from '../kernel/errors.ts';
import type { SessionRecord, SignOutReason } from './record.ts';
import type { SsoSessionOptions } from './session-options.ts';
import type { SessionStore } from './store.ts';
import type { SessionTiming } from './timing.ts';
import type { SessionEventMap, SessionState } from './types.ts';

export interface TabSession {
  readonly options: SsoSessionOptions;
  readonly clock: Clock;
  readonly timing: SessionTiming;
  readonly tabId: string;
  readonly ratio: number;
  readonly refreshLifetimeMs: number;
  readonly emitter: Emitter<SessionEventMap>;
  /** Settles once the store is open (set in the constructor). */
  ready: Promise<void>;
  /** Run at dispose, in order. */
  readonly cleanups: Array<() => void>;
  store: SessionStore | null;
  storageDegraded: string | undefined;
  /** The record this tab follows (its key), and this tab's copy of it. */
  key: string | null;
  record: SessionRecord | undefined;
  lastUser: string | null;
  currentState: SessionState;
  /** The access token is past its expiry while the pair is kept (shown with `offline`). */
  wasExpired: boolean;
  error: FinesseError | null;
  idleAt: number | null;
  disposed: boolean;
  signingInNow: boolean;
  /** Other tabs' "sign-in window open" notices: tab id → the wall-clock time they lapse. */
  readonly signingInElsewhere: Map<string, number>;
  refreshingHere: boolean;
  inflight: Promise<void> | null;
  timer: unknown;
  /** Wall and monotonic readings at the last look, to notice wall-clock jumps. */
  clockMark: { wall: number; mono: number } | null;
  /** A backward wall-clock jump seen but not yet applied to the record written before it. */
  pendingJump: { by: number; seen: SessionRecord | undefined } | null;
  malformed: number;
  /** The tail of the cross-tab notices being handled, one after another. */
  messages: Promise<void>;
  /**
   * The steps that parts lower in the import graph call back into (the session binds each to
   * its function): a direct import would close a loop between the files.
   */
  adopt(record: SessionRecord | undefined): void;
  reload(): Promise<void>;
  resolveKey(): Promise<void>;
  update(): void;
  check(trigger: string): Promise<void>;
  forget(record: SessionRecord, reason?: SignOutReason): Promise<void>;
}
