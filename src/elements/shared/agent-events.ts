import type { FinesseErrorCode } from '../../core/kernel/errors.ts';
import type { AgentState, DialogState } from '../../core/finesse/models.ts';

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

/** The DOM events of `<finesse-agent-state>` and `<finesse-dialog-controls>`, bubbling and composed. */
export interface AgentEventMap {
  'finesse-agent-state-change': CustomEvent<AgentStateChangeDetail>;
  'finesse-dialog-change': CustomEvent<DialogChangeDetail>;
  'finesse-agent-error': CustomEvent<AgentErrorDetail>;
}

declare global {
  // Merged like FinesseEventMap (src/elements/shared/events.ts), so listeners get a typed `detail`.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends AgentEventMap {}
}

/** Dispatches a typed agent event that bubbles and crosses shadow roots. */
export function emitAgentEvent<K extends keyof AgentEventMap>(
  target: EventTarget,
  name: K,
  detail: AgentEventMap[K]['detail'],
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
