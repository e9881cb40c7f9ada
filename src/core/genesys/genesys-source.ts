import { FinesseError } from '../kernel/errors.ts';
import type {
  AuthorizationRequest,
  AuthorizationResult,
  DeferredAuthorize,
} from '../oauth/authorization.ts';
import { authorizationFailed, stateMismatch } from '../oauth/oauth-errors.ts';
import { listenForOrphanCallbacks } from '../oauth/orphan-callbacks.ts';
import { codeChallengeS256, createCodeVerifier } from '../oauth/pkce.ts';
import { createPopupAuthorize } from '../oauth/popup-authorization.ts';
import type { OAuthSourceOptions } from '../oauth/source-options.ts';
import type { TokenSource } from '../session/token-source.ts';
import type { TokenAnswer } from '../session/types.ts';
import type { GenesysToken } from './genesys-answer.ts';
import { readTokenResponse, readUserResponse, tokenFromParams } from './genesys-answer.ts';
import type { GenesysHosts } from './regions.ts';
import { genesysHosts } from './regions.ts';

/** `pkce`: authorization code with PKCE (Genesys's advice for browsers); `implicit`: legacy. */
export type GenesysGrant = 'pkce' | 'implicit';

export interface GenesysSourceOptions extends OAuthSourceOptions {
  /** Region code (`us-east-1`) or domain (`mypurecloud.com`); see `GENESYS_REGIONS`. */
  region: string;
  /** The OAuth client's id (Admin → Integrations → OAuth). */
  clientId: string;
  /** One of the client's registered redirect URIs: where the callback page is served. */
  redirectUri: string;
  /** Default `pkce`. The client must be created with the matching grant type. */
  grant?: GenesysGrant;
  /** Replaces `https://login.<domain>` (newer regions, proxies, the local stand-in). */
  loginUrl?: string;
  /** Replaces `https://api.<domain>`. */
  apiUrl?: string;
}

/**
 * Genesys Cloud as a token source. Implicit and PKCE grants give a browser no refresh token,
 * so `canRefresh` is false: the session shares the one token with every tab, shows the banner
 * and countdown before it expires, and the agent signs in again from a click. The token lives
 * as long as the OAuth client is configured for (300 to 172 800 s; 18 h is Genesys's advice).
 *
 * Sign-in: the popup goes to `login.<domain>/oauth/authorize`; with PKCE the code is exchanged
 * at `/oauth/token` with the verifier, with the implicit grant the token comes in the
 * fragment (the callback page removes it from the URL at once). `GET /api/v2/users/me` then
 * says who signed in: userId = user id, realm = region domain, principal = email or username.
 */
export class GenesysSource implements TokenSource {
  readonly kind = 'genesys';
  readonly canRefresh = false;
  /** Where this source sends the agent and its requests (no secrets). */
  readonly hosts: GenesysHosts;
  readonly grant: GenesysGrant;
  private readonly options: GenesysSourceOptions;
  private authorizeImpl: DeferredAuthorize | undefined;

  constructor(options: GenesysSourceOptions) {
    if (!options.clientId) throw new TypeError('GenesysSource needs a clientId.');
    if (!options.redirectUri) throw new TypeError('GenesysSource needs a redirectUri.');
    const grant = options.grant ?? 'pkce';
    if (grant !== 'pkce' && grant !== 'implicit') {
      throw new RangeError(`Unknown Genesys grant "${String(grant)}": use pkce or implicit.`);
    }
    this.options = options;
    this.grant = grant;
    this.hosts = genesysHosts(options.region, options);
  }

