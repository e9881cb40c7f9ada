// @ts-check
/**
 * The stanzas of docs/xmpp-wire.md: what the server writes (builders) and what it reads
 * (`readStanza` turns one parsed frame into a tagged value). Only this subset exists here.
 */
import { childText, escapeXml as x, localName } from './xml.js';

/** @typedef {import('./xml.js').XmlElement} XmlElement */

export const NS = {
  framing: 'urn:ietf:params:xml:ns:xmpp-framing',
  stream: 'http://etherx.jabber.org/streams',
  streams: 'urn:ietf:params:xml:ns:xmpp-streams',
  sasl: 'urn:ietf:params:xml:ns:xmpp-sasl',
  bind: 'urn:ietf:params:xml:ns:xmpp-bind',
  session: 'urn:ietf:params:xml:ns:xmpp-session',
  stanzas: 'urn:ietf:params:xml:ns:xmpp-stanzas',
  client: 'jabber:client',
  ping: 'urn:xmpp:ping',
  pubsubEvent: 'http://jabber.org/protocol/pubsub#event',
  pubsub: 'http://jabber.org/protocol/pubsub',
};

// --- written by the server ---------------------------------------------------------------------

/** @param {string} domain @param {string} id */
export const open = (domain, id) =>
  `<open xmlns="${NS.framing}" from="${x(domain)}" id="${x(id)}" version="1.0" xml:lang="en"/>`;

export const close = () => `<close xmlns="${NS.framing}"/>`;

/** @param {readonly string[]} [mechanisms] the SASL mechanisms offered */
export const saslFeatures = (mechanisms = ['PLAIN']) =>
  `<stream:features xmlns:stream="${NS.stream}"><mechanisms xmlns="${NS.sasl}">${mechanisms
    .map((name) => `<mechanism>${x(name)}</mechanism>`)
    .join('')}</mechanisms></stream:features>`;

export const bindFeatures = () =>
  `<stream:features xmlns:stream="${NS.stream}"><bind xmlns="${NS.bind}"/><session xmlns="${NS.session}"/></stream:features>`;

export const saslSuccess = () => `<success xmlns="${NS.sasl}"/>`;

/**
 * RFC 7628 3.2.2: a refused OAUTHBEARER token gets a challenge carrying a JSON error first;
 * the client answers `^A`, then the server fails.
 */
export const saslErrorChallenge = () =>
  `<challenge xmlns="${NS.sasl}">${Buffer.from('{"status":"invalid_token"}').toString('base64')}</challenge>`;

/** @param {'not-authorized' | 'invalid-mechanism' | 'aborted' | 'malformed-request'} condition */
export const saslFailure = (condition = 'not-authorized') =>
  `<failure xmlns="${NS.sasl}"><${condition}/></failure>`;

/** @param {string} condition e.g. not-authorized, not-well-formed, system-shutdown */
export const streamError = (condition) =>
  `<stream:error xmlns:stream="${NS.stream}"><${condition} xmlns="${NS.streams}"/></stream:error>`;

/** @param {string} id @param {string} jid */
export const bindResult = (id, jid) =>
  `<iq type="result" id="${x(id)}" xmlns="${NS.client}"><bind xmlns="${NS.bind}"><jid>${x(jid)}</jid></bind></iq>`;

/** @param {string} id @param {string} [from] */
export const iqResult = (id, from) =>
  `<iq type="result" id="${x(id)}"${from ? ` from="${x(from)}"` : ''} xmlns="${NS.client}"/>`;

/**
 * @param {string} id @param {'cancel' | 'modify'} type
 * @param {'conflict' | 'service-unavailable' | 'bad-request'} condition
 */
export const iqError = (id, type, condition) =>
  `<iq type="error" id="${x(id)}" xmlns="${NS.client}"><error type="${type}"><${condition} xmlns="${NS.stanzas}"/></error></iq>`;

/**
 * A pubsub event carrying one Finesse `<Update>`, escaped as text inside `<notification>`.
 * @param {{ from: string, to: string, id: string, node: string, itemId: string, update: string }} m
 */
export const pubsubMessage = ({ from, to, id, node, itemId, update }) =>
  `<message from="${x(from)}" to="${x(to)}" id="${x(id)}" xmlns="${NS.client}"><event xmlns="${NS.pubsubEvent}"><items node="${x(node)}"><item id="${x(itemId)}"><notification xmlns="${NS.pubsub}">${x(update)}</notification></item></items></event></message>`;

// --- read from the client ----------------------------------------------------------------------

/**
 * @typedef {{ kind: 'open', to: string, version: string }
 *   | { kind: 'close' }
 *   | { kind: 'auth', mechanism: string, payload: string }
 *   | { kind: 'sasl-response', payload: string }
 *   | { kind: 'sasl-abort' }
 *   | { kind: 'bind', id: string, resource: string }
 *   | { kind: 'session', id: string }
 *   | { kind: 'ping', id: string }
 *   | { kind: 'iq-answer', id: string }
 *   | { kind: 'iq-other', id: string }
 *   | { kind: 'presence', available: boolean }
 *   | { kind: 'ignored' }
 *   | { kind: 'bad', condition: string }} Stanza
 */

