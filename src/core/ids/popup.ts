import type { Clock } from '../kernel/clock.ts';
import { FinesseError } from '../kernel/errors.ts';

export type OpenWindow = (url: string, target: string, features: string) => WindowProxy | null;

export interface PopupReadOptions {
  /** Where to send the popup once it is open (the token URL). */
  url: string;
  /** The popup is done when it shows a JSON document at this origin and path. */
  expectedOrigin: string;
  expectedPath: string;
  clock: Clock;
  open?: OpenWindow;
  /** Give up (and close the popup) after this long. The agent may be typing a password. */
  timeoutMs?: number;
  pollMs?: number;
  /**
   * A popup that reports `closed` this soon after it was opened or changed document was most
   * likely cut off by Cross-Origin-Opener-Policy rather than closed by the agent: COOP makes
   * the opener see `closed === true` at the navigation. A heuristic; the message says so.
   */
  openerLostWindowMs?: number;
  signal?: AbortSignal;
  /**
   * Before the sign-in, show the popup a JSON document of this page's own origin (a `blob:`
   * URL) and check that this page can read it. Firefox's JSON viewer (on by default,
   * `devtools.jsonview.enabled`) gives every top-level JSON page the viewer's own origin, so
   * the opener could never read the token page: the sign-in then stops at once with
   * `json-viewer` instead of waiting in vain. Default true; tests with a stand-in window turn
   * it off.
   */
  checkJsonViewer?: boolean;
}

const POPUP_NAME = 'finesse-sso-sign-in';
const POPUP_FEATURES = 'popup,width=520,height=680';
/** What the JSON viewer check shows the popup: no token, nothing the agent needs to read. */
const PROBE_TEXT = '{"finesse-sso":"checking that this browser lets the page read its sign-in"}';
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
  const open: OpenWindow = options.open ?? ((u, t, f) => window.open(u, t, f));
  const popup = open('about:blank', POPUP_NAME, POPUP_FEATURES);
  if (!popup) {
    return Promise.reject(
      new FinesseError('popup-blocked', 'The browser blocked the sign-in window.'),
    );
  }
  const probe = options.checkJsonViewer === false ? null : createProbe();
  try {
    popup.location.href = probe?.url ?? options.url;
  } catch (cause) {
    probe?.revoke();
    popup.close();
    return Promise.reject(
      new FinesseError('popup-opener-lost', 'The sign-in window could not be used.', { cause }),
    );
  }
  return watch(popup, options, probe);
}

interface Probe {
  url: string;
  revoke(): void;
}

function createProbe(): Probe | null {
  if (typeof URL.createObjectURL !== 'function' || typeof Blob !== 'function') return null;
  const url = URL.createObjectURL(new Blob([PROBE_TEXT], { type: 'application/json' }));
  return { url, revoke: () => URL.revokeObjectURL(url) };
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
