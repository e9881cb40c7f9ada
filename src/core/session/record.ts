import type { FinesseErrorCode } from '../kernel/errors.ts';
import type { SessionUser, SignOutReason, TokenAnswer } from './types.ts';

/**
 * The shared record, one per agent per Finesse cluster, in IndexedDB. Every tab reads it; only
 * the tab holding the refresh lock rotates it, and only through compare-and-set on
 * (`sessionId`, `generation`). It is the single source of truth: channel messages only say
 * "re-read it", they never carry tokens.
 */
export interface SessionRecord {
  v: 1;
  key: string;
  cluster: string;
  userId: string;
  realm: string;
  userPrincipal: string;
  /** Random, new at each interactive sign-in. */
  sessionId: string;
  /** +1 at each accepted refresh. */
  generation: number;
  /** Absent in a sign-out tombstone. */
  token?: string;
  refreshToken?: string;
  /**
   * The last refresh answer had no `refresh_token`, so `refreshToken` is an earlier answer's.
   * `untried`: not yet sent since; a refusal of it is `refresh-token-not-returned` (the
   * server retired the token it did not hand back). `reused`: it has already worked again
   * once, so the server keeps it valid; a later refusal is an ordinary `refresh-rejected`.
   */
  refreshTokenKept?: 'untried' | 'reused';
  /** Epoch ms, computed by the tab that stored the pair. */
  issuedAt: number;
  refreshAt: number;
  expiresAt: number;
  /**
   * Epoch ms after which the refresh token is presumed dead. Finesse does not say how long a
   * refresh token lives, so this is the configured lifetime counted from the interactive
   * sign-in or the last rotation. Absent in records written before it existed.
   */
  refreshExpiresAt?: number;
  /** The tab that last stored the pair (an opaque tab id, not a secret). */
  storedBy: string;
  /** Set by the refresher while its request is in flight. */
  heartbeat?: { tabId: string; at: number };
  /** The last refresh failed for transport reasons; the pair is kept. */
  failure?: {
    code: FinesseErrorCode;
    attempts: number;
    retryAt: number;
    /** When it failed (absent in older records): early retries keep a minimum gap from it. */
    at?: number;
    /** The request may have reached the server, which may have rotated the pair. */
    outcomeUnknown: boolean;
  };
  /** The pair was refused or needs interaction: every tab shows the banner. */
  needsSignIn?: { code: FinesseErrorCode; at: number };
  /**
   * The generation whose pair answered 401 right after it was minted (a refresh or a retry
   * did not cure the 401): its 401s are not about expiry, so they cause no more refreshes.
   */
  unauthorizedProof?: number;
  /** Tombstone: this session was signed out; nothing may bring it back. */
  signedOut?: { at: number; by: string; reason?: SignOutReason };
}

export type { SignOutReason } from './types.ts';

/** The identity part of a record, for compare-and-set. */
export interface RecordVersion {
  sessionId: string;
  generation: number;
}

export const normaliseUserId = (userId: string) => userId.trim().toLowerCase();

export const recordKey = (cluster: string, userId: string) =>
  `${cluster}|${normaliseUserId(userId)}`;

/** A live record has a pair and is not a tombstone. */
export function isLive(record: SessionRecord | undefined | null): record is SessionRecord & {
  token: string;
} {
  return !!record && !record.signedOut && typeof record.token === 'string';
}

export function userOf(record: SessionRecord): SessionUser {
  return { userId: record.userId, realm: record.realm, userPrincipal: record.userPrincipal };
}

/**
 * How long before expiry a pair that cannot be refreshed (Genesys Cloud in a browser) asks the
 * agent to sign in again: long enough to finish a call, never more than the last quarter.
 */
export const SIGN_IN_AGAIN_LEAD_MS = 10 * 60_000;

/**
 * Absolute times for a new pair; `ratio` of the lifetime until the refresh is due, or, when
 * the source cannot refresh, the banner's start: the last 10 minutes (at most the last quarter).
 */
export function timesFor(answer: TokenAnswer, now: number, ratio: number, canRefresh = true) {
  const lifetime = answer.expiresIn * 1000;
  const refreshAfter = canRefresh
    ? Math.round(lifetime * ratio)
    : lifetime - Math.min(SIGN_IN_AGAIN_LEAD_MS, Math.round(lifetime * (1 - ratio)));
  return {
    issuedAt: now,
    refreshAt: now + refreshAfter,
    expiresAt: now + lifetime,
  };
}

/** The IdS default refresh-token lifetime (the seed's IdS log: 36 000 s). */
export const DEFAULT_REFRESH_LIFETIME_MS = 10 * 60 * 60_000;

/** When the refresh token is presumed dead (older records: counted from the last rotation). */
export function refreshTokenEnd(record: SessionRecord, lifetimeMs: number): number {
  return record.refreshExpiresAt ?? record.issuedAt + lifetimeMs;
}

/**
 * The record with every absolute time moved by `by` ms: what a tab writes after it saw the
 * machine's wall clock jump, so that deadlines written before the jump mean the same instants
 * on the new clock. Every tab reads the one machine clock, so one rewrite serves them all.
 */
export function shiftTimes(record: SessionRecord, by: number): SessionRecord {
  const shifted: SessionRecord = {
    ...record,
    issuedAt: record.issuedAt + by,
    refreshAt: record.refreshAt + by,
    expiresAt: record.expiresAt + by,
  };
  if (record.refreshExpiresAt !== undefined)
    shifted.refreshExpiresAt = record.refreshExpiresAt + by;
  if (record.heartbeat) shifted.heartbeat = { ...record.heartbeat, at: record.heartbeat.at + by };
  if (record.failure) {
    const { at, retryAt } = record.failure;
    shifted.failure = { ...record.failure, retryAt: retryAt + by };
    if (at !== undefined) shifted.failure.at = at + by;
  }
  if (record.needsSignIn) {
    shifted.needsSignIn = { ...record.needsSignIn, at: record.needsSignIn.at + by };
  }
  return shifted;
}

/** When this tab should next try to refresh the record (a pending retry wins over refreshAt). */
export function dueAt(record: SessionRecord): number {
  return record.failure ? record.failure.retryAt : record.refreshAt;
}

export const sameVersion = (record: SessionRecord | undefined, version: RecordVersion) =>
  !!record && record.sessionId === version.sessionId && record.generation === version.generation;

/** The record of a new interactive sign-in: a new session, generation 0. */
export function newSessionRecord(
  answer: TokenAnswer,
  at: {
    cluster: string;
    sessionId: string;
    now: number;
    ratio: number;
    tabId: string;
    canRefresh?: boolean;
    refreshLifetimeMs?: number;
  },
): SessionRecord {
  return {
    v: 1,
    key: recordKey(at.cluster, answer.userId),
    cluster: at.cluster,
    userId: normaliseUserId(answer.userId),
    realm: answer.realm,
    userPrincipal: answer.userPrincipal,
    sessionId: at.sessionId,
    generation: 0,
    token: answer.token,
    refreshToken: answer.refreshToken,
    ...timesFor(answer, at.now, at.ratio, at.canRefresh),
    refreshExpiresAt: at.now + (at.refreshLifetimeMs ?? DEFAULT_REFRESH_LIFETIME_MS),
    storedBy: at.tabId,
  };
}
