// @ts-check
/**
 * The bits of the Finesse REST API (XML) the session needs: `User`, `SystemInfo` (both
 * bearer-checked) and `UserAuthMode` (no auth). Any username is an agent; loginId equals
 * loginName (UCCX style).
 */
import { escapeXml, send } from './http-util.js';

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

const XML = 'application/xml;charset=UTF-8';

/** @param {string} type @param {string} message */
const apiErrors = (type, message) =>
  `<ApiErrors><ApiError><ErrorType>${escapeXml(type)}</ErrorType><ErrorMessage>${escapeXml(message)}</ErrorMessage><ErrorData></ErrorData></ApiError></ApiErrors>`;

/** Finesse's `YYYY-MM-DDThh:mm:ss.SSSZ`. @param {number} ms */
const finesseTime = (ms) => new Date(ms).toISOString();

/** @param {string} name */
function capitalise(name) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A stable four-digit extension: agent7 → 1007, other names → a hash in 2000-2999. @param {string} id */
function extensionOf(id) {
  const digits = /(\d{1,3})$/.exec(id);
  if (digits) return String(1000 + Number(digits[1]));
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) % 1000;
  return String(2000 + hash);
}

/**
 * @param {{
 *   finesseUrl: () => string,
 *   tokens: import('./tokens.js').TokenRegistry,
 *   counters: Record<string, number>,
 * }} deps
 */
export function createFinesseApi({ finesseUrl, tokens, counters }) {
  /** @type {Map<string, { state: string, stateChangeTime: number }>} */
  const agents = new Map();

  /** @param {string} id lower-case login name */
  function agent(id) {
    let entry = agents.get(id);
    if (!entry) {
      entry = { state: 'NOT_READY', stateChangeTime: Date.now() };
      agents.set(id, entry);
    }
    return entry;
  }

  /** @param {string} id */
  function userXml(id) {
    const { state, stateChangeTime } = agent(id);
    const e = escapeXml(id);
    return `<User>
  <uri>/finesse/api/User/${e}</uri>
  <loginId>${e}</loginId>
  <loginName>${e}</loginName>
  <firstName>${escapeXml(capitalise(id))}</firstName>
  <lastName>Lab</lastName>
  <extension>${extensionOf(id)}</extension>
  <mediaType>1</mediaType>
  <state>${state}</state>
  <stateChangeTime>${finesseTime(stateChangeTime)}</stateChangeTime>
  <pendingState></pendingState>
  <reasonCodeId>-1</reasonCodeId>
  <roles><role>Agent</role></roles>
  <settings><wrapUpOnIncoming>OPTIONAL</wrapUpOnIncoming></settings>
  <teamId>1</teamId>
  <teamName>Lab Team</teamName>
  <dialogs>/finesse/api/User/${e}/Dialogs</dialogs>
</User>
`;
  }

  function systemInfoXml() {
    const host = new URL(finesseUrl()).hostname;
    return `<SystemInfo>
  <currentTimestamp>${finesseTime(Date.now())}</currentTimestamp>
  <deploymentType>UCCX</deploymentType>
  <primaryNode><host>${escapeXml(host)}</host></primaryNode>
  <status>IN_SERVICE</status>
  <systemAuthMode>SSO</systemAuthMode>
  <timezoneOffset>0</timezoneOffset>
  <uri>/finesse/api/SystemInfo</uri>
  <xmppDomain>${escapeXml(host)}</xmppDomain>
  <xmppPubSubDomain>pubsub.${escapeXml(host)}</xmppPubSubDomain>
</SystemInfo>
`;
  }

  /**
   * Checks `Authorization: Bearer`; answers the 401 itself and returns null when refused.
   * @param {Req} req @param {Res} res
   */
  function authenticate(req, res) {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const result = tokens.bearer(match?.[1]);
    if (result.status === 'ok') return result.user;
    counters[result.status === 'expired' ? 'apiExpiredToken' : 'apiUnknownToken'] += 1;
    const message = result.status === 'expired' ? 'The token has expired.' : 'Invalid token.';
    send(res, 401, XML, apiErrors('Unauthorized', message), { 'WWW-Authenticate': 'Bearer' });
    return null;
  }

  /**
   * Handles `/finesse/api/*`.
   * @param {Req} req @param {Res} res @param {URL} url
   */
  function handle(req, res, url) {
    counters.apiCalls += 1;
    const parts = url.pathname.split('/').slice(3).map(decodeURIComponent);
    if (req.method === 'GET' && parts[0] === 'UserAuthMode' && parts.length === 2) {
      send(res, 200, XML, '<UserAuthMode><authMode>SSO</authMode></UserAuthMode>\n');
      return;
    }
    const user = authenticate(req, res);
    if (user === null) return;
    if (req.method === 'GET' && parts[0] === 'SystemInfo' && parts.length === 1) {
      send(res, 200, XML, systemInfoXml());
    } else if (req.method === 'GET' && parts[0] === 'User' && parts.length === 2) {
      const id = parts[1].toLowerCase();
      if (id !== user) {
        send(
          res,
          401,
          XML,
          apiErrors('Unauthorized', 'The user is not authorized to make this request.'),
        );
        return;
      }
      send(res, 200, XML, userXml(id));
    } else {
      send(res, 404, XML, apiErrors('Not Found', `No resource at ${url.pathname}.`));
    }
  }

  function reset() {
    agents.clear();
  }

  return { handle, reset };
}
