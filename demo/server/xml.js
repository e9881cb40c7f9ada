// @ts-check
/**
 * XML for the simulator: escaping for everything it writes, and a tiny, strict parser for the
 * little it reads (REST request bodies, XMPP stanzas). The parser knows elements, attributes,
 * text, the five predefined entities, character references, comments and CDATA; it refuses
 * DOCTYPEs, processing instructions, other entities, bad nesting and trailing content, with an
 * `XmlError`. Prefixes stay part of the name (`stream:features`); `xmlns` is an attribute.
 */

/**
 * @typedef {{ name: string, attrs: Record<string, string>, children: XmlElement[], text: string }} XmlElement
 *   `text` is the element's own text (its direct text and CDATA, concatenated).
 */

export class XmlError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'XmlError';
  }
}

/** Escapes text for an element body or an attribute value. @param {unknown} text */
export function escapeXml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/** `<name>text</name>`, the text escaped. @param {string} name @param {unknown} text */
export const el = (name, text) => `<${name}>${escapeXml(text)}</${name}>`;

const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const NAMED_ENTITIES = /** @type {Record<string, string>} */ ({
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
});
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * Parses one XML document (or one XMPP stanza) into its root element.
 * @param {string} text
 * @param {{ maxDepth?: number, maxElements?: number }} [limits]
 * @returns {XmlElement}
 */
export function parseXml(text, { maxDepth = 24, maxElements = 4000 } = {}) {
  if (typeof text !== 'string') throw new XmlError('not text');
  if (FORBIDDEN_CHARS.test(text)) throw new XmlError('a character XML does not allow');
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let elements = 0;

  /** @param {string} message @returns {never} */
  const fail = (message) => {
    throw new XmlError(`${message} (at offset ${i})`);
  };

  const skipSpace = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i += 1;
  };

  /** Whitespace, comments and (first thing only) the XML declaration. @param {boolean} prolog */
  const skipMisc = (prolog) => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (prolog && i <= 1 && text.startsWith('<?xml', i) && /\s/.test(text[i + 5])) {
        const end = text.indexOf('?>', i);
        if (end < 0) fail('unterminated XML declaration');
        i = end + 2;
      } else {
        return;
      }
    }
  };

  const readName = () => {
    NAME.lastIndex = i;
    const match = NAME.exec(text);
    if (!match) fail('expected a name');
    i += match[0].length;
    return match[0];
  };

  /** @param {string} raw */
  const decode = (raw) =>
    raw.replace(/&([^;&]*);|&/g, (whole, ref) => {
      if (ref === undefined) fail('a bare "&"');
      if (ref in NAMED_ENTITIES) return NAMED_ENTITIES[ref];
      const hex = /^#x([0-9A-Fa-f]{1,6})$/.exec(ref);
      const dec = /^#([0-9]{1,7})$/.exec(ref);
      const code = hex ? parseInt(hex[1], 16) : dec ? parseInt(dec[1], 10) : -1;
      const allowed =
        code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) ||
        (code >= 0x10000 && code <= 0x10ffff);
      if (!allowed) fail(`unknown or invalid reference ${whole}`);
      return String.fromCodePoint(code);
    });

  /** @param {number} depth @returns {XmlElement} */
  const element = (depth) => {
    if (depth > maxDepth) fail('nested too deeply');
    if (++elements > maxElements) fail('too many elements');
    i += 1; // '<'
    const name = readName();
    /** @type {Record<string, string>} */
    const attrs = Object.create(null);
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        return { name, attrs, children: [], text: '' };
      }
      if (text[i] === '>') {
        i += 1;
        break;
      }
      if (i === before) fail('expected whitespace, ">" or "/>"');
      const attr = readName();
      skipSpace();
      if (text[i] !== '=') fail(`expected "=" after ${attr}`);
      i += 1;
      skipSpace();
      const quote = text[i];
      if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
      const end = text.indexOf(quote, i + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = text.slice(i + 1, end);
      if (raw.includes('<')) fail('"<" in an attribute value');
      if (attr in attrs) fail(`duplicate attribute ${attr}`);
      attrs[attr] = decode(raw);
      i = end + 1;
    }
    /** @type {XmlElement[]} */
    const children = [];
    let own = '';
    for (;;) {
      if (i >= text.length) fail(`unclosed <${name}>`);
      if (text.startsWith('</', i)) {
        i += 2;
        if (readName() !== name) fail(`mismatched end tag for <${name}>`);
        skipSpace();
        if (text[i] !== '>') fail('expected ">"');
        i += 1;
        return { name, attrs, children, text: own };
      }
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        if (end < 0) fail('unterminated CDATA section');
        own += text.slice(i + 9, end);
        i = end + 3;
      } else if (text.startsWith('<?', i) || text.startsWith('<!', i)) {
        fail('declarations and processing instructions are not accepted');
      } else if (text[i] === '<') {
        children.push(element(depth + 1));
      } else {
        const end = text.indexOf('<', i);
        if (end < 0) fail(`unclosed <${name}>`);
        own += decode(text.slice(i, end));
        i = end;
      }
    }
  };

  skipMisc(true);
  if (text[i] !== '<' || text.startsWith('<!', i) || text.startsWith('<?', i)) {
    fail('expected the root element');
  }
  const root = element(1);
  skipMisc(false);
  if (i < text.length) fail('content after the root element');
  return root;
}

/** The first child element called `name`. @param {XmlElement} parent @param {string} name */
export const child = (parent, name) => parent.children.find((c) => c.name === name);

/**
 * The trimmed text of the first child called `name`, or undefined when there is none.
 * @param {XmlElement} parent @param {string} name
 */
export const childText = (parent, name) => child(parent, name)?.text.trim();

/** The local part of a (possibly prefixed) name. @param {string} name */
export const localName = (name) => name.slice(name.indexOf(':') + 1);
