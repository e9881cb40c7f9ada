// @ts-check
/**
 * The agent's calls: MAKE_CALL and the dialog actions from the REST API (validated first, an
 * ApiFailure for a synchronous 400), and the other party's side from the control surface (an
 * incoming call rings, the caller hangs up). Outbound and consult calls are answered by the far
 * end after CONNECT_MS. Each change pushes the dialog; `sync` then brings the agent along.
 */
import { ApiFailure, badRequest } from './api-errors.js';
import {
  ACTIONS,
  agentParticipant,
  allowedActions,
  connect,
  end,
  incomingDialog,
  merge,
  outboundDialog,
  setAgentState,
} from './dialogs.js';

/** @typedef {import('./agents.js').Agent} Agent */
/** @typedef {import('./dialogs.js').Dialog} Dialog */

/** How long the far end of an outbound or consult call takes to answer. */
export const CONNECT_MS = 300;

/**
 * Checks a number the agent dials: non-empty, digits, `*`, `#` and a leading `+`, not itself.
 * @param {string | undefined} number @param {string} own @param {string} field
 */
function checkNumber(number, own, field) {
  if (!number) throw badRequest('Parameter Missing', `${field} is required`, field);
  if (!/^\+?[0-9*#]{1,32}$/.test(number)) {
    throw badRequest('Invalid Input', `${number} is not a valid number to call.`, field);
  }
  if (number === own) {
    throw badRequest('Invalid Input', 'The agent cannot call its own extension.', field);
  }
}

/**
 * @param {Agent} a
 * @param {Dialog} d
 * @param {{ action?: string, target?: string, toAddress?: string, dtmf?: string }} request
 */
function checkAction(a, d, { action, target, toAddress, dtmf }) {
  if (!action) {
    throw badRequest('Parameter Missing', 'requestedAction is required', 'requestedAction');
  }
  if (!ACTIONS.includes(action)) {
    throw badRequest('Invalid Input', `${action} is not a dialog action.`, 'requestedAction');
  }
  if (!target) {
    throw badRequest('Parameter Missing', 'targetMediaAddress is required', 'targetMediaAddress');
  }
  if (target !== a.extension) {
    throw badRequest(
      'Invalid Input',
      `targetMediaAddress must be the agent's extension (${a.extension}).`,
      'targetMediaAddress',
    );
  }
  if (!allowedActions(d).includes(action)) {
    const state = agentParticipant(d).state;
    throw badRequest(
      'Invalid Action',
      `${action} is not allowed on dialog ${d.id} now (the agent's participant is ${state}).`,
      action,
    );
  }
  if (action === 'CONSULT_CALL' || action === 'TRANSFER_SST') {
    checkNumber(toAddress, a.extension, 'toAddress');
  }
  if (action === 'SEND_DTMF') {
    if (!dtmf) throw badRequest('Parameter Missing', 'dtmfString is required', 'dtmfString');
    if (!/^[0-9*#]{1,32}$/.test(dtmf)) {
      throw badRequest('Invalid Input', `${dtmf} is not a DTMF string.`, 'dtmfString');
    }
  }
}

/**
 * @param {{
 *   agent: (loginName: string) => Agent,
 *   dialogs: Map<string, Dialog>,
 *   updates: import('./updates.js').Updates,
 *   sync: (a: Agent, requestId?: string) => void,
 *   command: (a: Agent, requestId: string, what: string, apply: () => void) => void,
 *   later: (fn: () => void, ms: number) => void,
 *   log: (line: string) => void,
 * }} deps
 */
export function createCalls({ agent, dialogs, updates, sync, command, later, log }) {
  /** @param {Dialog} d @param {string} requestId */
  function finish(d, requestId) {
    end(d, Date.now());
    dialogs.delete(d.id);
    updates.dialog(d, 'DELETE', requestId);
  }

  /** Puts the agent's other active calls on hold (the phone does, to answer or retrieve). */
  function holdOthers(/** @type {Dialog} */ d, /** @type {string} */ requestId) {
    for (const other of dialogs.values()) {
      if (other !== d && other.owner === d.owner && agentParticipant(other).state === 'ACTIVE') {
        setAgentState(other, 'HELD');
        updates.dialog(other, 'PUT', requestId);
      }
    }
  }

  /** An outbound or consult call: the far end answers after CONNECT_MS. */
  function dial(/** @type {Dialog} */ d, /** @type {string} */ requestId) {
    dialogs.set(d.id, d);
    updates.dialog(d, 'POST', requestId);
    later(() => {
      if (d.ended) return;
      connect(d, Date.now());
      updates.dialog(d, 'PUT', '');
      sync(agent(d.owner));
    }, CONNECT_MS);
  }

  /**
   * `POST User/<id>/Dialogs` with MAKE_CALL.
   * @param {string} loginName
   * @param {{ action?: string, fromAddress?: string, toAddress?: string }} request
   * @param {string} requestId
   */
  function makeCall(loginName, { action, fromAddress, toAddress }, requestId) {
    const a = agent(loginName);
    if (!action) {
      throw badRequest('Parameter Missing', 'requestedAction is required', 'requestedAction');
    }
    if (action !== 'MAKE_CALL') {
      throw badRequest('Invalid Input', `${action} cannot create a dialog.`, 'requestedAction');
    }
    if (fromAddress && fromAddress !== a.extension) {
      const message = `fromAddress must be the agent's extension (${a.extension}).`;
      throw badRequest('Invalid Input', message, 'fromAddress');
    }
    checkNumber(toAddress, a.extension, 'toAddress');
    if (a.state === 'LOGOUT' || a.state === 'TALKING') {
      throw badRequest('Invalid State', `The agent cannot make a call while ${a.state}.`, 'state');
    }
    command(a, requestId, 'MAKE_CALL', () => {
      const to = String(toAddress);
      const d = outboundDialog({ owner: loginName, extension: a.extension, to, now: Date.now() });
      log(`[cti] ${loginName}: calling ${to} (dialog ${d.id})`);
      dial(d, requestId);
      sync(a, requestId);
    });
  }

  /**
   * `PUT Dialog/<id>`.
   * @param {string} loginName
   * @param {string} dialogId
   * @param {{ action?: string, target?: string, toAddress?: string, dtmf?: string }} request
   * @param {string} requestId
   */
  function dialogAction(loginName, dialogId, request, requestId) {
    const a = agent(loginName);
    const d = dialogs.get(dialogId);
    if (!d || d.owner !== loginName) {
      throw new ApiFailure(404, 'Not Found', `Dialog ${dialogId} was not found.`, dialogId);
    }
    checkAction(a, d, request);
    const action = String(request.action);
    command(a, requestId, `${action} on ${d.id}`, () => {
      apply(d, action, request, requestId);
      log(`[cti] ${loginName}: ${action} on dialog ${d.id}`);
      sync(a, requestId);
    });
  }

  /**
   * @param {Dialog} d @param {string} action
   * @param {{ toAddress?: string, dtmf?: string }} params @param {string} requestId
   */
  function apply(d, action, { toAddress = '', dtmf = '' }, requestId) {
    const now = Date.now();
    switch (action) {
      case 'ANSWER':
      case 'RETRIEVE':
        holdOthers(d, requestId);
        setAgentState(d, 'ACTIVE', now);
        updates.dialog(d, 'PUT', requestId);
        break;
      case 'HOLD':
        setAgentState(d, 'HELD', now);
        updates.dialog(d, 'PUT', requestId);
        break;
      case 'DROP':
      case 'TRANSFER_SST':
        finish(d, requestId);
        break;
      case 'CONSULT_CALL': {
        setAgentState(d, 'HELD', now);
        updates.dialog(d, 'PUT', requestId);
        const { extension } = agent(d.owner);
        const consult = outboundDialog({
          owner: d.owner,
          extension,
          to: toAddress,
          original: d,
          now,
        });
        dial(consult, requestId);
        break;
      }
      case 'TRANSFER':
        if (d.original) finish(d.original, requestId);
        finish(d, requestId);
        break;
      case 'CONFERENCE':
        if (d.original) {
          merge(d.original, d, now);
          updates.dialog(d.original, 'PUT', requestId);
        }
        finish(d, requestId);
        break;
      case 'SEND_DTMF':
        d.dtmfSent += dtmf;
        updates.dialog(d, 'PUT', requestId);
        break;
      default:
        throw new Error(`unhandled action ${action}`);
    }
  }

  /** @param {string} message @param {number} [status] */
  const simError = (message, status = 409) => Object.assign(new Error(message), { status });

  /**
   * Rings the agent with an incoming ACD call.
   * @param {string} loginName
   * @param {{ from: string, dnis: string, variables: Record<string, string> }} call
   */
  function ring(loginName, { from, dnis, variables }) {
    const a = agent(loginName);
    if (a.state === 'LOGOUT') throw simError(`${loginName} is logged out; no call can ring`);
    const { extension } = a;
    const d = incomingDialog({
      owner: loginName,
      extension,
      from,
      dnis,
      variables,
      now: Date.now(),
    });
    dialogs.set(d.id, d);
    log(`[cti] ${loginName}: incoming call from ${from} (dialog ${d.id})`);
    updates.dialog(d, 'POST', '');
    sync(a);
    return d;
  }

  /** The other party hangs up: the call ends for the agent (by default its oldest call). */
  function hangup(/** @type {string} */ loginName, /** @type {string | undefined} */ dialogId) {
    const a = agent(loginName);
    const d = dialogId
      ? dialogs.get(dialogId)
      : [...dialogs.values()].find((x) => x.owner === loginName);
    if (!d || d.owner !== loginName) {
      const what = dialogId ? `no live dialog ${dialogId}` : 'no call';
      throw simError(`${loginName} has ${what}`, 404);
    }
    log(`[cti] ${loginName}: the other party hung up dialog ${d.id}`);
    finish(d, '');
    sync(a);
    return d;
  }

  return { makeCall, dialogAction, ring, hangup };
}
