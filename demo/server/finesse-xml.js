// @ts-check
/**
 * The Finesse documents the simulator writes: `User`, `Dialog`, `Dialogs`, `SystemInfo` and
 * the `Update` a notification carries. Every value is escaped; times are Finesse's
 * `YYYY-MM-DDThh:mm:ss.SSSZ`. Element names follow real Finesse where it differs from a
 * lower-case guess: `ReasonCode` inside User, `DNIS` and `callvariables/CallVariable` in
 * `mediaProperties`.
 */
import { allowedActions } from './dialogs.js';
import { findAny, reasonCodeXml } from './reason-codes.js';
import { el } from './xml.js';

/** @typedef {import('./agents.js').Agent} Agent */
/** @typedef {import('./directory.js').Profile} Profile */
/** @typedef {import('./dialogs.js').Dialog} Dialog */

/** @param {number} ms */
export const finesseTime = (ms) => new Date(ms).toISOString();

/** @param {string} loginId */
export const userUri = (loginId) => `/finesse/api/User/${loginId}`;

/** @param {string} id */
export const dialogUri = (id) => `/finesse/api/Dialog/${id}`;

const CALL_VARIABLES = Array.from({ length: 10 }, (_, i) => `callVariable${i + 1}`);

/**
 * @param {Profile} profile @param {Agent} agent @param {{ wrapUp: boolean }} options
 */
export function userXml(profile, agent, { wrapUp }) {
  const uri = userUri(profile.loginId);
  const reason = agent.reasonCodeId === '-1' ? undefined : findAny(agent.reasonCodeId);
  return [
    '<User>',
    el('uri', uri),
    el('loginId', profile.loginId),
    el('loginName', profile.loginName),
    el('firstName', profile.firstName),
    el('lastName', profile.lastName),
    el('extension', agent.extension),
    el('mediaType', 1),
    el('state', agent.state),
    el('stateChangeTime', finesseTime(agent.stateChangeTime)),
    el('pendingState', agent.pendingState),
    el('reasonCodeId', agent.reasonCodeId),
    reason ? reasonCodeXml(reason, true) : '',
    `<roles>${profile.roles.map((r) => el('role', r)).join('')}</roles>`,
    `<settings>${el('wrapUpOnIncoming', wrapUp ? 'REQUIRED' : 'NOT_ALLOWED')}</settings>`,
    el('teamId', profile.teamId),
    el('teamName', profile.teamName),
    el('dialogs', `${uri}/Dialogs`),
    '</User>',
  ].join('');
}

/** @param {Dialog} d */
export function dialogXml(d) {
  const variables = CALL_VARIABLES.map(
    (name) =>
      `<CallVariable>${el('name', name)}${el('value', d.variables[name] ?? '')}</CallVariable>`,
  ).join('');
  const participants = d.participants
    .map((p) => {
      const actions = p.isAgent ? allowedActions(d) : [];
      return [
        '<Participant>',
        `<actions>${actions.map((a) => el('action', a)).join('')}</actions>`,
        el('mediaAddress', p.mediaAddress),
        el('mediaAddressType', p.mediaAddressType),
        el('startTime', finesseTime(p.startTime)),
        el('state', p.state),
        el('stateCause', ''),
        el('stateChangeTime', finesseTime(p.stateChangeTime)),
        '</Participant>',
      ].join('');
    })
    .join('');
  return [
    '<Dialog>',
    el('id', d.id),
    el('uri', dialogUri(d.id)),
    el('associatedDialogUri', d.original ? dialogUri(d.original.id) : ''),
    el('mediaType', 'Voice'),
    el('fromAddress', d.fromAddress),
    el('toAddress', d.toAddress),
    el('state', d.state),
    '<mediaProperties>',
    el('callType', d.callType),
    el('DNIS', d.dnis),
    el('dialedNumber', d.dnis),
    `<callvariables>${variables}</callvariables>`,
    d.dtmfSent ? el('dtmfSent', d.dtmfSent) : '',
    '</mediaProperties>',
    `<participants>${participants}</participants>`,
    '</Dialog>',
  ].join('');
}

/** @param {Dialog[]} dialogs */
export const dialogsXml = (dialogs) => `<Dialogs>${dialogs.map(dialogXml).join('')}</Dialogs>`;

/**
 * A notification's payload: `data` is already XML (`<User>`, `<Dialog>`, `<apiErrors>`…).
 * @param {{ data: string, event: 'PUT' | 'POST' | 'DELETE', requestId?: string, source: string }} u
 */
export const updateXml = ({ data, event, requestId = '', source }) =>
  `<Update><data>${data}</data>${el('event', event)}${el('requestId', requestId)}${el('source', source)}</Update>`;

/**
 * @typedef {{ host: string, httpsPort: number }} SimNode
 * @param {SimNode} node
 */
const nodeXml = ({ host, httpsPort }) =>
  // 12.6+: the notification WebSocket is on httpsPort; 5222/5223 are the XMPP TCP ports.
  el('host', host) + el('httpsPort', httpsPort) + el('xmppPort', 5222) + el('xmppSecurePort', 5223);

/**
 * SystemInfo as the answering node sees itself: `status` and `statusReason` are its own.
 * @param {{ primary: SimNode, secondary: SimNode | null, deployment: string,
 *   xmppDomain: string, xmppPubSubDomain: string, status: string, statusReason: string }} info
 */
export function systemInfoXml({
  primary,
  secondary,
  deployment,
  xmppDomain,
  xmppPubSubDomain,
  status,
  statusReason,
}) {
  return [
    '<SystemInfo>',
    el('currentTimestamp', finesseTime(Date.now())),
    el('deploymentType', deployment),
    `<primaryNode>${nodeXml(primary)}</primaryNode>`,
    secondary ? `<secondaryNode>${nodeXml(secondary)}</secondaryNode>` : '',
    el('status', status),
    el('statusReason', statusReason),
    el('systemAuthMode', 'SSO'),
    el('timezoneOffset', 0),
    el('uri', '/finesse/api/SystemInfo'),
    el('xmppDomain', xmppDomain),
    el('xmppPubSubDomain', xmppPubSubDomain),
    '</SystemInfo>',
  ].join('');
}
