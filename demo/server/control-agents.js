// @ts-check
/**
 * The control surface's agent and call endpoints (JSON): ring the agent, have the other party
 * hang up, fail the next command asynchronously, drop the notification socket, take a node
 * out of service, and read an agent's state. `user` (login name or loginId) defaults to the
 * most recently signed-in user.
 */
import { names } from './directory.js';
import { readJson } from './http-util.js';

/** @typedef {import('node:http').IncomingMessage} Req */

/** @param {string} message @param {number} [status] */
const fail = (message, status = 400) => Object.assign(new Error(message), { status });

const CALL_VARIABLE = /^callVariable([1-9]|10)$/;

/** @param {unknown} value @param {string} name @param {string} fallback */
function optionalString(value, name, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw fail(`${name} must be a string`);
  return value;
}

/** @param {unknown} value */
function callVariables(value) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw fail('variables must be an object such as {"callVariable1": "gold"}');
  }
  /** @type {Record<string, string>} */
  const out = {};
  for (const [name, v] of Object.entries(value)) {
    if (!CALL_VARIABLE.test(name)) throw fail(`${name} is not callVariable1..callVariable10`);
    if (typeof v !== 'string' || v.length > 200) throw fail(`${name} must be a short string`);
    out[name] = v;
  }
  return out;
}

/**
 * @param {{
 *   cti: import('./cti.js').Cti,
 *   hub: import('./xmpp-hub.js').XmppHub,
 *   presence: ReturnType<typeof import('./presence.js').createPresenceWatch>,
 *   tokens: import('./tokens.js').TokenRegistry,
 *   setOutOfService: (node: 'primary' | 'secondary' | null, how?: Partial<import('./finesse-node.js').Outage>) => void,
 *   setInService: (node: 'primary' | 'secondary') => void,
 *   hasSecondary: () => boolean,
 * }} deps
 * @returns {Record<string, (req: Req, url: URL) => Promise<unknown> | unknown>}
 */
export function agentRoutes({
  cti,
  hub,
  presence,
  tokens,
  setOutOfService,
  setInService,
  hasSecondary,
}) {
  /** @param {unknown} node @param {boolean} nullable */
  function checkNode(node, nullable) {
    if (!(nullable && node === null) && node !== 'primary' && node !== 'secondary') {
      throw fail(`node must be "primary"${nullable ? ', "secondary" or null' : ' or "secondary"'}`);
    }
    if (node === 'secondary' && !hasSecondary()) {
      throw fail('there is no secondary node: start the simulator with secondary: true');
    }
  }

  /** The login name for `user`, or the most recently signed-in user. @param {unknown} user */
  function resolve(user) {
    if (user !== undefined && user !== null && user !== '') {
      if (typeof user !== 'string') throw fail('user must be a string');
      const known = new Set([...tokens.list().map((p) => p.user), ...cti.knownUsers()]);
      for (const name of known) if (names(cti.profile(name), user, true)) return name;
      return user.toLowerCase();
    }
    const pairs = tokens.list();
    const last = pairs.filter((p) => p.via === 'sign-in').at(-1) ?? pairs.at(-1);
    if (!last) throw fail('nobody has signed in yet: pass "user"');
    return last.user;
  }

  return {
    'GET /sim/agent': (_req, url) => {
      const user = resolve(url.searchParams.get('user'));
      const graceEndsAt = presence.endsAt(user);
      return {
        ...cti.describe(user),
        present: hub.isPresent(user),
        presenceLogoutAt: graceEndsAt === null ? null : new Date(graceEndsAt).toISOString(),
        connections: hub.describe(user),
      };
    },
    'POST /sim/call': async (req) => {
      const body = await readJson(req);
      const from = optionalString(body.from, 'from', '5551234');
      if (!/^\+?[0-9*#]{1,32}$/.test(from)) throw fail('from must be a phone number');
      const dnis = optionalString(body.dnis, 'dnis', '8000');
      const dialog = cti.ring(resolve(body.user), {
        from,
        dnis,
        variables: callVariables(body.variables),
      });
      return { dialogId: dialog.id, user: dialog.owner };
    },
    'POST /sim/hangup': async (req) => {
      const body = await readJson(req);
      const dialogId = optionalString(body.dialogId, 'dialogId', '') || undefined;
      const dialog = cti.hangup(resolve(body.user), dialogId);
      return { dialogId: dialog.id, user: dialog.owner };
    },
    'POST /sim/fail-next': async (req) => {
      const body = await readJson(req);
      const user = resolve(body.user);
      const failure = {
        type: optionalString(body.errorType, 'errorType', 'CTI_ERROR'),
        message: optionalString(
          body.errorMessage,
          'errorMessage',
          'The request failed at the CTI server.',
        ),
        data: optionalString(body.errorData, 'errorData', ''),
      };
      cti.failNext(user, failure);
      return { user, armed: failure };
    },
    'POST /sim/drop-socket': async (req) => {
      const user = resolve((await readJson(req)).user);
      return { user, dropped: hub.drop(user) };
    },
    // { node, body?: 'api-errors' | 'empty' | 'html', systemInfo?: 'answers' | 'down', reason? };
    // node null: every node back in service.
    'POST /sim/out-of-service': async (req) => {
      const { node = null, body, systemInfo, reason } = await readJson(req);
      checkNode(node, true);
      if (body !== undefined && !['api-errors', 'empty', 'html'].includes(body)) {
        throw fail('body must be "api-errors", "empty" or "html"');
      }
      if (systemInfo !== undefined && !['answers', 'down'].includes(systemInfo)) {
        throw fail('systemInfo must be "answers" or "down"');
      }
      const how = { body, systemInfo, reason: optionalString(reason, 'reason', 'CTI_DOWN') };
      setOutOfService(/** @type {'primary' | 'secondary' | null} */ (node), how);
      return { outOfService: node };
    },
    'POST /sim/in-service': async (req) => {
      const { node } = await readJson(req);
      checkNode(node, false);
      setInService(/** @type {'primary' | 'secondary'} */ (node));
      return { inService: node };
    },
  };
}