/** A stanza's namespace must be jabber:client (or left implicit). @param {XmlElement} e */
const clientNs = (e) => e.attrs.xmlns === undefined || e.attrs.xmlns === NS.client;

/**
 * @param {XmlElement} e one frame, parsed
 * @returns {Stanza}
 */
export function readStanza(e) {
  const { name, attrs } = e;
  if (name === 'open' || name === 'close') {
    if (attrs.xmlns !== NS.framing) return { kind: 'bad', condition: 'invalid-namespace' };
    return name === 'open'
      ? { kind: 'open', to: attrs.to ?? '', version: attrs.version ?? '' }
      : { kind: 'close' };
  }
  if (name === 'auth') {
    if (attrs.xmlns !== NS.sasl) return { kind: 'bad', condition: 'invalid-namespace' };
    return { kind: 'auth', mechanism: attrs.mechanism ?? '', payload: e.text.trim() };
  }
  if (name === 'response' || name === 'abort') {
    if (attrs.xmlns !== NS.sasl) return { kind: 'bad', condition: 'invalid-namespace' };
    return name === 'abort'
      ? { kind: 'sasl-abort' }
      : { kind: 'sasl-response', payload: e.text.trim() };
  }
  if (localName(name) !== name || !clientNs(e)) {
    return { kind: 'bad', condition: 'invalid-namespace' };
  }
  if (name === 'presence') {
    const type = attrs.type ?? '';
    if (type !== '' && type !== 'unavailable') return { kind: 'ignored' }; // subscribe, probe…
    return { kind: 'presence', available: type === '' };
  }
  if (name === 'message') return { kind: 'ignored' };
  if (name !== 'iq') return { kind: 'bad', condition: 'unsupported-stanza-type' };
  const id = attrs.id ?? '';
  const type = attrs.type ?? '';
  if (!id || !['get', 'set', 'result', 'error'].includes(type)) {
    return { kind: 'bad', condition: 'bad-format' };
  }
  if (type === 'result' || type === 'error') return { kind: 'iq-answer', id };
  const payload = e.children.length === 1 ? e.children[0] : undefined;
  const ns = payload?.attrs.xmlns;
  if (type === 'set' && payload?.name === 'bind' && ns === NS.bind) {
    return { kind: 'bind', id, resource: childText(payload, 'resource') ?? '' };
  }
  if (type === 'set' && payload?.name === 'session' && ns === NS.session) {
    return { kind: 'session', id };
  }
  if (type === 'get' && payload?.name === 'ping' && ns === NS.ping) return { kind: 'ping', id };
  return { kind: 'iq-other', id };
}

/**
 * Decodes a SASL PLAIN payload: base64 of `authzid \0 authcid \0 password`.
 * @param {string} payload
 * @returns {{ authzid: string, authcid: string, password: string } | null}
 */
export function decodePlain(payload) {
  const text = decodeBase64(payload);
  if (text === null) return null;
  const parts = text.split('\0');
  if (parts.length !== 3 || !parts[1] || !parts[2]) return null;
  return { authzid: parts[0], authcid: parts[1], password: parts[2] };
}

/** @param {string} payload strict base64 → UTF-8 text, or null */
function decodeBase64(payload) {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(payload) || payload.length % 4 !== 0) return null;
  return Buffer.from(payload, 'base64').toString('utf8');
}

/**
 * X-OAUTH2 (Google Talk; OpenFire OAuth plugins): `NUL user NUL token`, the user being the
 * account's bare JID (what Strophe's SASLXOAuth2 sends).
 * @param {string} payload
 * @returns {{ jid: string, token: string } | null}
 */
export function decodeXOAuth2(payload) {
  const plain = decodePlain(payload);
  if (!plain || plain.authzid) return null;
  return { jid: plain.authcid, token: plain.password };
}

/**
 * RFC 7628 OAUTHBEARER initial response: `gs2-header ^A *(key=value ^A) ^A`, the GS2 header
 * `n,a=<authzid>,` and the key `auth` = `Bearer <token>`.
 * @param {string} payload
 * @returns {{ authzid: string, token: string } | null}
 */
export function decodeOAuthBearer(payload) {
  const text = decodeBase64(payload);
  if (text === null || !text.endsWith('\x01\x01')) return null;
  const [gs2, ...pairs] = text.slice(0, -2).split('\x01');
  const header = /^n,(?:a=([^,]*))?,$/.exec(gs2 ?? '');
  if (!header) return null;
  const authzid = (header[1] ?? '').replace(/=2C/g, ',').replace(/=3D/g, '=');
  const auth = pairs.find((pair) => pair.startsWith('auth='));
  const bearer = /^auth=Bearer (.+)$/.exec(auth ?? '');
  return bearer ? { authzid, token: bearer[1] } : null;
}
