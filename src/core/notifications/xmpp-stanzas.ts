/**
 * The XMPP subset of docs/xmpp-wire.md as pure functions: building the client's stanzas (by
 * string, every value escaped) and reading the server's (a small tokenizer: Workers have no
 * DOMParser). Runs only inside the notification Worker; the page bundle never imports it.
 */
import { escapeXml } from '../kernel/xml.ts';
import type { XmppSasl } from './xmpp-settings.ts';

export const NS = {
  framing: 'urn:ietf:params:xml:ns:xmpp-framing',
  sasl: 'urn:ietf:params:xml:ns:xmpp-sasl',
  bind: 'urn:ietf:params:xml:ns:xmpp-bind',
  session: 'urn:ietf:params:xml:ns:xmpp-session',
  client: 'jabber:client',
  ping: 'urn:xmpp:ping',
  stanzas: 'urn:ietf:params:xml:ns:xmpp-stanzas',
  pubsubEvent: 'http://jabber.org/protocol/pubsub#event',
  streams: 'http://etherx.jabber.org/streams',
} as const;

// ---- building ---------------------------------------------------------------------------

const attr = (name: string, value: string) => ` ${name}="${escapeXml(value)}"`;

export const openFrame = (domain: string) =>
  `<open xmlns="${NS.framing}"${attr('to', domain)} version="1.0"/>`;

export const closeFrame = () => `<close xmlns="${NS.framing}"/>`;

/** UTF-8, then base64 (btoa alone only takes Latin-1). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** RFC 4616 PLAIN: `[authzid] NUL authcid NUL passwd`, no authzid. */
export function saslPlain(loginId: string, password: string): string {
  if (loginId.includes('\0') || password.includes('\0')) {
    throw new RangeError('SASL PLAIN values cannot contain NUL');
  }
  return base64Utf8(`\0${loginId}\0${password}`);
}

/**
 * Google Talk's X-OAUTH2 (developers.google.com/talk/jep_extensions/oauth; OpenFire OAuth
 * plugins): `NUL user NUL token`, where the user is the account's address. Strophe's
 * `SASLXOAuth2`, the library inside Cisco's EventTunnel, sends the bare JID there.
 */
export function saslXOAuth2(bareJid: string, token: string): string {
  if (bareJid.includes('\0') || token.includes('\0')) {
    throw new RangeError('SASL X-OAUTH2 values cannot contain NUL');
  }
  return base64Utf8(`\0${bareJid}\0${token}`);
}

/** RFC 5801 saslname: `,` and `=` escaped in the GS2 header's `a=`. */
const gs2Name = (name: string) => name.replace(/=/g, '=3D').replace(/,/g, '=2C');

/** RFC 7628 OAUTHBEARER initial response: `n,a=<authzid>,^Aauth=Bearer <token>^A^A`. */
export function saslOAuthBearer(bareJid: string, token: string): string {
  if ([bareJid, token].some((value) => value.includes('\0') || value.includes('\x01'))) {
    throw new RangeError('SASL OAUTHBEARER values cannot contain NUL or ^A');
  }
  return base64Utf8(`n,a=${gs2Name(bareJid)},\x01auth=Bearer ${token}\x01\x01`);
}

/** The wire names of the mechanisms the client implements, in Strophe's order of preference. */
export const SASL_MECHANISMS = {
  plain: 'PLAIN',
  oauthbearer: 'OAUTHBEARER',
  'x-oauth2': 'X-OAUTH2',
} as const;
export type SaslMechanismName = (typeof SASL_MECHANISMS)[keyof typeof SASL_MECHANISMS];

/**
 * The mechanism to use for a setting and the server's offer, or null when it offers none that
 * fits (`auto`: the first of PLAIN, OAUTHBEARER, X-OAUTH2 offered, as Strophe would choose).
 */
export function pickMechanism(
  setting: XmppSasl | undefined,
  offered: readonly string[],
): SaslMechanismName | null {
  const wanted: SaslMechanismName[] =
    setting === 'auto' ? Object.values(SASL_MECHANISMS) : [SASL_MECHANISMS[setting ?? 'plain']];
  const upper = offered.map((name) => name.toUpperCase());
  return wanted.find((name) => upper.includes(name)) ?? null;
}

