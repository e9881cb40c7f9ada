import type { CallbackMessage } from '../core/oauth/callback-protocol.ts';
import {
  CALLBACK_TYPE,
  isAck,
  isState,
  isStateChannelMessage,
  readRedirectParams,
  stateChannelName,
} from '../core/oauth/callback-protocol.ts';
import type { ChannelLike } from '../core/oauth/browser-deps.ts';
import type { CallbackStrings } from './strings.ts';
import { countMalformed } from '../core/kernel/malformed.ts';

/** What the callback page touches, so a test can drive it. */
export interface CallbackPage {
  location: Pick<Location, 'search' | 'hash' | 'pathname' | 'origin'>;
  history: Pick<History, 'replaceState'>;
  /** `window.opener`, read when sending (null when the opener is gone or was cut off). */
  opener(): Pick<Window, 'postMessage'> | null;
  channel(name: string): ChannelLike | undefined;
  /** Runs `callback` every `ms`; returns the function that stops it. */
  every(callback: () => void, ms: number): () => void;
  /** Runs `callback` once after `ms`. */
  later(callback: () => void, ms: number): void;
  close(): void;
  show(text: string): void;
  strings: CallbackStrings;
}

/** Resend this often, this many times: the receiving tab may still be loading. */
const RESEND_MS = 1000;
const TRIES = 10;

/**
 * The callback page's whole job: read the answer (query for the code flow, fragment for the
 * implicit flow), wipe it from the address bar and this history entry at once, hand it to
 * the tab that waits, and close.
 *
 * It posts to `window.opener` with this page's own origin as the target (a cross-origin opener
 * gets nothing) and on the BroadcastChannel named by the state (for an opener that was cut off
 * or is gone); it repeats until a receiver acknowledges on that channel, then closes itself.
 * If the window cannot close, or nobody answered, it says so.
 */
export function handOverCallback(page: CallbackPage): void {
  const params = readRedirectParams(page.location);
  // The code, or tokens in an implicit fragment, must not stay in the URL or the history.
  page.history.replaceState(null, '', page.location.pathname);
  const state = params.get('state');
  if (!isState(state)) {
    page.show(page.strings.notASignIn);
    return;
  }
  const message: CallbackMessage = { type: CALLBACK_TYPE, state, params: params.toString() };
  const channel = page.channel(stateChannelName(state));
  const send = () => {
    try {
      page.opener()?.postMessage(message, page.location.origin);
    } catch {
      // the opener went away between the check and the call: the channel still carries it
    }
    channel?.postMessage(message);
  };
  let tries = 1;
  let stop: () => void = () => undefined;
  const done = () => {
    stop();
    channel?.close();
    page.close();
    // Still here a moment later: the browser did not let the page close itself.
    page.later(() => page.show(page.strings.done), 500);
  };
  channel?.addEventListener('message', (event: Event) => {
    const { data } = event as MessageEvent;
    if (isAck(data, state)) done();
    else if (!isStateChannelMessage(data)) countMalformed('oauth'); // ignored, never logged
  });
  send();
  stop = page.every(() => {
    if (tries >= TRIES) {
      stop();
      page.show(page.strings.unreachable);
      return;
    }
    tries++;
    send();
  }, RESEND_MS);
}
