// @ts-check
/**
 * One XMPP-over-WebSocket connection, exactly the sequence of docs/xmpp-wire.md:
 * open → SASL → stream restart → bind → session → presence, pings, pubsub events, close.
 * SASL offers the configured mechanisms (PLAIN, X-OAUTH2, OAUTHBEARER: `xmppMechanisms`) and
 * refuses any other with `<failure><invalid-mechanism/></failure>`; a refused OAUTHBEARER token
 * first gets the RFC 7628 error challenge. Anything else, or garbage, ends the stream with a
 * stream error; nothing here throws.
 */
import { randomBytes } from 'node:crypto';
import { parseXml } from './xml.js';
import * as S from './xmpp-stanzas.js';

/**
 * What the connection needs from the hub.
 * @typedef {{
 *   domain: string,
 *   log: (line: string) => void,
 *   mechanisms: () => readonly string[],
 *   mechanismRefused: () => void,
 *   authenticate: (authcid: string, password: string) => { loginName: string, loginId: string, token: string } | null,
 *   authenticated: (conn: Connection) => void,
 *   bind: (conn: Connection, resource: string) => boolean,
 *   presence: (conn: Connection) => void,
 *   pinged: (conn: Connection) => void,
 *   closed: (conn: Connection) => void,
 * }} Hub
 * @typedef {'start' | 'sasl' | 'sasl-challenge' | 'restart' | 'bind' | 'bound' | 'closed'} Phase
 * @typedef {ReturnType<typeof createConnection>} Connection
 */

let seq = 0;

/**
 * @param {import('ws').WebSocket} ws
 * @param {string} node `primary` or `secondary`
 * @param {Hub} hub
 */
