/**
 * The sign-in window's first step, which must run inside the click's user activation: open
 * `about:blank` and send it on its way. Everything after (watching the window, reading the
 * answer) is in `popup.ts`, which the first script may load after the click.
 */
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
export const PROBE_TEXT =
  '{"finesse-sso":"checking that this browser lets the page read its sign-in"}';

export interface Probe {
  url: string;
  revoke(): void;
}

/** The window opened for a sign-in, and the JSON viewer check it shows first (if any). */
export interface OpenedPopup {
  popup: WindowProxy;
  probe: Probe | null;
}

function createProbe(): Probe | null {
  if (typeof URL.createObjectURL !== 'function' || typeof Blob !== 'function') return null;
  const url = URL.createObjectURL(new Blob([PROBE_TEXT], { type: 'application/json' }));
  return { url, revoke: () => URL.revokeObjectURL(url) };
}

/**
 * Opens `about:blank` synchronously (call it inside the click's user activation, before any
 * `await`) and navigates it to the JSON viewer check, or to `url` without one. Throws
 * `popup-blocked` or `popup-opener-lost`; never leaves a window open when it throws.
 */
export function openPopup(options: PopupReadOptions): OpenedPopup {
  const open: OpenWindow = options.open ?? ((u, t, f) => window.open(u, t, f));
  const popup = open('about:blank', POPUP_NAME, POPUP_FEATURES);
  if (!popup) throw new FinesseError('popup-blocked', 'The browser blocked the sign-in window.');
  const probe = options.checkJsonViewer === false ? null : createProbe();
  try {
    popup.location.href = probe?.url ?? options.url;
  } catch (cause) {
    probe?.revoke();
    popup.close();
    throw new FinesseError('popup-opener-lost', 'The sign-in window could not be used.', { cause });
  }
  return { popup, probe };
}