  /**
   * Opens the sign-in popup synchronously (call from a click handler): the machinery opens it
   * on `about:blank` at once and sends it on when the S256 challenge is hashed.
   */
  signIn({ signal }: { username?: string; signal?: AbortSignal } = {}): Promise<TokenAnswer> {
    let pending: Promise<AuthorizationResult>;
    try {
      pending = this.authorize(this.authorizationRequest(), { signal });
    } catch (error) {
      return Promise.reject(error);
    }
    return pending.then((result) => this.complete(result, signal));
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
        accept: (secrets) =>
          secrets.provider === 'genesys' &&
          secrets.client_id === this.options.clientId &&
          secrets.authorize_url === this.hosts.authorizeUrl,
      },
      (result) => onSignIn(result.then((r) => this.complete(r))),
    );
  }

  /** Never called (`canRefresh` is false); a refresh always needs the agent here. */
  refresh(): Promise<TokenAnswer> {
    return Promise.reject(
      new FinesseError(
        'refresh-needs-interaction',
        'Genesys Cloud gives a browser no refresh token: sign in again.',
      ),
    );
  }

  /**
   * The request the popup machinery sends to the authorize endpoint (`state` is its own). The
   * secrets, kept in IndexedDB under the state, hold the PKCE verifier and what identifies
   * this provider and client, so an orphaned callback is finished by the right source.
   */
  async authorizationRequest(): Promise<AuthorizationRequest> {
    const pkce = this.grant === 'pkce';
    const params: Record<string, string> = {
      client_id: this.options.clientId,
      redirect_uri: this.options.redirectUri,
      response_type: pkce ? 'code' : 'token',
    };
    const secrets: Record<string, string> = {
      provider: 'genesys',
      client_id: this.options.clientId,
      authorize_url: this.hosts.authorizeUrl,
      redirect_uri: this.options.redirectUri,
    };
    if (pkce) {
      const verifier = createCodeVerifier();
      params.code_challenge = await codeChallengeS256(verifier);
      params.code_challenge_method = 'S256';
      secrets.code_verifier = verifier;
    }
    const request: AuthorizationRequest = {
      authorizeUrl: this.hosts.authorizeUrl,
      params,
      redirectUri: this.options.redirectUri,
      responseMode: pkce ? 'query' : 'fragment',
      secrets,
    };
    if (this.options.popupTimeoutMs !== undefined) request.timeoutMs = this.options.popupTimeoutMs;
    return request;
  }

  /** Turns a callback's parameters into a validated token answer (exchange, then users/me). */
  async complete(result: AuthorizationResult, signal?: AbortSignal): Promise<TokenAnswer> {
    const { params } = result;
    if (params.has('error')) throw authorizationFailed(params);
    // The grant this source asks for decides what to read: a code where a token was asked
    // for (or the reverse) is not an answer to our request.
    const got =
      this.grant === 'pkce'
        ? await this.exchange(params.get('code'), result.secrets, signal)
        : tokenFromParams(params);
    const user = await readUserResponse(
      await this.send(
        new Request(`${this.hosts.apiOrigin}/api/v2/users/me`, {
          headers: { Authorization: `Bearer ${got.token}`, Accept: 'application/json' },
        }),
        signal,
      ),
    );
    return { ...got, ...user, realm: this.hosts.domain };
  }

  private authorize(...args: Parameters<DeferredAuthorize>): ReturnType<DeferredAuthorize> {
    this.authorizeImpl ??=
      this.options.authorize ?? createPopupAuthorize({ clock: this.options.clock });
    return this.authorizeImpl(...args);
  }

  private async exchange(
    code: string | null,
    secrets: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<GenesysToken> {
    if (!code) {
      throw new FinesseError('authorization-failed', 'The sign-in answer holds no code.');
    }
    const verifier = secrets.code_verifier;
    if (!verifier) throw stateMismatch();
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: secrets.redirect_uri || this.options.redirectUri,
      client_id: this.options.clientId,
      code_verifier: verifier,
    });
    const request = new Request(this.hosts.tokenUrl, {
      method: 'POST',
      body,
      headers: { Accept: 'application/json' },
    });
    return readTokenResponse(await this.send(request, signal));
  }

  /** fetch with a timeout on the injected clock; failures become `network` or `timeout`. */
  private async send(request: Request, signal?: AbortSignal): Promise<Response> {
    const fetchImpl = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    const { clock } = this.options;
    const controller = new AbortController();
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.requestTimeoutMs ?? 30_000);
    const onAbort = () => controller.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await fetchImpl(request, {
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'manual',
      });
    } catch (cause) {
      if (timedOut) throw new FinesseError('timeout', 'Genesys Cloud did not answer in time.');
      throw new FinesseError('network', 'Genesys Cloud could not be reached.', { cause });
    } finally {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
