import { FinesseError } from '../kernel/errors.ts';

/**
 * The strict half of XML reading: turns text from Finesse into a root element, or throws
 * `api-error`. Messages name what was wrong, never the input itself (it may be huge, and a
 * misrouted answer could hold anything, even a token).
 */

/** Larger than any real Finesse answer (a full Dialogs list is tens of kB); refused beyond. */
export const MAX_XML_CHARS = 2_000_000;

const invalid = (message: string) => new FinesseError('api-error', message);

/** An element name that is safe to quote in a message: short, plain characters only. */
function quotable(name: string): string {
  const plain = name.replace(/[^\w.:-]/g, '').slice(0, 40);
  return plain || '?';
}

/**
 * Parses `xml` with the browser's DOMParser and returns its root, which must be one of `roots`
 * (compared by local name, so a namespace does not matter).
 *
 * DOCTYPEs are refused before parsing: Finesse never sends one, and internal entities are the
 * way to make a parser expand a small document into a huge one ("billion laughs"). Browsers
 * do not fetch external entities, but refusing the whole DOCTYPE makes that moot.
 */
export function readXml(xml: string, roots: readonly string[]): Element {
  const expected = `<${roots[0]}>`;
  if (typeof xml !== 'string' || xml.trim() === '') {
    throw invalid(`Finesse sent an empty answer where ${expected} was expected.`);
  }
  if (xml.length > MAX_XML_CHARS) {
    throw invalid(`Finesse sent ${xml.length} characters where ${expected} was expected; refused.`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw invalid(
      `Finesse sent a document with a DOCTYPE where ${expected} was expected; refused.`,
    );
  }
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) {
    throw invalid(
      `Finesse sent a broken or truncated document where ${expected} was expected (not well-formed XML).`,
    );
  }
  if (doc.doctype) {
    throw invalid(
      `Finesse sent a document with a DOCTYPE where ${expected} was expected; refused.`,
    );
  }
  const root = doc.documentElement;
  if (!root || !roots.includes(root.localName)) {
    throw invalid(
      `Finesse sent <${quotable(root?.localName ?? '')}> where ${expected} was expected.`,
    );
  }
  return root;
}

/** The element children of `parent` with this local name. */
export function childrenNamed(parent: Element | null, name: string): Element[] {
  if (!parent) return [];
  return Array.from(parent.children).filter((el) => el.localName === name);
}

/** The first element child with this local name, or null. */
export function childNamed(parent: Element | null, name: string): Element | null {
  if (!parent) return null;
  for (const el of Array.from(parent.children)) if (el.localName === name) return el;
  return null;
}

/** The first element child whose local name matches ignoring case (ApiError vs apiError). */
export function childLoose(parent: Element | null, name: string): Element | null {
  if (!parent) return null;
  const wanted = name.toLowerCase();
  for (const el of Array.from(parent.children))
    if (el.localName.toLowerCase() === wanted) return el;
  return null;
}

/** Trimmed text of the first child with this name; '' when it is missing. */
export function textOf(parent: Element | null, name: string, loose = false): string {
  const el = loose ? childLoose(parent, name) : childNamed(parent, name);
  return el?.textContent?.trim() ?? '';
}

/** The last path segment of a Finesse URI (`/finesse/api/ReasonCode/12` → `12`). */
export function lastSegment(uri: string): string {
  return uri.split(/[?#]/)[0]!.split('/').filter(Boolean).pop() ?? '';
}
