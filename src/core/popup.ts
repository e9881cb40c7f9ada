import type { Clock } from './clock.ts';
import { FinesseError } from './errors.ts';

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
}

const POPUP_NAME = 'finesse-sso-sign-in';
const POPUP_FEATURES = 'popup,width=520,height=680';

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
  try {
    popup.location.href = options.url;
  } catch (cause) {
    popup.close();
    return Promise.reject(
      new FinesseError('popup-opener-lost', 'The sign-in window could not be used.', { cause }),
    );
  }
  return watch(popup, options);
}

function watch(popup: WindowProxy, options: PopupReadOptions): Promise<string> {
  const { clock } = options;
  const pollMs = options.pollMs ?? 250;
  const startedAt = clock.now();
  const deadline = startedAt + (options.timeoutMs ?? 5 * 60_000);
  const openerLostWindowMs = options.openerLostWindowMs ?? 1500;
  let lastChangeAt = startedAt;
  let lastLocation = 'about:blank';
  let unreadableSince: number | null = null;

  return new Promise<string>((resolve, reject) => {
    let timer: unknown;
    const finish = (result: { text: string } | { error: FinesseError }) => {
      clock.clearTimeout(timer);
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
    timer = clock.setTimeout(poll, pollMs);
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
