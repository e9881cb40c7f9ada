// @ts-check
/**
 * Dialogs (calls) and their participants, and the actions the agent's participant may take in
 * each state: ALERTING → ANSWER; ACTIVE → HOLD, DROP, CONSULT_CALL, TRANSFER_SST, SEND_DTMF
 * (plus TRANSFER and CONFERENCE on an active consult call whose original call is held);
 * HELD → RETRIEVE, DROP; anything else → none. The dialog's own state stays ACTIVE while the
 * agent's participant is HELD, as in Finesse.
 */

/**
 * @typedef {{
 *   mediaAddress: string, mediaAddressType: string, state: string, isAgent: boolean,
 *   startTime: number, stateChangeTime: number,
 * }} Participant
 * @typedef {{
 *   id: string, owner: string, fromAddress: string, toAddress: string, state: string,
 *   callType: string, dnis: string, variables: Record<string, string>, dtmfSent: string,
 *   original: Dialog | null, participants: Participant[], ended: boolean,
 * }} Dialog
 */

export const ACTIONS = [
  'ANSWER',
  'HOLD',
  'RETRIEVE',
  'DROP',
  'CONSULT_CALL',
  'TRANSFER_SST',
  'TRANSFER',
  'CONFERENCE',
  'SEND_DTMF',
];

/** Dialog ids look like Finesse's (numbers) and are never reused, even across resets. */
let lastId = 16_777_216;

/** Four digits are an internal extension; anything else is outside. @param {string} number */
export const isInternal = (number) => /^[0-9]{4}$/.test(number);

/**
 * @param {string} mediaAddress @param {string} state @param {number} now @param {boolean} [isAgent]
 * @returns {Participant}
 */
function participant(mediaAddress, state, now, isAgent = false) {
  return {
    mediaAddress,
    mediaAddressType: isAgent || isInternal(mediaAddress) ? 'AGENT' : 'EXTERNAL',
    state,
    isAgent,
    startTime: now,
    stateChangeTime: now,
  };
}

/**
 * @param {{ owner: string, from: string, to: string, state: string, callType: string,
 *   dnis: string, variables?: Record<string, string>, original?: Dialog | null,
 *   participants: Participant[] }} init
 * @returns {Dialog}
 */
function dialog({
  owner,
  from,
  to,
  state,
  callType,
  dnis,
  variables = {},
  original = null,
  participants,
}) {
  return {
    id: String(++lastId),
    owner,
    fromAddress: from,
    toAddress: to,
    state,
    callType,
    dnis,
    variables: { ...variables },
    dtmfSent: '',
    original,
    participants,
    ended: false,
  };
}

/**
 * An incoming ACD call ringing at the agent's extension.
 * @param {{ owner: string, extension: string, from: string, dnis: string,
 *   variables: Record<string, string>, now: number }} init
 */
export function incomingDialog({ owner, extension, from, dnis, variables, now }) {
  return dialog({
    owner,
    from,
    to: extension,
    state: 'ALERTING',
    callType: 'ACD_IN',
    dnis,
    variables,
    participants: [participant(from, 'ACTIVE', now), participant(extension, 'ALERTING', now, true)],
  });
}

/**
 * A call the agent places (MAKE_CALL, or CONSULT_CALL with `original`): INITIATING until the
 * far end answers (`connect`).
 * @param {{ owner: string, extension: string, to: string, original?: Dialog, now: number }} init
 */
export function outboundDialog({ owner, extension, to, original, now }) {
  return dialog({
    owner,
    from: extension,
    to,
    state: 'INITIATING',
    callType: original ? 'CONSULT' : isInternal(to) ? 'AGENT_INSIDE' : 'OUT',
    dnis: to,
    original: original ?? null,
    participants: [participant(extension, 'INITIATING', now, true)],
  });
}

/** The agent's own participant. @param {Dialog} d */
export function agentParticipant(d) {
  const me = d.participants.find((p) => p.isAgent);
  if (!me) throw new Error(`dialog ${d.id} has no agent participant`);
  return me;
}

/** @param {Participant} p @param {string} state @param {number} now */
function setParticipant(p, state, now) {
  if (p.state !== state) p.stateChangeTime = now;
  p.state = state;
}

/** The agent's participant goes to `state` (ACTIVE also makes the dialog ACTIVE). */
export function setAgentState(
  /** @type {Dialog} */ d,
  /** @type {string} */ state,
  now = Date.now(),
) {
  setParticipant(agentParticipant(d), state, now);
  if (state === 'ACTIVE') d.state = 'ACTIVE';
}

/** The far end answers an outbound call. @param {Dialog} d @param {number} now */
export function connect(d, now) {
  d.state = 'ACTIVE';
  setParticipant(agentParticipant(d), 'ACTIVE', now);
  d.participants.push(participant(d.toAddress, 'ACTIVE', now));
}

/** The call is over for the agent: everything DROPPED. @param {Dialog} d @param {number} now */
export function end(d, now) {
  d.ended = true;
  d.state = 'DROPPED';
  for (const p of d.participants) setParticipant(p, 'DROPPED', now);
}

/**
 * CONFERENCE: the consult call's other parties join the original call, which becomes active.
 * @param {Dialog} original @param {Dialog} consult @param {number} now
 */
export function merge(original, consult, now) {
  for (const p of consult.participants) {
    if (!p.isAgent && p.state !== 'DROPPED') original.participants.push({ ...p });
  }
  setAgentState(original, 'ACTIVE', now);
}

/** A consult call whose original call is still held: it can be transferred or conferenced. */
export function consultReady(/** @type {Dialog} */ d) {
  const { original } = d;
  return Boolean(original && !original.ended && agentParticipant(original).state === 'HELD');
}

/**
 * What the agent may do on this dialog right now.
 * @param {Dialog} d
 * @returns {string[]}
 */
export function allowedActions(d) {
  if (d.ended) return [];
  switch (agentParticipant(d).state) {
    case 'ALERTING':
      return ['ANSWER'];
    case 'ACTIVE':
      return [
        'HOLD',
        'DROP',
        'CONSULT_CALL',
        'TRANSFER_SST',
        'SEND_DTMF',
        ...(consultReady(d) ? ['TRANSFER', 'CONFERENCE'] : []),
      ];
    case 'HELD':
      return ['RETRIEVE', 'DROP'];
    default:
      return [];
  }
}
