/**
 * Reads one WebSocket frame of XML into elements: a small tokenizer, because Workers have no
 * DOMParser. Strict on purpose (no DTDs, no entities beyond the five and numeric ones, length
 * and depth limits): anything else is null. Runs only inside the notification Worker.
 */

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