export function createConnection(ws, node, hub) {
  const conn = {
    id: ++seq,
    node,
    /** @type {Phase} */
    phase: /** @type {Phase} */ ('start'),
    loginName: '',
    loginId: '',
    /** The access token the connection authenticated with. */
    token: '',
    resource: '',
    jid: '',
    available: false,
    openedAt: Date.now(),
    /** When the resource was bound (the ping deadline counts from here until the first ping). */
    boundAt: /** @type {number | null} */ (null),
    pings: 0,
    lastPingAt: /** @type {number | null} */ (null),
    maxPingGapMs: 0,
    send,
    /** Ends the stream with a stream error (e.g. `not-authorized`, `system-shutdown`). */
    fail,
    /** Closes the stream cleanly (`<close/>`). */
    end,
    /** Drops the TCP connection: no close stanza, no WebSocket close frame. */
    drop: () => {
      conn.phase = 'closed';
      ws.terminate();
    },
  };
  const tag = () => `[xmpp ${node} #${conn.id}${conn.loginName ? ` ${conn.loginName}` : ''}]`;

  /** @param {string} xml */
  function send(xml) {
    if (ws.readyState === ws.OPEN) ws.send(xml);
  }

  function end() {
    if (conn.phase === 'closed') return;
    send(S.close());
    conn.phase = 'closed';
    ws.close(1000);
  }

  /** @param {string} condition */
  function fail(condition) {
    if (conn.phase === 'closed') return;
    hub.log(`${tag()} stream error ${condition}`);
    send(S.streamError(condition));
    end();
  }

  /**
   * @param {'not-authorized' | 'invalid-mechanism' | 'aborted' | 'malformed-request'} condition
   * @param {string} why
   */
  function refuse(condition, why) {
    hub.log(`${tag()} SASL failure (${why})`);
    send(S.saslFailure(condition));
    end();
  }

  /** The local part of a bare JID of this domain, or null. @param {string} jid */
  function localOf(jid) {
    const at = jid.lastIndexOf('@');
    if (at < 1 || jid.slice(at + 1).toLowerCase() !== hub.domain || jid.includes('/')) return null;
    return jid.slice(0, at);
  }

  /**
   * The user and password an initial response carries, per mechanism (never logged: the
   * password is a token).
   * @param {string} mechanism @param {string} payload
   * @returns {{ authcid: string, password: string, authzid: string } | string} a reason when malformed
   */
  function credentialsOf(mechanism, payload) {
    if (mechanism === 'PLAIN') return S.decodePlain(payload) ?? 'malformed PLAIN payload';
    if (mechanism === 'X-OAUTH2') {
      const xo = S.decodeXOAuth2(payload);
      if (!xo) return 'malformed X-OAUTH2 payload';
      const local = localOf(xo.jid);
      if (!local) return `X-OAUTH2 user ${xo.jid.slice(0, 80)} is not a bare JID of ${hub.domain}`;
      return { authcid: local, password: xo.token, authzid: '' };
    }
    const ob = S.decodeOAuthBearer(payload);
    if (!ob) return 'malformed OAUTHBEARER payload';
    const local = localOf(ob.authzid);
    if (!local)
      return `OAUTHBEARER authzid ${ob.authzid.slice(0, 80)} is not a bare JID of ${hub.domain}`;
    return { authcid: local, password: ob.token, authzid: '' };
  }

  /** @param {{ mechanism: string, payload: string }} auth */
  function authenticate({ mechanism, payload }) {
    if (!hub.mechanisms().includes(mechanism)) {
      hub.mechanismRefused();
      return refuse('invalid-mechanism', `mechanism ${mechanism.slice(0, 40)} not offered`);
    }
    const credentials = credentialsOf(mechanism, payload);
    if (typeof credentials === 'string') return refuse('not-authorized', credentials);
    const who = hub.authenticate(credentials.authcid, credentials.password);
    if (!who) {
      const why = `${mechanism}: bad credentials for ${credentials.authcid}`;
      if (mechanism !== 'OAUTHBEARER') return refuse('not-authorized', why);
      hub.log(`${tag()} SASL error challenge (${why})`);
      conn.phase = 'sasl-challenge';
      return send(S.saslErrorChallenge());
    }
    const bare = `${who.loginId.toLowerCase()}@${hub.domain}`;
    if (credentials.authzid && ![credentials.authcid, bare].includes(credentials.authzid)) {
      return refuse('not-authorized', `authzid ${credentials.authzid}`);
    }
    Object.assign(conn, { loginName: who.loginName, loginId: who.loginId, token: who.token });
    conn.phase = 'restart';
    hub.log(`${tag()} SASL ${mechanism} success`);
    send(S.saslSuccess());
    hub.authenticated(conn);
  }

  /** @param {string} id @param {string} requested */
  function bind(id, requested) {
    const resource = requested || `sim-${randomBytes(6).toString('hex')}`;
    if (resource === 'desktop') {
      hub.log(`${tag()} warning: resource "desktop" is reserved for the Finesse desktop`);
    }
    if (resource.length > 1023 || !hub.bind(conn, resource)) {
      hub.log(`${tag()} bind refused: resource ${resource} in use`);
      send(S.iqError(id, 'cancel', 'conflict'));
      return;
    }
    conn.resource = resource;
    conn.jid = `${conn.loginId.toLowerCase()}@${hub.domain}/${resource}`;
    conn.phase = 'bound';
    conn.boundAt = Date.now();
    send(S.bindResult(id, conn.jid));
    hub.log(`${tag()} bound ${conn.jid}`);
  }

  /** @param {S.Stanza} s */
  function onBound(s) {
    switch (s.kind) {
      case 'session':
        return send(S.iqResult(s.id));
      case 'ping': {
        const now = Date.now();
        if (conn.lastPingAt !== null) {
          conn.maxPingGapMs = Math.max(conn.maxPingGapMs, now - conn.lastPingAt);
        }
        conn.lastPingAt = now;
        conn.pings += 1;
        hub.pinged(conn);
        return send(S.iqResult(s.id, hub.domain));
      }
      case 'presence':
        if (conn.available !== s.available) {
          conn.available = s.available;
          hub.log(`${tag()} presence ${s.available ? 'available' : 'unavailable'}`);
          hub.presence(conn);
        }
        return;
      case 'iq-answer':
      case 'ignored':
        return;
      case 'bind':
      case 'iq-other':
        return send(S.iqError(s.id, 'cancel', 'service-unavailable'));
      default:
        return fail('bad-format');
    }
  }

  /** @param {S.Stanza} s */
  function onStanza(s) {
    if (s.kind === 'bad') return fail(s.condition);
    if (s.kind === 'close') return end();
    switch (conn.phase) {
      case 'start':
      case 'restart':
        if (s.kind !== 'open') return fail('not-authorized');
        if (s.version !== '1.0') return fail('unsupported-version');
        if (s.to !== hub.domain) return fail('host-unknown');
        send(S.open(hub.domain, randomBytes(8).toString('hex')));
        send(conn.phase === 'start' ? S.saslFeatures(hub.mechanisms()) : S.bindFeatures());
        conn.phase = conn.phase === 'start' ? 'sasl' : 'bind';
        return;
      case 'sasl':
        if (s.kind === 'sasl-abort') return refuse('aborted', 'client aborted');
        return s.kind === 'auth' ? authenticate(s) : fail('not-authorized');
      case 'sasl-challenge':
        // RFC 7628 3.2.3: the client acknowledges the error challenge (^A) or aborts.
        if (s.kind === 'sasl-response' || s.kind === 'sasl-abort') {
          return refuse(s.kind === 'sasl-abort' ? 'aborted' : 'not-authorized', 'after challenge');
        }
        return fail('not-authorized');
      case 'bind':
        return s.kind === 'bind' ? bind(s.id, s.resource) : fail('not-authorized');
      case 'bound':
        return onBound(s);
      default:
        return undefined;
    }
  }

  ws.on('message', (/** @type {Buffer} */ data, /** @type {boolean} */ isBinary) => {
    if (conn.phase === 'closed') return;
    if (isBinary) return fail('bad-format');
    const text = data.toString('utf8');
    if (!text.trim()) return; // a whitespace keep-alive
    let stanza;
    try {
      stanza = S.readStanza(parseXml(text, { maxDepth: 12, maxElements: 200 }));
    } catch {
      return fail('not-well-formed');
    }
    try {
      onStanza(stanza);
    } catch (error) {
      console.error(`${tag()} internal error:`, error);
      fail('internal-server-error');
    }
  });
  ws.on('close', () => {
    conn.phase = 'closed';
    hub.closed(conn);
  });
  ws.on('error', (/** @type {Error} */ error) =>
    hub.log(`${tag()} socket error: ${error.message}`),
  );

  return conn;
}
