import type { FinesseErrorCode } from '../kernel/errors.ts';
import type { ConnectionProblem } from './connection-problem.ts';

export type { ConnectionProblem, ConnectionProblemCode } from './connection-problem.ts';

/** Public types shared by the core, the elements and integrators. No tokens in here except TokenAnswer. */

/** Session states, as in DESIGN.md "States". */
export type SessionState =
  'signed-out' | 'signing-in' | 'active' | 'refreshing' | 'offline' | 'needs-sign-in';

export type DeploymentMode = 'popup' | 'relay' | 'gadget';

export type StorageKind = 'indexeddb' | 'memory';

/** Who the pair belongs to (from the token answer). */
export interface SessionUser {
  userId: string;
  realm: string;
  userPrincipal: string;
}

/**
 * A validated token answer. Seconds as Finesse sends them; the session turns them into
 * absolute epoch-ms times when it stores the pair.
 */
export interface TokenAnswer {
  token: string;
  /** Absent when the server did not send one (keep the old one, or none). */
  refreshToken?: string;
  expiresIn: number;
  userId: string;
  realm: string;
  userPrincipal: string;
}

/** Detail of each public event. None of them carries a token. */
export interface SessionChangeDetail {
  state: SessionState;
  previous: SessionState;
  /**
   * The access token has run out but the session keeps the pair and keeps renewing it (with
   * `offline`: Finesse is not answering; nothing for the agent to do). Also fired when only
   * this flag changes.
   */
  expired?: boolean;
}
export interface TokenRefreshedDetail {
  expiresAt: number;
  byThisTab: boolean;
}
export interface SessionErrorDetail {
  code: FinesseErrorCode;
  message: string;
}
/**
 * Why a session was signed out when it was not the agent's choice: the idle timeout, or another
 * user signed in in this browser while the tab was bound to this one (`username` set).
 */
export type SignOutReason = 'idle-timeout' | 'user-changed';
export interface SignedOutDetail {
  byThisTab: boolean;
  /** Set when the agent did not ask for it. */
  reason?: SignOutReason;
}
/**
 * A tab without `username` follows the newest sign-in of the cluster: another user signed in
 * (in this tab or another), and this tab now shows them. User ids only, never a token.
 */
export interface UserChangedDetail {
  previousUserId: string;
  userId: string;
}
export interface StorageDegradedDetail {
  reason: string;
}
/** The idle timeout is near (`signOutAt`, epoch ms), or no longer near (`null`). */
export interface IdleWarningDetail {
  signOutAt: number | null;
}

/** The connection problems now (certificate, CSP, network); an empty list when all work again. */
export interface ConnectionProblemsDetail {
  problems: readonly ConnectionProblem[];
}

/** Map of the core's own events (names without the `finesse-` prefix the elements add). */
export interface SessionEventMap {
  'session-change': SessionChangeDetail;
  'token-refreshed': TokenRefreshedDetail;
  'session-error': SessionErrorDetail;
  'signed-out': SignedOutDetail;
  'user-changed': UserChangedDetail;
  'storage-degraded': StorageDegradedDetail;
  'idle-warning': IdleWarningDetail;
  'connection-problems': ConnectionProblemsDetail;
}
