/**
 * Snapshot helpers of the agent model: the empty snapshot, freezing, the reason rule and the
 * errors of command inputs (raised before any request is sent).
 */
import { FinesseError } from '../kernel/errors.ts';
import type { AgentSnapshot, InputProblem } from './agent-api.ts';
import { applyDialog, applyDialogs, visibleDialogs } from './dialog-list.ts';
import type { ApiError, FinesseUpdate, ReasonCategory, ReasonCode } from './models.ts';

/** The snapshot of a model that has nothing loaded (before start, after sign-out). */
export function emptySnapshot(): AgentSnapshot {
  return freezeSnapshot({
    user: null,
    dialogs: [],
    reasonCodes: { NOT_READY: [], LOGOUT: [] },
    reasonRequired: { NOT_READY: false, LOGOUT: false },
    notifications: 'stopped',
    notificationProblem: null,
    node: 'primary',
    lastError: null,
    busy: new Set(),
  });
}

/** Freezes a value and everything reachable from it (plain objects and arrays only). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Freezes the snapshot and its models. `busy` is a fresh Set per snapshot typed ReadonlySet;
 * `lastError` is an Error and stays as it is.
 */
export function freezeSnapshot(snapshot: AgentSnapshot): AgentSnapshot {
  deepFreeze(snapshot.user);
  deepFreeze(snapshot.dialogs);
  deepFreeze(snapshot.reasonCodes);
  deepFreeze(snapshot.reasonRequired);
  return Object.freeze(snapshot);
}

/** A reason is required when the server has codes for the category, or said so. */
export function reasonRule(
  codes: Record<ReasonCategory, ReasonCode[]>,
  serverSaid: Record<ReasonCategory, boolean>,
): Record<ReasonCategory, boolean> {
  return {
    NOT_READY: serverSaid.NOT_READY || codes.NOT_READY.length > 0,
    LOGOUT: serverSaid.LOGOUT || codes.LOGOUT.length > 0,
  };
}

/** True for Finesse's answer to a state change without a required reason code. */
export function saysParameterMissing(error: FinesseError): boolean {
  return /parameter\s*missing/i.test(`${error.details.errorType ?? ''} ${error.message}`);
}

const INPUT_MESSAGES: Record<InputProblem, string> = {
  'reason-required': 'Choose a reason first.',
  'empty-number': 'Enter a number to call.',
  'invalid-number': 'A number may hold digits, * and #, a leading +, and at most 32 characters.',
  'self-call': 'That is your own extension.',
  'invalid-dtmf': 'Tones may be 1 to 32 of the digits 0-9, * and #.',
};

/**
 * An input problem as a FinesseError: code `api-error`, `details.errorType` the problem (so
 * the UI can translate it), no status because nothing was sent.
 */
export function inputError(problem: InputProblem): FinesseError {
  return new FinesseError('api-error', INPUT_MESSAGES[problem], {
    details: { errorType: problem },
  });
}

/** Whatever was thrown, as a FinesseError (an unexpected bug becomes `api-error`). */
export function asFinesseError(error: unknown): FinesseError {
  if (error instanceof FinesseError) return error;
  return new FinesseError('api-error', 'The request to Finesse failed unexpectedly.', {
    cause: error,
  });
}

/**
 * What a User, Dialog or dialogs update changes in the snapshot, or null when it does not
 * concern this agent (a User update for another loginId) or carries nothing to apply.
 */
export function patchFor(
  snapshot: AgentSnapshot,
  update: FinesseUpdate,
  loginId: string,
): Partial<AgentSnapshot> | null {
  const extension = snapshot.user?.extension ?? '';
  switch (update.kind) {
    case 'user': {
      const other = update.user.loginId.toLowerCase();
      if (other && loginId && other !== loginId.toLowerCase()) return null;
      return {
        user: update.user,
        dialogs: visibleDialogs(snapshot.dialogs, update.user.extension),
      };
    }
    case 'dialog':
      return { dialogs: applyDialog(snapshot.dialogs, update.event, update.dialog, extension) };
    case 'dialogs':
      return { dialogs: applyDialogs(snapshot.dialogs, update.event, update.dialogs, extension) };
    default:
      return null;
  }
}

/** An async CTI failure (apiErrors in an update) as `api-error` with the server's words. */
export function asyncApiError(errors: readonly ApiError[]): FinesseError | null {
  const first = errors[0];
  if (!first) return null;
  const { errorType, errorMessage } = first;
  const message = errorMessage
    ? `${errorType}: ${errorMessage}`
    : errorType || 'Finesse could not carry out the request.';
  return new FinesseError('api-error', message, { details: { errorType, errorMessage } });
}
