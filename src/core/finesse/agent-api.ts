import type { FinesseError } from '../kernel/errors.ts';
import type { NotificationProblem, NotificationStatus } from '../notifications/types.ts';
import type { Dialog, DialogAction, FinesseUser, ReasonCategory, ReasonCode } from './models.ts';

/** Everything the agent-state and dialog-control elements render. Immutable: replaced on change. */
export interface AgentSnapshot {
  /** Null until the first User read succeeds. */
  user: FinesseUser | null;
  /** The agent's calls (not dropped), in arrival order. */
  dialogs: Dialog[];
  reasonCodes: Record<ReasonCategory, ReasonCode[]>;
  /**
   * A reason must be chosen for this category: the server has reason codes for it, or it
   * answered a request without one with "Parameter Missing".
   */
  reasonRequired: Record<ReasonCategory, boolean>;
  /** How updates arrive: `polling` means no XMPP presence (Finesse may log the phone out). */
  notifications: NotificationStatus;
  /**
   * Why live notifications fail, when the server said so: `sasl-mechanism-unavailable` (set
   * `xmpp-sasl` to one it offers) or `sasl-refused` (check `xmpp-password`, `xmpp-sasl`).
   * Null when live or unknown; optional for snapshots built by hosts' own fakes.
   */
  notificationProblem?: NotificationProblem | null;
  /** The Finesse node in use: `primary` or `secondary` (after a 503 moved it). */
  node: 'primary' | 'secondary';
  /** The last error of a request or an async CTI failure, cleared by the next success. */
  lastError: FinesseError | null;
  /** Requests in flight, by a short label (`state`, `make-call`, `<dialogId>:<action>`). */
  busy: ReadonlySet<string>;
}

export interface DialogActionParams {
  /** CONSULT_CALL, TRANSFER_SST: the number to call. */
  toAddress?: string;
  /** SEND_DTMF: digits, `*` and `#`. */
  dtmf?: string;
}

/**
 * The agent's live model: REST reads and commands through the session, kept current by
 * notifications. The child elements render `snapshot`; hosts can build their own UI on it.
 * Commands resolve when Finesse accepted the request (200 or 202); the outcome arrives as an
 * update. They reject with a FinesseError (`api-error` carries Finesse's type and message)
 * and also set `snapshot.lastError`.
 */
export interface AgentApi {
  readonly snapshot: AgentSnapshot;
  /** Called after every snapshot change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: AgentSnapshot) => void): () => void;
  /** The clock for live durations (time in state, call duration), epoch ms. */
  now(): number;
  setState(state: 'READY' | 'NOT_READY' | 'LOGOUT', reasonCodeId?: string): Promise<void>;
  /** Signs the agent in to the phone (LOGIN with an extension). */
  loginPhone(extension: string): Promise<void>;
  makeCall(toAddress: string): Promise<void>;
  dialogAction(dialogId: string, action: DialogAction, params?: DialogActionParams): Promise<void>;
  /** Re-reads the user and dialogs (also what polling does). */
  reload(): Promise<void>;
  clearError(): void;
}

/** Errors of the command inputs, raised before any request is sent. */
export type InputProblem =
  'empty-number' | 'invalid-number' | 'self-call' | 'invalid-dtmf' | 'reason-required';
export type { FinesseError };
