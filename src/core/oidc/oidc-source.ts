import { FinesseError, isFinesseError } from '../kernel/errors.ts';
import type {
  AuthorizationRequest,
  AuthorizationResult,
  DeferredAuthorize,
} from '../oauth/authorization.ts';
import { authorizationFailed, stateMismatch } from '../oauth/oauth-errors.ts';
import { listenForOrphanCallbacks } from '../oauth/orphan-callbacks.ts';
import { codeChallengeS256, createCodeVerifier, randomUrlSafe } from '../oauth/pkce.ts';
import { createPopupAuthorize } from '../oauth/popup-authorization.ts';
import type { OAuthSourceOptions } from '../oauth/source-options.ts';
import type { RefreshInput, TokenSource } from '../session/token-source.ts';
import type { TokenAnswer } from '../session/types.ts';
import type { Discover, OidcMetadata } from './discovery.ts';
import { sharedDiscovery } from './discovery.ts';
import type { IdTokenClaims } from './id-token.ts';
import { checkIdToken } from './id-token.ts';
import type { OAuthTokens, TokenGrant } from './token-response.ts';
import { readTokenResponse } from './token-response.ts';

/** Options of {@link OidcSource}. */
export interface OidcSourceOptions extends OAuthSourceOptions {
  /** The issuer exactly as its discovery document names it (`https://idp.example.com/realms/x`). */
  issuer: string;
  /** The public client's id (no secret: a browser cannot keep one). */
  clientId: string;
  /** A redirect URI registered for the client, on this page's origin, serving the callback page. */
  redirectUri: string;
  /** Must contain `openid`. Default `openid profile offline_access`. */
  scope?: string;
  /** Reads the issuer's metadata (default: a page-wide cache of `/.well-known/openid-configuration`). */
  discovery?: Discover;
}

/** `offline_access` asks for a refresh token; `profile` for `preferred_username`. */
export const DEFAULT_OIDC_SCOPE = 'openid profile offline_access';

function absoluteUrl(value: string, what: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url;
  } catch {
    // reported below
  }
  throw new TypeError(`OidcSource needs ${what} as an absolute http(s) URL.`);
}

/**
 * Any OpenID Connect provider as a token source: authorization code with PKCE (S256) and a
 * `nonce` in a popup, the code exchanged at the token endpoint by this page (the provider must
 * allow CORS there for this origin), refresh tokens with rotation. The session keeps the new
 * refresh token by compare-and-set under its Web Lock, so exactly one tab spends each one: a
 * provider that revokes the grant when a refresh token is reused never sees a reuse from us.
 *
 * Discovery starts when the source is created, so that a click rarely waits for it; when it
 * does, the popup opens on `about:blank` inside the click and moves on once discovery answers.
 */
export class OidcSource implements TokenSource {
  readonly kind = 'oidc';
  readonly canRefresh = true;
  readonly issuer: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  private readonly options: OidcSourceOptions;
  private readonly discover: Discover;
  private authorizeImpl: DeferredAuthorize | undefined;

  constructor(options: OidcSourceOptions) {
    absoluteUrl(options.issuer, 'an issuer');
    if (!options.clientId) throw new TypeError('OidcSource needs a clientId.');
    absoluteUrl(options.redirectUri, 'a redirectUri');
    const scope = options.scope?.trim() || DEFAULT_OIDC_SCOPE;
    if (!scope.split(/\s+/).includes('openid')) {
      throw new TypeError('OidcSource needs "openid" in its scope (the ID token names the agent).');
    }
    this.options = options;
    this.issuer = options.issuer;
    this.clientId = options.clientId;
    this.redirectUri = options.redirectUri;
    this.scope = scope;
    this.discover = options.discovery ?? sharedDiscovery;
    // Warm the cache now; a failure is reported by the sign-in that needs it.
    this.discover(this.issuer).catch(() => undefined);
  }

  /** Opens the popup synchronously (call from a click handler), then exchanges the code. */
  signIn({
    username,
    signal,
  }: { username?: string; signal?: AbortSignal } = {}): Promise<TokenAnswer> {
    let pending: Promise<AuthorizationResult>;
    try {
      pending = this.authorize(this.authorizationRequest(username), { signal });
    } catch (error) {
      return Promise.reject(error);
    }
    return pending.then((result) => this.complete(result, signal));
  }

  /**
   * `grant_type=refresh_token`; `invalid_grant` (reused or revoked) is `refresh-rejected`.
   * No `scope`: the refresh keeps the scope the provider granted (RFC 6749 section 6), which may
   * be narrower than the one asked for (many drop `offline_access` without a consent prompt),
   * and asking for more would be refused with `invalid_scope`.
   */
  async refresh(input: RefreshInput, { signal }: { signal: AbortSignal }): Promise<TokenAnswer> {
    const metadata = await this.metadata(true);
    const tokens = await this.post(
      metadata.token_endpoint,
      {
        grant_type: 'refresh_token',
        refresh_token: input.refreshToken,
        client_id: this.clientId,
      },
      'refresh_token',
      signal,
    );
    // A refreshed ID token carries no nonce (none was sent); it must still be ours.
    const claims = tokens.id_token ? this.check(tokens.id_token) : undefined;
    return this.answer(tokens, claims, input.username);
  }

  /**
   * Sign-ins started in a tab that is gone (the opener reloaded, or was closed) and whose
   * callback arrived afterwards: each is finished here, as if this tab had started it.
   */
  watchSignIns(onSignIn: (answer: Promise<TokenAnswer>) => void): () => void {
    const listen = this.options.listenForOrphans ?? listenForOrphanCallbacks;
    return listen(
      {
        clock: this.options.clock,
        accept: (secrets) => secrets.issuer === this.issuer && secrets.client_id === this.clientId,
      },
      (result) => onSignIn(result.then((r) => this.complete(r))),
    );
  }