/** The `<auth>` element for a mechanism. Throws RangeError on values the encoding cannot carry. */
export function authFrame(
  mechanism: SaslMechanismName,
  credentials: { loginId: string; domain: string; password: string },
): string {
  const { loginId, domain, password } = credentials;
  const bareJid = `${loginId.toLowerCase()}@${domain}`;
  const payload =
    mechanism === 'X-OAUTH2'
      ? saslXOAuth2(bareJid, password)
      : mechanism === 'OAUTHBEARER'
        ? saslOAuthBearer(bareJid, password)
        : saslPlain(loginId, password);
  return `<auth xmlns="${NS.sasl}"${attr('mechanism', mechanism)}>${payload}</auth>`;
}

/**
 * The answer to a `<challenge>` after our initial response: OAUTHBEARER's error challenge is
 * acknowledged with `^A` (RFC 7628 3.2.3), anything else is aborted; the server then fails.
 */
export const challengeAnswerFrame = (mechanism: SaslMechanismName) =>
  mechanism === 'OAUTHBEARER'
    ? `<response xmlns="${NS.sasl}">${base64Utf8('\x01')}</response>`
    : `<abort xmlns="${NS.sasl}"/>`;

export const BIND_ID = 'bind_1';
export const SESSION_ID = 'sess_1';

export const bindFrame = (resource: string) =>
  `<iq type="set" id="${BIND_ID}" xmlns="${NS.client}"><bind xmlns="${NS.bind}">` +
  `<resource>${escapeXml(resource)}</resource></bind></iq>`;

export const sessionFrame = () =>
  `<iq type="set" id="${SESSION_ID}" xmlns="${NS.client}"><session xmlns="${NS.session}"/></iq>`;

export const presenceFrame = () => `<presence xmlns="${NS.client}"/>`;

export const pingFrame = (id: string, domain: string) =>
  `<iq type="get"${attr('id', id)}${attr('to', domain)} xmlns="${NS.client}">` +
  `<ping xmlns="${NS.ping}"/></iq>`;

/** The answer to a server's ping (or any IQ result without payload). */
export const iqResultFrame = (id: string, to?: string) =>
  `<iq type="result"${attr('id', id)}${to ? attr('to', to) : ''} xmlns="${NS.client}"/>`;

/** RFC 6120 8.4: an IQ get/set we do not understand gets service-unavailable. */
export const iqUnsupportedFrame = (id: string, to?: string) =>
  `<iq type="error"${attr('id', id)}${to ? attr('to', to) : ''} xmlns="${NS.client}">` +
  `<error type="cancel"><service-unavailable xmlns="${NS.stanzas}"/></error></iq>`;

// ---- reading ----------------------------------------------------------------------------

/** One parsed element: qualified name, attributes, child elements and its own text. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export interface ParseLimits {
  /** Longest frame accepted, in characters (a Dialogs update can be large). */
  maxLength: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxLength: 4_000_000, maxDepth: 24 };

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Replaces the five predefined entities and numeric references. Returns null on anything
 * else (an undeclared entity, a bare `&`, a code point XML does not allow).
 */
export function unescapeXml(text: string): string | null {
  if (!text.includes('&')) return text;
  let out = '';
  let at = 0;
  for (;;) {
    const amp = text.indexOf('&', at);
    if (amp < 0) return out + text.slice(at);
    const semi = text.indexOf(';', amp);
    if (semi < 0 || semi - amp > 12) return null;
    const ref = text.slice(amp + 1, semi);
    let value: string | undefined;
    if (ref[0] === '#') {
      const hex = ref[1] === 'x';
      const digits = ref.slice(hex ? 2 : 1);
      if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return null;
      const code = parseInt(digits, hex ? 16 : 10);
      if (!isXmlChar(code)) return null;
      value = String.fromCodePoint(code);
    } else {
      value = NAMED[ref];
    }
    if (value === undefined) return null;
    out += text.slice(at, amp) + value;
    at = semi + 1;
  }
}

const isXmlChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

const NAME = /[A-Za-z_][\w.:-]*/y;
const SPACE = /\s*/y;

/**
 * Parses one WebSocket frame holding exactly one element (RFC 7395). Returns null for
 * anything that is not a single well-formed element within the limits: truncated or garbled
 * XML, mismatched tags, a second root, DTDs and entity declarations (never expanded), unknown
 * entities, processing instructions after the prolog.
 */
export function parseFrame(frame: string, limits: ParseLimits = DEFAULT_LIMITS): XmlElement | null {
  if (frame.length > limits.maxLength) return null;
  let i = 0;
  const skipSpace = () => {
    SPACE.lastIndex = i;
    SPACE.exec(frame);
    i = SPACE.lastIndex;
  };
  const readName = (): string | null => {
    NAME.lastIndex = i;
    const match = NAME.exec(frame);
    if (!match) return null;
    i = NAME.lastIndex;
    return match[0];
  };

  // Prolog: an optional XML declaration, comments and whitespace.
  skipSpace();
  if (frame.startsWith('<?xml', i)) {
    const end = frame.indexOf('?>', i);
    if (end < 0) return null;
    i = end + 2;
  }
  for (;;) {
    skipSpace();
    if (!frame.startsWith('<!--', i)) break;
    const end = frame.indexOf('-->', i + 4);
    if (end < 0) return null;
    i = end + 3;
  }
  if (frame[i] !== '<') return null;

  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < frame.length) {
    if (root) {
      // After the root only whitespace (and comments) may follow.
      skipSpace();
      if (i >= frame.length) break;
      if (frame.startsWith('<!--', i)) {
        const end = frame.indexOf('-->', i + 4);
        if (end < 0) return null;
        i = end + 3;
        continue;
      }
      return null;
    }
    const current = stack[stack.length - 1];
    if (frame[i] !== '<') {
      if (!current) return null;
      const end = frame.indexOf('<', i);
      if (end < 0) return null; // text running off the end: truncated
      const text = unescapeXml(frame.slice(i, end));
      if (text === null) return null;
      current.text += text;
      i = end;
      continue;
    }
    if (frame.startsWith('<!--', i)) {
      const end = frame.indexOf('-->', i + 4);
      if (end < 0) return null;
      i = end + 3;
      continue;
    }
    if (frame.startsWith('<![CDATA[', i)) {
      if (!current) return null;
      const end = frame.indexOf(']]>', i + 9);
      if (end < 0) return null;
      current.text += frame.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (frame[i + 1] === '!' || frame[i + 1] === '?') return null; // DOCTYPE, ENTITY, PI
    if (frame[i + 1] === '/') {
      i += 2;
      const name = readName();
      skipSpace();
      if (!name || !current || name !== current.name || frame[i] !== '>') return null;
      i += 1;
      stack.pop();
      if (stack.length === 0) root = current;
      continue;
    }
    // A start tag.
    i += 1;
    const name = readName();
    if (!name) return null;
    const element: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (frame.startsWith('/>', i)) {
        i += 2;
        if (current) current.children.push(element);
        else root = element;
        break;
      }
      if (frame[i] === '>') {
        i += 1;
        if (current) current.children.push(element);
        stack.push(element);
        if (stack.length > limits.maxDepth) return null;
        break;
      }
      if (i === before) return null; // attributes must be separated by whitespace
      const attrName = readName();
      if (!attrName) return null;
      skipSpace();
      if (frame[i] !== '=') return null;
      i += 1;
      skipSpace();
      const quote = frame[i];
      if (quote !== '"' && quote !== "'") return null;
      const end = frame.indexOf(quote, i + 1);
      if (end < 0) return null;
      const raw = frame.slice(i + 1, end);
      if (raw.includes('<')) return null;
      const value = unescapeXml(raw);
      if (value === null || Object.hasOwn(element.attrs, attrName)) return null;
      element.attrs[attrName] = value;
      i = end + 1;
    }
  }
  return root && stack.length === 0 ? root : null;
}

/** The local part of a qualified name (`stream:features` → `features`). */
export const localName = (name: string) => name.slice(name.indexOf(':') + 1);

