/**
 * What a refresh is asked and what it ends in, apart from the protocol that runs it
 * (`refresh-protocol.ts`): the session reads these in every tab, while the protocol itself is
 * a part loaded when the session starts (the assembly room passes its runner in).
 */
import type { Clock } from '../kernel/clock.ts';
import type { FinesseError } from '../kernel/errors.ts';
import type { LockManagerLike } from '../kernel/locks.ts';
import type { SessionRecord } from './record.ts';
import type { SessionStore } from './store.ts';
import type { SessionTiming } from './timing.ts';
import type { TokenSource } from './token-source.ts';

export interface RefreshDeps {
  store: SessionStore;
  locks: LockManagerLike;
  clock: Clock;
  source: TokenSource;
  tabId: string;
  ratio: number;
  timing: SessionTiming;
  /** How long a refresh token lives from its issue (Finesse does not say; see `refresh-lifetime`). */
  refreshLifetimeMs: number;
  /** Jitter source for the backoff, in [0, 1). */
  random?: () => number;
}

export interface RefreshRequest {
  /** The record this tab saw when it decided to refresh. */
  known: SessionRecord;
  /** A 401 came back for this token: refresh even if not due, unless the token already moved. */
  rejectedToken?: string;
  /** Retry once although the record asks for a sign-in, because the cause was the network. */
  retryTransport?: boolean;
  /**
   * Retry a transport failure now instead of at its backoff time (the network came back, the
   * page woke up, Finesse answered something), unless another tab tried since `known`.
   */
  retryNow?: boolean;
}

export type RefreshOutcome =
  /** This tab committed a new pair. */
  | { kind: 'refreshed'; record: SessionRecord }
  /** Nothing to do here: another tab refreshed, or it is not due, or the session ended. */
  | { kind: 'adopted'; record: SessionRecord | undefined }
  /** This tab tried and failed; the failure is recorded for every tab. */
  | { kind: 'failed'; record: SessionRecord | undefined; error: FinesseError }
  /** Another live tab holds the lock. */
  | { kind: 'busy'; record: SessionRecord | undefined };

/** A refresh outcome; `told` when the other tabs were already told about it. */
export type RunOutcome = RefreshOutcome & { told?: boolean };
/**
 * Runs a refresh for the session: in the page (`refreshUnderLock`) or through the refresh
 * keeper (core/keeper/), which the assembly room passes in.
 */
export type RefreshRunner = (deps: RefreshDeps, request: RefreshRequest) => Promise<RunOutcome>;

/**
 * What the other tabs are told after a refresh ended, or null when nothing changed for them
 * (adopted, busy). One place for the page and the refresh keeper.
 */
export function outcomeNotice(
  outcome: RefreshOutcome,
): 'refreshed' | 'needs-sign-in' | 'failure' | null {
  if (outcome.kind === 'refreshed') return 'refreshed';
  if (outcome.kind !== 'failed') return null;
  return outcome.record?.needsSignIn ? 'needs-sign-in' : 'failure';
}