  /** The authorization request: PKCE S256 challenge, nonce, and the secrets kept for the callback. */
  async authorizationRequest(username?: string): Promise<AuthorizationRequest> {
    const metadata = await this.metadata(false);
    const verifier = createCodeVerifier();
    const nonce = randomUrlSafe(16);
    const params: Record<string, string> = {
      client_id: this.clientId,
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: this.scope,
      code_challenge: await codeChallengeS256(verifier),
      code_challenge_method: 'S256',
      nonce,
    };
    if (username) params.login_hint = username;
    const request: AuthorizationRequest = {
      authorizeUrl: metadata.authorization_endpoint,
      params,
      redirectUri: this.redirectUri,
      responseMode: 'query',
      secrets: {
        code_verifier: verifier,
        nonce,
        issuer: this.issuer,
        client_id: this.clientId,
        redirect_uri: this.redirectUri,
      },
    };
    if (this.options.popupTimeoutMs !== undefined) request.timeoutMs = this.options.popupTimeoutMs;
    return request;
  }

  /** Exchanges the callback's code for tokens and checks the ID token. */
  async complete(result: AuthorizationResult, signal?: AbortSignal): Promise<TokenAnswer> {
    const { params, secrets } = result;
    if (params.has('error')) throw authorizationFailed(params);
    // RFC 9207: a provider that names itself in the answer must be the one we asked (mix-up).
    if (params.has('iss') && params.get('iss') !== this.issuer) {
      throw new FinesseError(
        'authorization-failed',
        'The sign-in answer came from another issuer.',
      );
    }
    const code = params.get('code');
    if (!code) throw new FinesseError('authorization-failed', 'The sign-in answer holds no code.');
    if (!secrets.code_verifier || !secrets.nonce) throw stateMismatch();
    const metadata = await this.metadata(false);
    const tokens = await this.post(
      metadata.token_endpoint,
      {
        grant_type: 'authorization_code',
        code,
        client_id: this.clientId,
        code_verifier: secrets.code_verifier,
        redirect_uri: secrets.redirect_uri || this.redirectUri,
      },
      'authorization_code',
      signal,
    );
    if (!tokens.id_token) {
      throw new FinesseError('token-answer-invalid', 'The token answer holds no ID token.');
    }
    return this.answer(tokens, this.check(tokens.id_token, secrets.nonce), undefined);
  }

  private authorize(...args: Parameters<DeferredAuthorize>): ReturnType<DeferredAuthorize> {
    this.authorizeImpl ??=
      this.options.authorize ?? createPopupAuthorize({ clock: this.options.clock });
    return this.authorizeImpl(...args);
  }

  private check(idToken: string, nonce?: string): IdTokenClaims {
    return checkIdToken(idToken, {
      issuer: this.issuer,
      clientId: this.clientId,
      nonce,
      now: this.options.clock.now(),
    });
  }

  private answer(
    tokens: OAuthTokens,
    claims: IdTokenClaims | undefined,
    fallbackUser: string | undefined,
  ): TokenAnswer {
    const userId = claims ? (claims.preferred_username ?? claims.sub) : (fallbackUser ?? '');
    const answer: TokenAnswer = {
      token: tokens.access_token,
      expiresIn: tokens.expires_in,
      userId,
      realm: this.issuer,
      userPrincipal: claims ? (claims.email ?? claims.preferred_username ?? claims.sub) : userId,
    };
    if (tokens.refresh_token) answer.refreshToken = tokens.refresh_token;
    return answer;
  }

  /**
   * The issuer's metadata. During a refresh, a provider that is down (5xx) is `server-error`,
   * a transport failure the session retries, not a reason to ask the agent.
   */
  private async metadata(refreshing: boolean): Promise<OidcMetadata> {
    try {
      return await this.discover(this.issuer);
    } catch (error) {
      const status = isFinesseError(error) ? error.details.status : undefined;
      if (refreshing && status !== undefined && status >= 500) {
        throw new FinesseError('server-error', `Discovery answered HTTP ${status}.`, {
          details: { status },
          cause: error,
        });
      }
      throw error;
    }
  }

  /** One form POST to the token endpoint; failures become `network` or `timeout`. */
  private async post(
    endpoint: string,
    fields: Record<string, string>,
    grant: TokenGrant,
    outer?: AbortSignal,
  ): Promise<OAuthTokens> {
    const fetchImpl = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    const { clock } = this.options;
    const controller = new AbortController();
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.requestTimeoutMs ?? 30_000);
    const onAbort = () => {
      timedOut = true; // the session aborts a refresh that ran out of time
      controller.abort();
    };
    if (outer?.aborted) onAbort();
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      let response: Response;
      try {
        response = await fetchImpl(endpoint, {
          method: 'POST',
          body: new URLSearchParams(fields),
          headers: { Accept: 'application/json' },
          credentials: 'omit',
          cache: 'no-store',
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (cause) {
        if (timedOut) {
          throw new FinesseError('timeout', 'The identity provider did not answer in time.', {
            cause,
          });
        }
        throw new FinesseError('network', 'The identity provider could not be reached.', {
          cause,
        });
      }
      // Still under the timer: a body that stops arriving is a timeout too.
      return await readTokenResponse(response, grant);
    } finally {
      clock.clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }
}
