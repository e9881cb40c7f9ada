// @ts-check
/**
 * The contact centre behind the REST API and the control surface: the agents, their state
 * requests, wrap-up, the presence logout, and the calls (calls.js), all sharing one set of
 * dialogs and one outbox of notifications (updates.js). A command is validated first (an
 * ApiFailure is a synchronous 400), then applied, unless a failure was armed with `failNext`:
 * then it is not applied and an asynchronous `apiErrors` is pushed instead.
 */
import {
  afterCalls,
  afterWrapUp,
  CALL_STATES,
  callState,
  clearPending,
  newAgent,
  planStateRequest,
  setState,
} from './agents.js';
import { createCalls } from './calls.js';
import { agentParticipant, allowedActions } from './dialogs.js';
import { profileOf } from './directory.js';
import { userXml } from './finesse-xml.js';
import { PRESENCE_LOGOUT } from './reason-codes.js';
import { createUpdates } from './updates.js';

/** @typedef {import('./agents.js').Agent} Agent */
/** @typedef {import('./dialogs.js').Dialog} Dialog */
/**
 * @typedef {{ deployment: 'UCCX' | 'UCCE', requireReasons: boolean, wrapUp: boolean,
 *   wrapUpSeconds: number }} CtiConfig
 */

/**
 * @param {{
 *   config: () => CtiConfig,
 *   counters: Record<string, number>,
 *   log: (line: string) => void,
 *   publish: (loginName: string, node: string, xml: string) => void,
 * }} deps
 */
