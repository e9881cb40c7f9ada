/**
 * Watches a sign-in window opened by `popup-window.ts` until it shows the token page's JSON on
 * the expected origin and path, and reads it.
 */
import { FinesseError } from '../kernel/errors.ts';
import { PROBE_TEXT, openPopup } from './popup-window.ts';
import type { OpenedPopup, PopupReadOptions, Probe } from './popup-window.ts';

export type { OpenWindow, OpenedPopup, PopupReadOptions } from './popup-window.ts';

/** The check is over long before this; past it, the sign-in goes on without a verdict. */
const PROBE_TIMEOUT_MS = 5_000;
const PROBE_POLL_MS = 50;

/** Extracts the JSON text from a JSON document, also when a browser's JSON viewer rewrote it. */
export function readJsonDocument(doc: Document): string | null {
  if (!/json/i.test(doc.contentType)) return null;
  const text = (doc.querySelector('pre')?.textContent ?? doc.body?.textContent ?? '').trim();
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return text;
  const candidate = text.slice(start, end + 1);
  try {
    JSON.parse(candidate);
    return candidate;
  } catch {
    return text;
  }
}

/**
 * Opens `about:blank` synchronously (this must run inside the click's user activation, before
 * any `await`), navigates it to `url`, and resolves with the JSON text of the last page once it
 * is back on the expected origin and path and fully loaded. Always closes the popup.
 */
export function openPopupAndReadJson(options: PopupReadOptions): Promise<string> {
  let opened: OpenedPopup;
  try {
    opened = openPopup(options);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return watchPopup(opened, options);
}

/**
 * The rest of `openPopupAndReadJson` once the window is open: resolves with the JSON text of
 * the token page, or rejects with the reason the sign-in ended. Always closes the popup.
 */
export function watchPopup(opened: OpenedPopup, options: PopupReadOptions): Promise<string> {
  return watch(opened.popup, options, opened.probe);
}

/**
 * One look at the popup during the JSON viewer check. `'viewer'`: the popup is on the JSON
 * document this page made (no other navigation was started) and this page may not read it,
 * which only a JSON viewer that swapped the document's origin does. `'readable'`: the check
 * passed. `'inconclusive'`: the popup did not show the document as expected (the browser
 * refused the navigation, say); null: not loaded yet.
 */
function lookAtProbe(
  popup: WindowProxy,
  probe: Probe,
): 'viewer' | 'readable' | 'inconclusive' | null {
  let href: string;
  let doc: Document;
  try {
    href = popup.location.href;
    doc = popup.document;
  } catch {
    return 'viewer';
  }
  if (href !== probe.url) return null; // still about:blank
  if (doc.readyState !== 'complete') return null;
  return readJsonDocument(doc) === PROBE_TEXT ? 'readable' : 'inconclusive';
}

function watch(
  popup: WindowProxy,
  options: PopupReadOptions,
  initialProbe: Probe | null,
): Promise<string> {
  const { clock } = options;
  const pollMs = options.pollMs ?? 250;
  const startedAt = clock.now();
  const deadline = startedAt + (options.timeoutMs ?? 5 * 60_000);
  const openerLostWindowMs = options.openerLostWindowMs ?? 1500;
  let lastChangeAt = startedAt;
  let lastLocation = 'about:blank';
  let unreadableSince: number | null = null;
  let probe = initialProbe;

  return new Promise<string>((resolve, reject) => {
    let timer: unknown;
    const finish = (result: { text: string } | { error: FinesseError }) => {
      clock.clearTimeout(timer);
      probe?.revoke();
      probe = null;
      options.signal?.removeEventListener('abort', onAbort);
      try {
        if (!popup.closed) popup.close();
      } catch {
        // a severed popup may throw; nothing more to do
      }
      if ('text' in result) resolve(result.text);
      else reject(result.error);
    };
    const onAbort = () =>
      finish({ error: new FinesseError('popup-closed', 'The sign-in was cancelled.') });
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const poll = () => {
      const now = clock.now();
      if (popup.closed) {
        const sudden = now - lastChangeAt <= openerLostWindowMs + pollMs;
        return finish({
          error: sudden
            ? new FinesseError(
                'popup-opener-lost',
                'The sign-in window was disconnected from this page (likely a Cross-Origin-Opener-Policy header).',
              )
            : new FinesseError(
                'popup-closed',
                'The sign-in window was closed before sign-in finished.',
              ),
        });
      }
      if (now >= deadline) {
        return finish({
          error: new FinesseError('popup-timeout', 'The sign-in window did not finish in time.'),
        });
      }
      if (probe) {
        const verdict = lookAtProbe(popup, probe);
        if (verdict === 'viewer') {
          return finish({
            error: new FinesseError(
              'json-viewer',
              "The browser's JSON viewer hides the sign-in answer from this page (Firefox: devtools.jsonview.enabled).",
            ),
          });
        }
        if (verdict === null && now - startedAt < PROBE_TIMEOUT_MS) {
          timer = clock.setTimeout(poll, PROBE_POLL_MS);
          return;
        }
        // Readable (or no verdict in time): on to the sign-in itself.
        probe.revoke();
        probe = null;
        try {
          popup.location.href = options.url;
        } catch (cause) {
          return finish({
            error: new FinesseError('popup-opener-lost', 'The sign-in window could not be used.', {
              cause,
            }),
          });
        }
        lastChangeAt = now;
        lastLocation = 'about:blank';
        timer = clock.setTimeout(poll, pollMs);
        return;
      }
      let location: string;
      try {
        location = popup.location.href; // throws while the popup is on IdS or the IdP
      } catch {
        location = 'cross-origin';
      }
      if (location !== lastLocation) {
        lastLocation = location;
        lastChangeAt = now;
        unreadableSince = null;
      }
      const outcome = location === 'cross-origin' ? null : readIfDone(popup, options);
      if (outcome && 'text' in outcome) return finish(outcome);
      if (outcome && 'unreadable' in outcome) {
        unreadableSince ??= now;
        // Give a page that still redirects (meta refresh, script) a moment before judging it.
        if (now - unreadableSince >= 2000) {
          return finish({
            error: new FinesseError(
              'token-page-unreadable',
              'Finesse answered the sign-in with a page that holds no token data.',
            ),
          });
        }
      }
      timer = clock.setTimeout(poll, pollMs);
    };
    timer = clock.setTimeout(poll, probe ? PROBE_POLL_MS : pollMs);
  });
}

function readIfDone(
  popup: WindowProxy,
  options: PopupReadOptions,
): { text: string } | { unreadable: true } | null {
  try {
    const { origin, pathname } = popup.location;
    if (origin !== options.expectedOrigin || pathname !== options.expectedPath) return null;
    const doc = popup.document;
    if (doc.readyState !== 'complete') return null;
    const text = readJsonDocument(doc);
    return text ? { text } : { unreadable: true };
  } catch {
    return null;
  }
}
