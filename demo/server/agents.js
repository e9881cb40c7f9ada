// @ts-check
/**
 * The agent state machine, as pure functions over an agent record (timers and notifications
 * live in cti.js):
 *
 *   LOGOUT --LOGIN(extension)--> NOT_READY <--> READY; any non-call state --> LOGOUT;
 *   a call: READY/NOT_READY --> RESERVED (ringing) --> TALKING --> HOLD (the only call held);
 *   after the last call: WORK (wrap-up) or NOT_READY; an unanswered call restores the state
 *   before it. A change requested during a call becomes `pendingState`, applied after it.
 */
import { badRequest } from './api-errors.js';
import { findListed } from './reason-codes.js';

/**
 * @typedef {{
 *   loginName: string, state: string, stateChangeTime: number, reasonCodeId: string,
 *   pendingState: string, pendingReasonCodeId: string, extension: string,
 *   inCall: boolean, answered: boolean, preCall: { state: string, reasonCodeId: string } | null,
 *   failNext: { type: string, message: string, data: string }[],
 * }} Agent
 * @typedef {{ kind: 'now' | 'pending', state: string, reasonCodeId: string, extension?: string }} StatePlan
 */

export const CALL_STATES = ['RESERVED', 'TALKING', 'HOLD'];
const REQUESTABLE = ['LOGIN', 'READY', 'NOT_READY', 'LOGOUT'];
const NONE = '-1';

/**
 * A new agent is signed in to the phone and NOT_READY (as the simulator always had it).
 * @param {string} loginName @param {string} extension @param {number} now
 * @returns {Agent}
 */
export function newAgent(loginName, extension, now) {
  return {
    loginName,
    state: 'NOT_READY',
    stateChangeTime: now,
    reasonCodeId: NONE,
    pendingState: '',
    pendingReasonCodeId: NONE,
    extension,
    inCall: false,
    answered: false,
    preCall: null,
    failNext: [],
  };
}

/**
 * Sets the state; the time changes when the state or its reason does.
 * @param {Agent} agent @param {string} state @param {string} reasonCodeId @param {number} now
 */
export function setState(agent, state, reasonCodeId, now) {
  if (agent.state !== state || agent.reasonCodeId !== reasonCodeId) agent.stateChangeTime = now;
  agent.state = state;
  agent.reasonCodeId = reasonCodeId;
}

/** @param {Agent} agent */
export function clearPending(agent) {
  agent.pendingState = '';
  agent.pendingReasonCodeId = NONE;
}

/** @param {string} from @param {string} to */
const invalidState = (from, to) =>
  badRequest('Invalid State', `Cannot change the agent from ${from} to ${to}.`, 'state');

/**
 * Validates a `PUT User` request against the current state; throws an ApiFailure or returns
 * what to do: now, or as the pending state after the call.
 * @param {Agent} agent
 * @param {{ state?: string, reasonCodeId?: string, extension?: string }} request
 * @param {{ requireReasons: boolean }} rules
 * @returns {StatePlan}
 */
export function planStateRequest(agent, { state, reasonCodeId, extension }, { requireReasons }) {
  if (!state) throw badRequest('Parameter Missing', 'state is required', 'state');
  if (!REQUESTABLE.includes(state)) {
    throw badRequest('Invalid Input', `${state} is not a state an agent can request.`, 'state');
  }
  if (state === 'LOGIN') {
    if (!extension) throw badRequest('Parameter Missing', 'extension is required', 'extension');
    if (!/^[0-9]{1,15}$/.test(extension)) {
      throw badRequest('Invalid Input', `${extension} is not a valid extension.`, 'extension');
    }
    if (agent.state !== 'LOGOUT') throw invalidState(agent.state, 'LOGIN');
    return { kind: 'now', state: 'NOT_READY', reasonCodeId: NONE, extension };
  }
  let reason = NONE;
  if (state === 'NOT_READY' || state === 'LOGOUT') {
    if (!reasonCodeId) {
      if (requireReasons) {
        throw badRequest('Parameter Missing', 'reasonCodeId is required', 'reasonCodeId');
      }
    } else if (!findListed(reasonCodeId, state)) {
      throw badRequest(
        'Invalid Input',
        `${reasonCodeId} is not a ${state} reason code.`,
        'reasonCodeId',
      );
    } else {
      reason = reasonCodeId;
    }
  }
  if (agent.state === 'LOGOUT') throw invalidState('LOGOUT', state);
  const kind = CALL_STATES.includes(agent.state) ? 'pending' : 'now';
  return { kind, state, reasonCodeId: reason };
}

/**
 * The agent state its calls imply, from the agent participant's state in each live dialog;
 * null when there are none.
 * @param {string[]} participantStates
 */
export function callState(participantStates) {
  if (participantStates.some((s) => s === 'ACTIVE' || s === 'INITIATING' || s === 'INITIATED')) {
    return 'TALKING';
  }
  if (participantStates.includes('HELD')) return 'HOLD';
  if (participantStates.includes('ALERTING')) return 'RESERVED';
  return null;
}

/**
 * Where the agent goes when its last call has ended. `wrap` means WORK with the wrap-up timer
 * (the pending state, if any, is kept for when wrap-up ends).
 * @param {Agent} agent @param {boolean} wrapUp
 * @returns {{ state: string, reasonCodeId: string, wrap: boolean }}
 */
export function afterCalls(agent, wrapUp) {
  const pending = agent.pendingState
    ? { state: agent.pendingState, reasonCodeId: agent.pendingReasonCodeId }
    : null;
  const notReady = { state: 'NOT_READY', reasonCodeId: NONE };
  if (pending?.state === 'LOGOUT') return { ...pending, wrap: false };
  if (!agent.answered) {
    const { preCall } = agent;
    const before = preCall && ['READY', 'NOT_READY'].includes(preCall.state) ? preCall : null;
    return { ...(pending ?? before ?? notReady), wrap: false };
  }
  if (wrapUp) return { state: 'WORK', reasonCodeId: NONE, wrap: true };
  return { ...(pending ?? notReady), wrap: false };
}

/**
 * Where wrap-up leaves to when its timer ends: the pending state, else NOT_READY.
 * @param {Agent} agent
 */
export function afterWrapUp(agent) {
  return agent.pendingState
    ? { state: agent.pendingState, reasonCodeId: agent.pendingReasonCodeId }
    : { state: 'NOT_READY', reasonCodeId: NONE };
}