export function createCti({ config, counters, log, publish }) {
  /** @type {Map<string, Agent>} by login name (lower case) */
  const agents = new Map();
  /** @type {Map<string, Dialog>} live dialogs by id */
  const dialogs = new Map();
  /** @type {Map<string, NodeJS.Timeout>} wrap-up timers by login name */
  const wrapUps = new Map();
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();

  /** @param {string} loginName */
  const profile = (loginName) => profileOf(loginName, config().deployment);
  const updates = createUpdates({ profile, config, publish });

  /** The agent record, created on first use. @param {string} loginName lower case */
  function agent(loginName) {
    let a = agents.get(loginName);
    if (!a) {
      a = newAgent(loginName, profile(loginName).extension, Date.now());
      agents.set(loginName, a);
    }
    return a;
  }

  /** @param {Agent} a */
  const liveDialogs = (a) => [...dialogs.values()].filter((d) => d.owner === a.loginName);

  /** @param {() => void} fn @param {number} ms */
  function later(fn, ms) {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref();
    timers.add(t);
  }

  /** @param {Agent} a */
  function stopWrapUp(a) {
    clearTimeout(wrapUps.get(a.loginName));
    wrapUps.delete(a.loginName);
  }

  /** @param {Agent} a */
  function startWrapUp(a) {
    stopWrapUp(a);
    const t = setTimeout(() => {
      wrapUps.delete(a.loginName);
      if (a.state !== 'WORK') return;
      const next = afterWrapUp(a);
      clearPending(a);
      setState(a, next.state, next.reasonCodeId, Date.now());
      log(`[cti] ${a.loginName}: wrap-up ended -> ${a.state}`);
      updates.user(a, '');
    }, config().wrapUpSeconds * 1000);
    t.unref();
    wrapUps.set(a.loginName, t);
  }

  /** Brings the agent's state in line with its calls; pushes the User when it changed. */
  function sync(/** @type {Agent} */ a, requestId = '') {
    const derived = callState(liveDialogs(a).map((d) => agentParticipant(d).state));
    const now = Date.now();
    if (derived) {
      if (!a.inCall) {
        a.inCall = true;
        a.answered = false;
        a.preCall = { state: a.state, reasonCodeId: a.reasonCodeId };
        stopWrapUp(a);
      }
      if (derived !== 'RESERVED') a.answered = true;
      if (a.state !== derived) {
        setState(a, derived, '-1', now);
        updates.user(a, requestId);
      }
    } else if (a.inCall) {
      a.inCall = false;
      const next = afterCalls(a, config().wrapUp);
      if (!next.wrap) clearPending(a);
      setState(a, next.state, next.reasonCodeId, now);
      if (next.wrap) startWrapUp(a);
      updates.user(a, requestId);
    }
  }

  /**
   * Runs an accepted command, unless a failure is armed.
   * @param {Agent} a @param {string} requestId @param {string} what @param {() => void} apply
   */
  function command(a, requestId, what, apply) {
    const failure = a.failNext.shift();
    if (!failure) return apply();
    log(`[cti] ${a.loginName}: ${what} accepted, then failed on purpose (${failure.type})`);
    updates.error(a, failure, requestId);
  }

  const calls = createCalls({ agent, dialogs, updates, sync, command, later, log });

  /**
   * `PUT User`: LOGIN, READY, NOT_READY, LOGOUT.
   * @param {string} loginName
   * @param {{ state?: string, reasonCodeId?: string, extension?: string }} request
   * @param {string} requestId
   */
  function requestState(loginName, request, requestId) {
    const a = agent(loginName);
    const plan = planStateRequest(a, request, config());
    command(a, requestId, `state ${request.state}`, () => {
      if (plan.kind === 'pending') {
        a.pendingState = plan.state;
        a.pendingReasonCodeId = plan.reasonCodeId;
      } else {
        stopWrapUp(a);
        clearPending(a);
        if (plan.extension) a.extension = plan.extension;
        setState(a, plan.state, plan.reasonCodeId, Date.now());
      }
      log(`[cti] ${loginName}: ${a.state}${a.pendingState ? ` (pending ${a.pendingState})` : ''}`);
      updates.user(a, requestId);
    });
  }

  /**
   * Arms an async failure for the agent's next accepted command.
   * @param {string} loginName @param {{ type: string, message: string, data: string }} failure
   */
  function failNext(loginName, failure) {
    agent(loginName).failNext.push(failure);
  }

  /** Finesse's presence logout (reason 255); during a call it becomes the pending state. */
  function presenceLogout(/** @type {string} */ loginName) {
    const a = agents.get(loginName);
    if (!a || a.state === 'LOGOUT') return;
    counters.presenceLogouts += 1;
    if (CALL_STATES.includes(a.state)) {
      a.pendingState = 'LOGOUT';
      a.pendingReasonCodeId = PRESENCE_LOGOUT.id;
    } else {
      stopWrapUp(a);
      clearPending(a);
      setState(a, 'LOGOUT', PRESENCE_LOGOUT.id, Date.now());
    }
    log(`[cti] ${loginName}: presence gone past the grace period -> LOGOUT (255)`);
    updates.user(a, '');
  }

  /** The agent as the control surface shows it (JSON). @param {string} loginName */
  function describe(loginName) {
    const a = agent(loginName);
    return {
      user: loginName,
      loginId: profile(loginName).loginId,
      extension: a.extension,
      state: a.state,
      reasonCodeId: a.reasonCodeId,
      pendingState: a.pendingState,
      pendingReasonCodeId: a.pendingReasonCodeId,
      stateChangeTime: new Date(a.stateChangeTime).toISOString(),
      wrapUpRunning: wrapUps.has(loginName),
      failNextArmed: a.failNext.length,
      dialogs: liveDialogs(a).map((d) => ({
        id: d.id,
        state: d.state,
        callType: d.callType,
        fromAddress: d.fromAddress,
        toAddress: d.toAddress,
        associatedDialogId: d.original?.id ?? null,
        callVariables: { ...d.variables },
        dtmfSent: d.dtmfSent,
        participants: d.participants.map((p) => ({
          mediaAddress: p.mediaAddress,
          mediaAddressType: p.mediaAddressType,
          state: p.state,
          actions: p.isAgent ? allowedActions(d) : [],
        })),
      })),
    };
  }

  function reset() {
    for (const t of [...timers, ...wrapUps.values()]) clearTimeout(t);
    timers.clear();
    wrapUps.clear();
    agents.clear();
    dialogs.clear();
    updates.clear();
  }

  return {
    ...calls,
    requestState,
    failNext,
    presenceLogout,
    describe,
    reset,
    profile,
    userDocument: (/** @type {string} */ loginName) =>
      userXml(profile(loginName), agent(loginName), config()),
    dialogsOf: (/** @type {string} */ loginName) => liveDialogs(agent(loginName)),
    dialog: (/** @type {string} */ id) => dialogs.get(id),
    isLoggedOut: (/** @type {string} */ loginName) => agents.get(loginName)?.state === 'LOGOUT',
    knownUsers: () => [...agents.keys()],
  };
}

/** @typedef {ReturnType<typeof createCti>} Cti */
