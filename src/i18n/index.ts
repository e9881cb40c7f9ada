import { FinesseError } from '../core/kernel/errors.ts';
import { enSession } from './en-session.ts';
import { importEnglish, importLang } from './imports.ts';
import type { EnglishPart, Lang, Messages, PartEnglish } from './messages.ts';

export type { EnglishPart, Lang, Messages, Threshold } from './messages.ts';

/**
 * English ships with the first script (the agent elements add their own English when they
 * load: `addEnglish`); Japanese and Korean are loaded when first used.
 */
const en = { ...enSession } as Messages;
const CATALOGS: Partial<Record<Lang, Messages>> = { en };

/**
 * Adds texts to the English catalogue (the agent elements' part does, as it loads): a part's
 * errors and headings join those already there.
 */
export function addEnglish({ errors, headings, ...texts }: PartEnglish): void {
  Object.assign(en, texts);
  if (errors) en.errors = { ...en.errors, ...errors };
  if (headings) en.headings = { ...en.headings, ...headings };
}

const englishLoaded = new Set<EnglishPart>();
const englishLoading = new Map<EnglishPart, Promise<void>>();

/** Whether a part's English is in the catalogue (see `loadEnglish`). */
export function hasEnglish(part: EnglishPart): boolean {
  return englishLoaded.has(part);
}

/**
 * Adds a part's English to the catalogue once: in the IIFE build it comes with the part's
 * script (already loaded by the session that needs it), in the ES build it is a chunk of its
 * own. Rejects with `part-unavailable`; a failed load may be tried again.
 */
export function loadEnglish(part: EnglishPart): Promise<void> {
  if (englishLoaded.has(part)) return Promise.resolve();
  return loadOnce(englishLoading, part, () =>
    importEnglish[part]().then((texts) => {
      addEnglish(texts);
      englishLoaded.add(part);
    }),
  );
}

/** Runs `load` once per key; a failed load may be tried again and is `part-unavailable`. */
function loadOnce<K extends string, T>(
  pending: Map<K, Promise<T>>,
  key: K,
  load: () => Promise<T>,
): Promise<T> {
  let promise = pending.get(key);
  if (!promise) {
    promise = load().catch((error: unknown) => {
      pending.delete(key);
      throw new FinesseError('part-unavailable', `The ${key} texts could not be loaded.`, {
        cause: error,
      });
    });
    pending.set(key, promise);
  }
  return promise;
}

const loading = new Map<Lang, Promise<Messages>>();

/** Maps a BCP 47 tag (`ja-JP`, `ko`, `EN-us`) to a supported language, or null. */
export function toLang(tag: string | null | undefined): Lang | null {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'en' || primary === 'ja' || primary === 'ko' ? primary : null;
}

/**
 * The nearest non-empty `lang` attribute below `<html>`: the element's own, else the closest
 * ancestor's, crossing shadow roots (an element inside another component still follows it).
 */
function nearestLangAttribute(element: Element): string | null {
  let node: Node | null = element;
  while (node && node !== document.documentElement) {
    if (node instanceof Element) {
      const value = node.getAttribute('lang');
      if (value) return value;
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return null;
}

/**
 * The language an element speaks: its `lang` attribute, else the closest ancestor `[lang]`,
 * else `preferred` (gadget mode: the Finesse desktop's locale, which the agent chose and
 * which beats the page's default), else `document.documentElement.lang`, else
 * `navigator.language`. Whatever tag is found first decides; an unsupported one falls back
 * to English.
 */
export function resolveLang(element: Element, preferred?: string | null): Lang {
  const tag =
    nearestLangAttribute(element) ||
    preferred ||
    document.documentElement.lang ||
    (typeof navigator === 'undefined' ? '' : navigator.language);
  return toLang(tag) ?? 'en';
}

/** The catalogue of one language, or English while it is not loaded (see `loadMessages`). */
export function messagesFor(lang: Lang): Messages {
  return CATALOGS[lang] ?? en;
}

/** Whether a language's catalogue is there (English always is). */
export function hasMessages(lang: Lang): boolean {
  return CATALOGS[lang] !== undefined;
}

/**
 * Loads a language's catalogue once (a failed load may be tried again); rejects with a
 * `part-unavailable` FinesseError when its file cannot be loaded.
 */
export function loadMessages(lang: Lang): Promise<Messages> {
  const known = CATALOGS[lang];
  if (known) return Promise.resolve(known);
  return loadOnce(loading, lang, () =>
    importLang[lang as 'ja' | 'ko']().then((messages) => (CATALOGS[lang] = messages)),
  );
}
