// @ts-check
/**
 * Every XMPP connection on every Finesse node: credentials, resource conflicts, presence per
 * agent, delivery of pubsub events to all of an agent's bound resources, the counters, the
 * `requireFreshToken` rule (a connection whose token has expired gets `not-authorized`), the
 * accepted SASL mechanisms and password form, and the ping deadline.
 */
import { randomBytes } from 'node:crypto';
import { names, profileOf } from './directory.js';
import { createConnection } from './xmpp-connection.js';
import { pubsubMessage } from './xmpp-stanzas.js';

/** @typedef {import('./xmpp-connection.js').Connection} Connection */

export const XMPP_DOMAIN = 'finesse.lab.example.com';
export const PUBSUB_DOMAIN = `pubsub.${XMPP_DOMAIN}`;

/**
 * @param {{
 *   tokens: import('./tokens.js').TokenRegistry,
 *   config: () => {
 *     deployment: 'UCCX' | 'UCCE', requireFreshToken: boolean,
 *     xmppMechanisms: readonly string[], xmppPassword: 'access-token' | 'bearer',
 *     xmppPingDeadlineMs: number,
 *   },
 *   counters: Record<string, number>,
 *   log: (line: string) => void,
 *   onPresence: (loginName: string, present: boolean) => void,
 * }} deps
 */
export function createXmppHub({ tokens, config, counters, log, onPresence }) {
  /** @type {Set<Connection>} open sockets */
  const connections = new Set();
  /** @type {Map<string, boolean>} the presence last reported per agent */
  const presence = new Map();
  let messageSeq = 0;

  /** @param {string} loginName */
  const ofUser = (loginName) => [...connections].filter((c) => c.loginName === loginName);

  /** @param {string} loginName */
  function recomputePresence(loginName) {
    if (!loginName) return;
    const now = ofUser(loginName).some((c) => c.phase === 'bound' && c.available);
    if (now === (presence.get(loginName) ?? false)) return;
    presence.set(loginName, now);
    onPresence(loginName, now);
  }

  const sync = () => {
    counters.xmppActive = connections.size;
  };

  /** @type {import('./xmpp-connection.js').Hub} */
  const hub = {
    domain: XMPP_DOMAIN,
    log,
    mechanisms: () => config().xmppMechanisms,
    mechanismRefused() {
      counters.xmppMechanismRefused += 1;
    },
    authenticate(authcid, password) {
      // The password form the server expects (`xmppPassword`): the token or `Bearer <token>`.
      const bearer = config().xmppPassword === 'bearer';
      const token = bearer ? (password.startsWith('Bearer ') ? password.slice(7) : '') : password;
      const check = token ? tokens.bearer(token) : { status: 'unknown' };
      const profile = check.status === 'ok' ? profileOf(check.user, config().deployment) : null;
      if (!profile || !names(profile, authcid)) {
        counters.xmppAuthFailures += 1;
        return null;
      }
      return { loginName: profile.loginName, loginId: profile.loginId, token };
    },
    authenticated(conn) {
      counters.xmppAuthenticated += 1;
      const active = ofUser(conn.loginName).length;
      counters.xmppMaxActivePerUser = Math.max(counters.xmppMaxActivePerUser, active);
    },
    bind(conn, resource) {
      return !ofUser(conn.loginName).some(
        (c) => c !== conn && c.phase === 'bound' && c.resource === resource,
      );
    },
    presence: (conn) => recomputePresence(conn.loginName),
    pinged() {
      counters.xmppPings += 1;
    },
    closed(conn) {
      if (!connections.delete(conn)) return;
      sync();
      log(`[xmpp ${conn.node} #${conn.id}${conn.loginName ? ` ${conn.loginName}` : ''}] closed`);
      recomputePresence(conn.loginName);
    },
  };

  /**
   * A new WebSocket on `/ws` of a node.
   * @param {import('ws').WebSocket} ws @param {string} node
   */
  function accept(ws, node) {
    const conn = createConnection(ws, node, hub);
    connections.add(conn);
    counters.xmppConnections += 1;
    sync();
  }

  /**
   * Sends one `<Update>` to every bound resource of the agent.
   * @param {string} loginName @param {string} node pubsub node @param {string} update XML
   */
  function publish(loginName, node, update) {
    for (const conn of ofUser(loginName)) {
      if (conn.phase !== 'bound') continue;
      conn.send(
        pubsubMessage({
          from: PUBSUB_DOMAIN,
          to: conn.jid,
          id: `pubsub-${++messageSeq}`,
          node,
          itemId: randomBytes(8).toString('hex'),
          update,
        }),
      );
      counters.updatesPushed += 1;
    }
  }

  /** Closes the agent's sockets abruptly (no close stanza); returns how many. */
  function drop(/** @type {string} */ loginName) {
    const mine = ofUser(loginName);
    for (const conn of mine) conn.drop();
    return mine.length;
  }

  /** Ends every stream on a node (out of service): `system-shutdown`. */
  function closeNode(/** @type {string} */ node) {
    for (const conn of connections) if (conn.node === node) conn.fail('system-shutdown');
  }

  // requireFreshToken: a connection lives only as long as the token it authenticated with.
  // xmppPingDeadlineMs: a bound stream without a client ping for that long is ended.
  const sweep = setInterval(() => {
    const { requireFreshToken, xmppPingDeadlineMs: deadline } = config();
    const now = Date.now();
    for (const conn of connections) {
      if (conn.phase === 'closed') continue;
      if (requireFreshToken && conn.token && tokens.bearer(conn.token).status !== 'ok') {
        log(`[xmpp ${conn.node} #${conn.id} ${conn.loginName}] token expired: not-authorized`);
        conn.fail('not-authorized');
        continue;
      }
      const since = conn.lastPingAt ?? conn.boundAt;
      if (deadline > 0 && conn.phase === 'bound' && since !== null && now - since > deadline) {
        counters.xmppPingTimeouts += 1;
        log(
          `[xmpp ${conn.node} #${conn.id} ${conn.loginName}] no ping for ${now - since} ms ` +
            `(deadline ${deadline} ms): connection-timeout`,
        );
        conn.fail('connection-timeout');
      }
    }
  }, 250);
  sweep.unref();

  /** @param {string} loginName */
  function describe(loginName) {
    return ofUser(loginName).map((c) => ({
      id: c.id,
      node: c.node,
      phase: c.phase,
      resource: c.resource,
      jid: c.jid,
      available: c.available,
      openedAt: c.openedAt,
      pings: c.pings,
      lastPingAt: c.lastPingAt,
      maxPingGapMs: c.maxPingGapMs,
    }));
  }

  /** Closes every stream and forgets them (their close events no longer count). */
  function reset() {
    const all = [...connections];
    connections.clear();
    presence.clear();
    sync();
    for (const conn of all) conn.end();
  }

  function close() {
    clearInterval(sweep);
    const all = [...connections];
    connections.clear();
    for (const conn of all) conn.drop();
  }

  return {
    accept,
    publish,
    drop,
    closeNode,
    describe,
    isPresent: (/** @type {string} */ loginName) => presence.get(loginName) ?? false,
    reset,
    close,
  };
}

/** @typedef {ReturnType<typeof createXmppHub>} XmppHub */
