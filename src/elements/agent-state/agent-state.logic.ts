import type { AgentSnapshot } from '../../core/finesse/agent-api.ts';
import type { AgentState, FinesseUser, ReasonCategory } from '../../core/finesse/models.ts';

/**
 * Which state changes make sense right now (pure; the template disables the rest). Finesse
 * refuses READY during a call but queues NOT_READY and LOGOUT as `pendingState`.
 */

/** States of a call in progress (or one about to ring). */
export const IN_CALL: ReadonlySet<string> = new Set<AgentState>([
  'TALKING',
  'HOLD',
  'RESERVED',
  'RESERVED_OUTBOUND',
  'RESERVED_OUTBOUND_PREVIEW',
]);

/** Labels of the model's `busy` set that are state requests (not calls, not reloads). */
const STATE_REQUESTS = ['state', 'login'];

/** A state request (READY, NOT_READY, LOGOUT, LOGIN) is in flight. */
export function stateBusy(snapshot: AgentSnapshot): boolean {
  return STATE_REQUESTS.some((label) => snapshot.busy.has(label));
}

export function canReady(user: FinesseUser, busy: boolean): boolean {
  return !busy && user.state !== 'READY' && user.state !== 'LOGOUT' && !IN_CALL.has(user.state);
}

/**
 * NOT_READY needs a reason when one is required; while already NOT_READY it only makes sense
 * with another reason (Finesse lets the agent change it).
 */
export function canNotReady(
  snapshot: AgentSnapshot,
  user: FinesseUser,
  chosen: string,
  busy: boolean,
): boolean {
  if (busy || user.state === 'LOGOUT') return false;
  if (user.state === 'NOT_READY') return chosen !== '' && chosen !== user.reasonCodeId;
  return chosen !== '' || !snapshot.reasonRequired.NOT_READY;
}

export function canLogout(
  snapshot: AgentSnapshot,
  user: FinesseUser,
  chosen: string,
  busy: boolean,
): boolean {
  if (busy || user.state === 'LOGOUT') return false;
  return chosen !== '' || !snapshot.reasonRequired.LOGOUT;
}

/** Whether a category's reason menu is worth showing (codes exist, or a reason is required). */
export function hasReasonMenu(snapshot: AgentSnapshot, category: ReasonCategory): boolean {
  return snapshot.reasonCodes[category].length > 0 || snapshot.reasonRequired[category];
}

/**
 * The label of the agent's current NOT_READY reason: looked up by id among the fetched
 * reason codes, else the one embedded in the User; '' when there is none.
 */
export function reasonLabel(snapshot: AgentSnapshot, user: FinesseUser): string {
  if (user.state !== 'NOT_READY' || !user.reasonCodeId || user.reasonCodeId === '-1') return '';
  const code = snapshot.reasonCodes.NOT_READY.find((reason) => reason.id === user.reasonCodeId);
  return code?.label ?? user.reasonCode?.label ?? '';
}

/** The problem with a typed extension, or null when it can be sent. */
export function extensionProblem(extension: string): 'missing' | 'invalid' | null {
  if (extension === '') return 'missing';
  return /^\d+$/.test(extension) ? null : 'invalid';
}
