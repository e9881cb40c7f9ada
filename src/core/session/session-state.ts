import type { FinesseErrorCode } from '../kernel/errors.ts';
import type { SessionRecord } from './record.ts';
import { dueAt, isLive, normaliseUserId } from './record.ts';
import type { SessionTiming } from './timing.ts';
import type { SessionState, TokenAnswer } from './types.ts';

/** What one tab knows besides the shared record. */
export interface TabView {
  record: SessionRecord | undefined;
  now: number;
  /** A sign-in window is open in this tab or (unexpired notice) in another. */
  signingIn: boolean;
  /** This tab is running the refresh protocol. */
  refreshingHere: boolean;
  /** "Sign-in window open" notices from other tabs expire at these times. */
  signingInUntil: Iterable<number>;
}

/** The DESIGN.md state of a tab, derived from the shared record and what the tab is doing. */
export function deriveState(view: TabView, timing: SessionTiming): SessionState {
  const { record, now } = view;
  if (!isLive(record)) return view.signingIn ? 'signing-in' : 'signed-out';
  if (record.needsSignIn) return view.signingIn ? 'signing-in' : 'needs-sign-in';
  const beating = !!record.heartbeat && now - record.heartbeat.at <= timing.staleHeartbeatMs;
  if (view.refreshingHere || beating) return 'refreshing';
  // A transport failure, or an access token that ran out with nothing refused (Finesse did not
  // answer in time, a tab woke up late): the session keeps trying; `expired` says which.
  if (record.failure || now >= record.expiresAt) return 'offline';
  return 'active';
}

/**
 * When the tab should look again: the refresh (or retry) falling due, another tab's heartbeat
 * going stale, expiry, a sign-in notice lapsing; never later than `maxTimerStepMs`, because
 * background tabs are throttled and laptops sleep, so each wake compares absolute times again.
 */
export function nextWakeAt(view: TabView, timing: SessionTiming): number {
  const { record, now } = view;
  const candidates = [now + timing.maxTimerStepMs];
  if (isLive(record)) {
    // While this tab's refresh runs, its completion reschedules; a due time in the past
    // would otherwise re-fire at once for as long as the request takes.
    if (!record.needsSignIn && !view.refreshingHere) candidates.push(Math.max(now, dueAt(record)));
    if (record.heartbeat) candidates.push(record.heartbeat.at + timing.staleHeartbeatMs + 1);
    // Expiry is a moment to look once, not a due time: at or past it, waking again at once
    // would spin (the state does not change by itself after expiry).
    if (record.expiresAt > now) candidates.push(record.expiresAt);
  }
  for (const until of view.signingInUntil) candidates.push(until);
  return Math.min(...candidates.filter((t) => t >= now));
}

/** The English message for a failure recorded in the shared record (the element translates by code). */
export const PROBLEM_MESSAGES: Partial<Record<FinesseErrorCode, string>> = {
  'refresh-rejected': 'The identity server refused to renew the sign-in. Sign in again.',
  'refresh-needs-interaction': 'The identity server needs you to sign in again.',
  'rotation-lost': 'A renewal was lost on the way back; the sign-in has to be renewed by hand.',
  'refresh-token-not-returned':
    'The last renewal came without a new refresh token, and the identity server then refused the previous one. Sign in again.',
  network: 'Finesse cannot be reached. The session keeps retrying.',
  timeout: 'Finesse did not answer in time. The session keeps retrying.',
  'server-error': 'Finesse answered with a server error. The session keeps retrying.',
  'out-of-service': 'Finesse is out of service (HTTP 503). The session keeps retrying.',
  'token-answer-invalid': 'Finesse answered the renewal with data that is not a token.',
};

/** The requested cc_username matches the answer's user id or the local part of its principal. */
export function sameUser(requested: string, answer: TokenAnswer): boolean {
  const wanted = normaliseUserId(requested);
  const principal = normaliseUserId(answer.userPrincipal.split('@')[0] ?? '');
  return wanted === normaliseUserId(answer.userId) || (principal !== '' && wanted === principal);
}
