import type { ReactiveController, ReactiveControllerHost } from 'lit';

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
  private readonly host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
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
