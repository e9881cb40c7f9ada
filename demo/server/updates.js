// @ts-check
/**
 * The outbox of Finesse notifications: each `<Update>` is rendered when the change happens
 * and published on the next turn of the event loop (so after the REST call's 202), in order.
 * User changes and async errors go to the node `/finesse/api/User/<loginId>`, dialog changes
 * to `/finesse/api/User/<loginId>/Dialogs`.
 */
import { asyncApiErrorsXml } from './api-errors.js';
import { dialogUri, dialogXml, updateXml, userUri, userXml } from './finesse-xml.js';

/** @typedef {import('./agents.js').Agent} Agent */
/** @typedef {import('./dialogs.js').Dialog} Dialog */
/** @typedef {import('./directory.js').Profile} Profile */

/**
 * @param {{
 *   profile: (loginName: string) => Profile,
 *   config: () => { wrapUp: boolean },
 *   publish: (loginName: string, node: string, xml: string) => void,
 * }} deps
 */
export function createUpdates({ profile, config, publish }) {
  /** @type {{ loginName: string, node: string, xml: string }[]} */
  let outbox = [];

  function flush() {
    const batch = outbox;
    outbox = [];
    for (const { loginName, node, xml } of batch) publish(loginName, node, xml);
  }

  /** @param {string} loginName @param {string} node @param {string} xml */
  function enqueue(loginName, node, xml) {
    if (outbox.length === 0) setImmediate(flush);
    outbox.push({ loginName, node, xml });
  }

  return {
    /** The agent's User changed. @param {Agent} a @param {string} requestId */
    user(a, requestId) {
      const p = profile(a.loginName);
      const uri = userUri(p.loginId);
      const data = userXml(p, a, config());
      enqueue(a.loginName, uri, updateXml({ data, event: 'PUT', requestId, source: uri }));
    },
    /** @param {Dialog} d @param {'POST' | 'PUT' | 'DELETE'} event @param {string} requestId */
    dialog(d, event, requestId) {
      const node = `${userUri(profile(d.owner).loginId)}/Dialogs`;
      const xml = updateXml({ data: dialogXml(d), event, requestId, source: dialogUri(d.id) });
      enqueue(d.owner, node, xml);
    },
    /**
     * An accepted request failed afterwards (`apiErrors`, on the User node).
     * @param {Agent} a @param {{ type: string, message: string, data: string }} e
     * @param {string} requestId
     */
    error(a, e, requestId) {
      const uri = userUri(profile(a.loginName).loginId);
      const data = asyncApiErrorsXml(e);
      enqueue(a.loginName, uri, updateXml({ data, event: 'PUT', requestId, source: uri }));
    },
    clear() {
      outbox = [];
    },
  };
}

/** @typedef {ReturnType<typeof createUpdates>} Updates */
