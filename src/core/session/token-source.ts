import type { TokenAnswer } from './types.ts';

/** The pair the session hands to a source for refreshing. */
/** How to refresh without the page: a same-origin request to the Finesse token endpoint. */
export interface RefreshRecipe {
  kind: 'finesse';
  /** The node refreshes go to (the secondary after a failover). */
  origin: string;
  method: 'post' | 'get';
}

export interface RefreshInput {
  token: string;
  refreshToken: string;
  /** cc_username for the GET variant. */
  username: string;
}

/**
 * Where token pairs come from: the seam between the shared session machinery (storage, locks,
 * scheduling, UI) and one way of talking to an identity server. The Finesse popup source is
 * the first; relay, gadget, OpenID Connect and Genesys Cloud sources implement the same shape.
 *
 * Sources throw {@link FinesseError}s with codes the session classifies:
 * `network`, `timeout`, `server-error` (transport: keep the pair, retry);
 * `refresh-rejected`, `refresh-needs-interaction`, `token-answer-invalid` (ask the agent).
 */
export interface TokenSource {
  /** Short name for logs and diagnostics. */
  readonly kind: string;
  /** Whether this source can refresh without the agent (false for Genesys implicit/PKCE). */
  readonly canRefresh: boolean;
  /**
   * Starts an interactive sign-in. Must do its user-activation work (opening a popup)
   * synchronously, before the first `await`, because browsers block popups opened later.
   */
  signIn(options: { username?: string; signal?: AbortSignal }): Promise<TokenAnswer>;
  /**
   * Loads what a sign-in needs while the tab offers one, so that the window the click opens is
   * watched at once (the window itself must open in the click). Never throws.
   */
  prepareSignIn?(): void;
  /** Exchanges the pair for a new one. May rotate the refresh token on the server. */
  refresh(input: RefreshInput, options: { signal: AbortSignal }): Promise<TokenAnswer>;
  /**
   * How to refresh without this page (a plain request to the token endpoint), so the refresh
   * keeper can finish a refresh after the tab reloads or closes. Absent when the refresh needs
   * the page (the relay frame).
   */
  refreshRecipe?(): RefreshRecipe;
  /** Sends later refreshes to this node's origin (failover); sources without nodes ignore it. */
  useNode?(origin: string): void;
  /**
   * Sign-ins this source completes without a `signIn()` call in this tab: an OAuth callback
   * that arrives for a sign-in started before the opener tab reloaded. The session commits
   * each one as if its own `signIn()` had started it. Returns the unsubscribe function.
   */
  watchSignIns?(onSignIn: (answer: Promise<TokenAnswer>) => void): () => void;
}
