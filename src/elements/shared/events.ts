/**
 * Every element's DOM events, typed once: one map (merged into `HTMLElementEventMap`, so
 * listeners get a typed `detail`) and one `emit`. Both the first script and the agent part use
 * it, so it stays tiny: types, the list of core events and two one-line functions.
 */
import type { FinesseErrorCode } from '../../core/kernel/errors.ts';
import type { AgentState, DialogState } from '../../core/finesse/models.ts';
import type {
  SessionChangeDetail,
  SessionEventMap,
  SessionErrorDetail,
  SignedOutDetail,
  UserChangedDetail,
  StorageDegradedDetail,
  IdleWarningDetail,
  ConnectionProblemsDetail,
  TokenRefreshedDetail,
} from '../../core/session/types.ts';

/**
 * The DOM events of the elements. The session's are the core's events of the same name with
 * the `finesse-` prefix; all are dispatched on the element, bubbling and composed. No detail
 * ever holds a token.
 */
export interface FinesseEventMap {
  /** The session moved to another state (`{ state, previous }`). */
  'finesse-session-change': CustomEvent<SessionChangeDetail>;
  /** A new pair was stored, by this tab or another (`{ expiresAt, byThisTab }`). */
  'finesse-token-refreshed': CustomEvent<TokenRefreshedDetail>;
  /** Something failed that the agent or the host should know about (`{ code, message }`). */
  'finesse-session-error': CustomEvent<SessionErrorDetail>;
  /**
   * The pair was forgotten in every tab of this user (`{ byThisTab, reason? }`); `reason` is
   * `idle-timeout` or `user-changed` (another user signed in while this tab was bound to this one).
   */
  'finesse-signed-out': CustomEvent<SignedOutDetail>;
  /**
   * A tab without `username` now follows another user, who signed in in this or another tab
   * (`{ previousUserId, userId }`). The agent model was rebuilt for the new user.
   */
  'finesse-user-changed': CustomEvent<UserChangedDetail>;
  /** This tab keeps the pair in memory only and cannot share it (`{ reason }`). */
  'finesse-storage-degraded': CustomEvent<StorageDegradedDetail>;
  /** The idle timeout will sign every tab out at `signOutAt` (epoch ms); `null` when activity resumed. */
  'finesse-idle-warning': CustomEvent<IdleWarningDetail>;
  /** The connection problems changed (`{ problems }`: certificate, CSP, network; `[]` when all work). */
  'finesse-connection-problems': CustomEvent<ConnectionProblemsDetail>;
  /** `<finesse-sso-doctor>` ended a run of its checks (`{ summary: { pass, warn, fail } }`). */
  'finesse-doctor-complete': CustomEvent<DoctorCompleteDetail>;
  /** `<finesse-sso-doctor>` saved a support bundle (`{ fileName, bytes }`; never a token in it). */
  'finesse-doctor-bundle': CustomEvent<DoctorBundleDetail>;
  /** `<finesse-agent-state>`: the agent's state moved (`{ state, previous }`). */
  'finesse-agent-state-change': CustomEvent<AgentStateChangeDetail>;
  /** `<finesse-dialog-controls>`: a call appeared, changed state or left (`{ dialogId, state }`). */
  'finesse-dialog-change': CustomEvent<DialogChangeDetail>;
  /** Either agent element: a request failed or Finesse reported an error (`{ code, errorType, message }`). */
  'finesse-agent-error': CustomEvent<AgentErrorDetail>;
}

/** Detail of `finesse-doctor-complete`. */
export interface DoctorCompleteDetail {
  summary: { pass: number; warn: number; fail: number };
}

/** Detail of `finesse-doctor-bundle`. */
export interface DoctorBundleDetail {
  fileName: string;
  bytes: number;
}

/** `finesse-agent-state-change`: the agent's state moved (not fired for the first reading). */
export interface AgentStateChangeDetail {
  state: AgentState;
  previous: AgentState;
}

/**
 * `finesse-dialog-change`: a call appeared or changed state; a call that left the list is
 * reported once more with `DROPPED`.
 */
export interface DialogChangeDetail {
  dialogId: string;
  state: DialogState;
}

/**
 * `finesse-agent-error`: a request failed or Finesse reported an asynchronous CTI error.
 * `errorType` is Finesse's ErrorType for `api-error` ('' otherwise); `message` is the server's
 * ErrorMessage when it gave one, else the library's English text. Never a token.
 */
export interface AgentErrorDetail {
  code: FinesseErrorCode;
  errorType: string;
  message: string;
}

/** The events of `<finesse-agent-state>` and `<finesse-dialog-controls>` (kept for compatibility). */
export type AgentEventMap = Pick<
  FinesseEventMap,
  'finesse-agent-state-change' | 'finesse-dialog-change' | 'finesse-agent-error'
>;

declare global {
  // Merging makes `el.addEventListener('finesse-session-change', e => e.detail.state)` typed.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends FinesseEventMap {}
}

/** The core's event types, in the order the elements subscribe to them. */
export const SESSION_EVENT_TYPES = [
  'session-change',
  'token-refreshed',
  'session-error',
  'signed-out',
  'user-changed',
  'storage-degraded',
  'idle-warning',
  'connection-problems',
] as const satisfies readonly (keyof SessionEventMap)[];

/** The DOM event name for a core event: `session-change` → `finesse-session-change`. */
export type FinesseEventName<K extends keyof SessionEventMap> = `finesse-${K}`;

/** Dispatches a typed `finesse-*` event that bubbles and crosses shadow roots. */
export function emit<K extends keyof FinesseEventMap>(
  target: EventTarget,
  name: K,
  detail: FinesseEventMap[K]['detail'],
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** Re-dispatches a core event on `target` under its `finesse-*` name, with the same detail. */
export function forwardSessionEvent<K extends keyof SessionEventMap>(
  target: EventTarget,
  type: K,
  detail: SessionEventMap[K],
): boolean {
  const name: FinesseEventName<K> = `finesse-${type}`;
  return emit(target, name, detail);
}
