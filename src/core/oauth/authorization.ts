/**
 * The contract between the OAuth providers (generic OpenID Connect, Genesys Cloud) and the
 * shared popup-authorization machinery. Types only; see `popup-authorization.ts`.
 */

/** One authorization request, as the provider built it. */
export interface AuthorizationRequest {
  /** The authorization endpoint (absolute URL, no query). */
  authorizeUrl: string;
  /**
   * Query parameters to add: client_id, redirect_uri, response_type, scope, code_challenge,
   * code_challenge_method, nonce… `state` is added by the machinery, which owns it.
   */
  params: Record<string, string>;
  /** The registered redirect URI: where the callback page is served. */
  redirectUri: string;
  /** `query` for the code flow, `fragment` for the implicit flow. */
  responseMode: 'query' | 'fragment';
  /**
   * Kept in IndexedDB under the state until the callback arrives (the PKCE verifier, the
   * nonce), so a callback can still be finished when the opener tab reloaded.
   */
  secrets: Record<string, string>;
  /** Give up (and close the popup) after this long. */
  timeoutMs?: number;
}

/** What came back to the redirect URI, with the secrets kept for this state. */
export interface AuthorizationResult {
  /** Every parameter of the callback (from the query or the fragment). */
  params: URLSearchParams;
  /** The `secrets` of the request whose `state` matched. */
  secrets: Record<string, string>;
}

/**
 * Opens the popup synchronously (call it before any `await` in a click handler), sends it to
 * the authorization endpoint with a fresh `state`, and resolves when the callback page hands
 * the result back. Rejects with FinesseError `popup-blocked`, `popup-closed`, `popup-timeout`,
 * `state-mismatch`, or `authorization-failed` (the server answered `error=`).
 */
export type Authorize = (request: AuthorizationRequest) => Promise<AuthorizationResult>;

/** Options of one authorization. */
export interface AuthorizeOptions {
  /** Aborting closes the popup and rejects with `popup-closed`. */
  signal?: AbortSignal;
}

/**
 * An {@link Authorize} that also takes a request still being built (discovery not answered
 * yet, the S256 challenge still hashing): it opens the popup on `about:blank` at once, inside
 * the click, and sends it to the endpoint when the request is ready. If the promise rejects,
 * the popup closes and the call rejects with the same error. Every `DeferredAuthorize` is an
 * `Authorize`. `createPopupAuthorize()` in `popup-authorization.ts` makes one.
 */
export type DeferredAuthorize = (
  request: AuthorizationRequest | PromiseLike<AuthorizationRequest>,
  options?: AuthorizeOptions,
) => Promise<AuthorizationResult>;
