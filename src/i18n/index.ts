import { en } from './en.ts';
import { ja } from './ja.ts';
import { ko } from './ko.ts';
import type { Lang, Messages } from './messages.ts';

export type { Lang, Messages, Threshold } from './messages.ts';

const CATALOGS: Record<Lang, Messages> = { en, ja, ko };

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

/** The catalogue of one language. */
export function messagesFor(lang: Lang): Messages {
  return CATALOGS[lang];
}
