import type { Clock } from '../kernel/clock.ts';
import type { AuthorizationResult, DeferredAuthorize } from './authorization.ts';
import type { OrphanListenerOptions } from './orphan-callbacks.ts';

/** What every OAuth token source (OpenID Connect, Genesys Cloud) takes besides its own settings. */
export interface OAuthSourceOptions {
  clock: Clock;
  fetch?: typeof fetch;
  /** The popup machinery (default `createPopupAuthorize({ clock })`). */
  authorize?: DeferredAuthorize;
  /** Listens for callbacks whose starting tab is gone (default `listenForOrphanCallbacks`). */
  listenForOrphans?: (
    options: Pick<OrphanListenerOptions, 'clock' | 'accept'>,
    onResult: (result: Promise<AuthorizationResult>) => void,
  ) => () => void;
  /** Give up on the popup after this long (the machinery's default, 5 minutes, when absent). */
  popupTimeoutMs?: number;
  /** Longest wait for the token endpoint (and, for Genesys, the API), in ms. Default 30 s. */
  requestTimeoutMs?: number;
}
