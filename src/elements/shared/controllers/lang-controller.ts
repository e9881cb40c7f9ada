import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FinesseError } from '../../../core/kernel/errors.ts';
import { hasMessages, loadMessages, messagesFor, resolveLang } from '../../../i18n/index.ts';
import type { Lang, Messages } from '../../../i18n/index.ts';

/** Languages whose catalogue could not be loaded: English is shown instead, with the error. */
const failed = new Map<Lang, FinesseError>();

/** Hosts re-rendered when a language they may follow changes. */
const hosts = new Set<ReactiveControllerHost>();
let observer: MutationObserver | null = null;

function rerenderAll(): void {
  for (const host of hosts) host.requestUpdate();
}

/**
 * One MutationObserver for every element (not one each): it watches `lang` anywhere in the
 * document (the `<html>` element's, or an ancestor's) and the browser's `languagechange`, and
 * re-renders every connected host, which then resolves its language again. Started with the
 * first host, stopped with the last.
 */
function start(): void {
  observer = new MutationObserver(rerenderAll);
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['lang'],
    subtree: true,
  });
  window.addEventListener('languagechange', rerenderAll);
}

function stop(): void {
  observer?.disconnect();
  observer = null;
  window.removeEventListener('languagechange', rerenderAll);
}

/**
 * Re-renders its host when the document's, an ancestor's or the browser's language changes
 * (the host's own `lang` is a reactive property already). The host resolves the language in
 * `willUpdate` (`resolveLang`), so a re-render is all it takes.
 */
export class LangController implements ReactiveController {
  private readonly host: ReactiveControllerHost & Element;
  /** The language the host speaks, as of the last `settle`. */
  lang: Lang = 'en';
  /** Its strings (English when its catalogue could not be loaded). */
  strings: Messages = messagesFor('en');
  /** Why the host speaks English instead (`part-unavailable`), else null. */
  error: FinesseError | null = null;

  constructor(host: ReactiveControllerHost & Element) {
    this.host = host;
    host.addController(this);
  }

  /**
   * Resolves the host's language (`resolveLang`). Japanese and Korean are loaded on first use:
   * until then this returns false (the host skips the update, so it never flashes English) and
   * the host re-renders once the catalogue is there, or in English with `error` set if it
   * could not be loaded.
   */
  settle(preferred?: string | null): boolean {
    const lang = resolveLang(this.host, preferred);
    if (!hasMessages(lang) && !failed.has(lang)) {
      loadMessages(lang).then(
        () => this.host.requestUpdate(),
        (error: FinesseError) => {
          failed.set(lang, error);
          this.host.requestUpdate();
        },
      );
      return false;
    }
    this.lang = lang;
    this.strings = messagesFor(lang);
    this.error = failed.get(lang) ?? null;
    return true;
  }

  hostConnected(): void {
    hosts.add(this.host);
    if (!observer) start();
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
    if (hosts.size === 0) stop();
  }
}

/** How many hosts the shared observer serves (tests check it is shared and released). */
export function langHostCount(): number {
  return hosts.size;
}
