/**
 * The popup authorization of the OAuth providers: opens the popup inside the click and hands
 * the rest to `PopupFlow` (`popup-flow.ts`). The browser plumbing it shares with the orphan
 * listener lives in `browser-deps.ts`; it is re-exported here under its old names.
 */
import { FinesseError } from '../kernel/errors.ts';
import type { OpenWindow } from '../ids/popup.ts';
import type { DeferredAuthorize } from './authorization.ts';
import { PopupFlow } from './popup-flow.ts';
import type { PopupAuthorizeOptions } from './popup-flow.ts';

export type { ChannelLike, MessageTarget, OAuthBrowserDeps } from './browser-deps.ts';
export { announcePending, defaultChannel, pendingLockName } from './browser-deps.ts';
export type { PopupAuthorizeOptions } from './popup-flow.ts';

const POPUP_NAME = 'finesse-sso-oauth';
const POPUP_FEATURES = 'popup,width=520,height=680';

/**
 * Makes the popup authorization of the OAuth providers. Each call opens `about:blank`
 * synchronously (call it inside the click, before any `await`), keeps `{ state, secrets,
 * redirectUri, createdAt }` in IndexedDB, sends the popup to `authorizeUrl?params&state` once
 * the request is ready, and resolves when the callback page (`dist/oauth/callback.html` at the
 * redirect URI) hands the parameters back:
 * - by `postMessage` to its opener, accepted only from this page's origin and from this popup
 *   (`event.source`);
 * - or on the BroadcastChannel `finesse-sso-oauth:<state>` when the popup lost its opener (an
 *   identity provider sending Cross-Origin-Opener-Policy cuts it). BroadcastChannel reaches the
 *   same origin in the same storage partition only: within one browser profile, the same
 *   top-level site. A desktop framed by another site gets the `postMessage` path only.
 *
 * Rejects with `popup-blocked`, `popup-closed`, `popup-timeout`, `state-mismatch`,
 * `authorization-failed` (the server's `error` code in `details.errorType`), or whatever the
 * request promise rejected with. After `popup-closed` the entry stays until it expires (10
 * minutes): a popup cut off by COOP looks closed yet may still finish, and then the orphan
 * listener of any tab ({@link listenForOrphanCallbacks}) completes the sign-in.
 */
export function createPopupAuthorize(options: PopupAuthorizeOptions): DeferredAuthorize {
  return (request, { signal } = {}) => {
    const open: OpenWindow = options.open ?? ((u, t, f) => window.open(u, t, f));
    const popup = open('about:blank', POPUP_NAME, POPUP_FEATURES);
    if (!popup) {
      return Promise.reject(
        new FinesseError('popup-blocked', 'The browser blocked the sign-in window.'),
      );
    }
    return new PopupFlow(popup, options).run(request, signal);
  };
}
