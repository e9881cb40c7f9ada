import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FinesseError } from '../../../core/kernel/errors.ts';
import {
  hasEnglish,
  hasMessages,
  loadEnglish,
  loadMessages,
  messagesFor,
  resolveLang,
} from '../../../i18n/index.ts';
import type { EnglishPart, Lang, Messages } from '../../../i18n/index.ts';

/** Languages whose catalogue could not be loaded: English is shown instead, with the error. */
const failed = new Map<Lang, FinesseError>();
/** Parts whose English could not be loaded: the host shows why (`error`) instead of the texts. */
const failedEnglish = new Map<EnglishPart, FinesseError>();

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
  /**
   * Why the host speaks English instead, or lacks a part's English (`part-unavailable`), else
   * null.
   */
  error: FinesseError | null = null;

  constructor(host: ReactiveControllerHost & Element) {
    this.host = host;
    host.addController(this);
  }

  /**
   * Resolves the host's language (`resolveLang`). Japanese and Korean are loaded on first use:
   * until then this returns false (the host skips the update, so it never flashes English) and
   * the host re-renders once the catalogue is there, or in English with `error` set if it
   * could not be loaded. `parts` names the parts whose English the host shows (its mode's,
   * its provider's): in English, the host waits for those texts the same way.
   */
  settle(preferred?: string | null, parts: readonly EnglishPart[] = []): boolean {
    const lang = resolveLang(this.host, preferred);
    if (!hasMessages(lang) && !failed.has(lang)) {
      return this.waitFor(loadMessages(lang), (error) => failed.set(lang, error));
    }
    // English (also in place of a catalogue that failed) has a part's texts once it loads them.
    const missing = hasMessages(lang) && lang !== 'en' ? [] : parts.filter(needsEnglish);
    if (missing.length > 0) {
      return this.waitFor(
        Promise.all(
          missing.map((part) =>
            loadEnglish(part).catch((error: FinesseError) => {
              failedEnglish.set(part, error);
            }),
          ),
        ),
        () => undefined,
      );
    }
    this.lang = lang;
    this.strings = messagesFor(lang);
    this.error =
      failed.get(lang) ??
      parts.map((part) => failedEnglish.get(part)).find((error) => error !== undefined) ??
      null;
    return true;
  }

  /**
   * Texts being loaded for the host, else null: its `updateComplete` waits for them too, so
   * it resolves once the host shows its state in its language.
   */
  pending: Promise<unknown> | null = null;

  /** Skips this update; re-renders once `load` settles (`failure` notes why it failed). */
  private waitFor(load: Promise<unknown>, failure: (error: FinesseError) => void): false {
    const done = load.then(undefined, failure).then(() => {
      if (this.pending === done) this.pending = null;
      this.host.requestUpdate();
    });
    this.pending = done;
    return false;
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

/**
 * A host's `updateComplete` when it may be waiting for texts (or for more, such as its session
 * being built: `waiting` says what it waits for now): resolves once the host shows its state in
 * its language.
 */
export async function completeAfter(
  update: () => Promise<boolean>,
  waiting: () => Promise<unknown> | null,
): Promise<boolean> {
  let complete = await update();
  for (let wait = waiting(); wait; wait = waiting()) {
    await wait;
    complete = await update();
  }
  return complete;
}

function needsEnglish(part: EnglishPart): boolean {
  return !hasEnglish(part) && !failedEnglish.has(part);
}

/** How many hosts the shared observer serves (tests check it is shared and released). */
export function langHostCount(): number {
  return hosts.size;
}