const child = (element: XmlElement, local: string) =>
  element.children.find((c) => localName(c.name) === local);

/** The condition of an error element: its first child that is not `<text>`. */
const conditionOf = (element: XmlElement | undefined) =>
  element?.children.map((c) => localName(c.name)).find((n) => n !== 'text') ??
  'undefined-condition';

export interface PubsubItem {
  node: string;
  /** The `<Update>` document as XML text (unescaped from the notification's text). */
  xml: string;
}

/** What the client needs to know about one server stanza. */
export type ServerStanza =
  | { kind: 'open'; from?: string; id?: string }
  | { kind: 'close' }
  | { kind: 'features'; mechanisms: string[]; bind: boolean; session: boolean }
  | { kind: 'success' }
  | { kind: 'challenge' }
  | { kind: 'failure'; condition: string }
  | { kind: 'stream-error'; condition: string }
  | {
      kind: 'iq';
      type: string;
      id: string;
      from?: string;
      ping: boolean;
      /** Some other payload in an IQ get/set (we answer service-unavailable). */
      payload: boolean;
      jid?: string;
      condition?: string;
    }
  | { kind: 'message'; from?: string; items: PubsubItem[] }
  | { kind: 'other'; name: string };

/** Classifies a parsed frame by its name and namespace, reading only what the client uses. */
export function classify(element: XmlElement): ServerStanza {
  const local = localName(element.name);
  const xmlns = element.attrs.xmlns;
  switch (local) {
    case 'open':
      if (xmlns !== NS.framing) break;
      return { kind: 'open', from: element.attrs.from, id: element.attrs.id };
    case 'close':
      if (xmlns !== NS.framing) break;
      return { kind: 'close' };
    case 'features': {
      const mechanisms = child(element, 'mechanisms');
      return {
        kind: 'features',
        mechanisms:
          mechanisms?.attrs.xmlns === NS.sasl
            ? mechanisms.children
                .filter((c) => localName(c.name) === 'mechanism')
                .map((c) => c.text.trim())
            : [],
        bind: child(element, 'bind')?.attrs.xmlns === NS.bind,
        session: child(element, 'session')?.attrs.xmlns === NS.session,
      };
    }
    case 'success':
      if (xmlns !== NS.sasl) break;
      return { kind: 'success' };
    case 'challenge':
      if (xmlns !== NS.sasl) break;
      return { kind: 'challenge' };
    case 'failure':
      if (xmlns !== NS.sasl) break;
      return { kind: 'failure', condition: conditionOf(element) };
    case 'error':
      if (element.name !== 'stream:error' && xmlns !== NS.streams) break;
      return { kind: 'stream-error', condition: conditionOf(element) };
    case 'iq': {
      const payload = element.children.find((c) => localName(c.name) !== 'error');
      const ping = payload !== undefined && localName(payload.name) === 'ping';
      return {
        kind: 'iq',
        type: element.attrs.type ?? '',
        id: element.attrs.id ?? '',
        from: element.attrs.from,
        ping: ping && payload.attrs.xmlns === NS.ping,
        payload: payload !== undefined && !(ping && payload.attrs.xmlns === NS.ping),
        jid:
          payload && localName(payload.name) === 'bind'
            ? child(payload, 'jid')?.text.trim()
            : undefined,
        condition:
          element.attrs.type === 'error' ? conditionOf(child(element, 'error')) : undefined,
      };
    }
    case 'message': {
      const items: PubsubItem[] = [];
      const event = child(element, 'event');
      if (event?.attrs.xmlns === NS.pubsubEvent) {
        for (const list of event.children) {
          if (localName(list.name) !== 'items') continue;
          const node = list.attrs.node;
          if (!node) continue;
          for (const item of list.children) {
            if (localName(item.name) !== 'item') continue;
            const notification = child(item, 'notification');
            const xml = notification?.text.trim();
            if (xml) items.push({ node, xml });
          }
        }
      }
      return { kind: 'message', from: element.attrs.from, items };
    }
  }
  return { kind: 'other', name: element.name };
}
