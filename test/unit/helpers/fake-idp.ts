import type {
  AuthorizationRequest,
  AuthorizationResult,
  DeferredAuthorize,
} from '../../../src/core/oauth/authorization.ts';
import { base64Url, codeChallengeS256 } from '../../../src/core/oauth/pkce.ts';
import type { Clock } from '../../../src/core/kernel/clock.ts';

export const ISSUER = 'https://idp.test/realms/agents';
export const CLIENT_ID = 'finesse-desk';
export const REDIRECT_URI = `${location.origin}/oauth/callback.html`;
export const TOKEN_ENDPOINT = `${ISSUER}/protocol/openid-connect/token`;
export const AUTHORIZE_ENDPOINT = `${ISSUER}/protocol/openid-connect/auth`;

export const METADATA = {
  issuer: ISSUER,
  authorization_endpoint: AUTHORIZE_ENDPOINT,
  token_endpoint: TOKEN_ENDPOINT,
  code_challenge_methods_supported: ['plain', 'S256'],
};

const encodeJson = (value: unknown) => base64Url(new TextEncoder().encode(JSON.stringify(value)));

/** An unsigned-looking JWT (the library decodes, never verifies, see id-token.ts). */
export function jwt(claims: Record<string, unknown>): string {
  return `${encodeJson({ alg: 'RS256', kid: 'k1' })}.${encodeJson(claims)}.c2lnbmF0dXJl`;
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

type Reply = (body: URLSearchParams) => Response | Promise<Response>;

/**
 * A scripted OpenID provider: discovery, an "authorization endpoint" reached through a stub
 * {@link DeferredAuthorize} (no popup), and a token endpoint that checks PKCE and rotates
 * refresh tokens, revoking everything when one is reused (as oidc-provider does).
 */
export class FakeIdp {
  readonly clock: Clock;
  expiresIn = 300;
  user = { sub: 'u-123', preferred_username: 'agent1', email: 'agent1@example.test' };
  /** What the authorization endpoint answers instead of a code (e.g. `error=access_denied`). */
  authorizeAnswer: Record<string, string> | null = null;
  readonly authorizeRequests: AuthorizationRequest[] = [];
  readonly tokenRequests: URLSearchParams[] = [];
  discoveryRequests = 0;
  invalidGrants = 0;
  /** Claims to change in the next ID token (wrong `aud`, old `exp`…). */
  idTokenOverrides: Record<string, unknown> = {};
  private readonly codes = new Map<string, { challenge: string; nonce: string }>();
  private readonly liveRefresh = new Set<string>();
  private readonly spentRefresh = new Set<string>();
  private readonly oneOff: Reply[] = [];
  private serial = 0;
  private latestRefresh = '';

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /**
   * Spends the refresh token issued last, as a second holder of a copy would (not counted in
   * `tokenRequests`): the client's next refresh is then a reuse, and revokes the grant.
   */
  async spendLatestRefreshToken(): Promise<boolean> {
    const response = await this.token(
      new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        refresh_token: this.latestRefresh,
      }),
    );
    return response.ok;
  }

  /** Queues a one-off token endpoint answer. */
  next(reply: Reply): void {
    this.oneOff.push(reply);
  }

  /** The stub popup: waits for the request like the real one, then "redirects" with a code. */
  readonly authorize: DeferredAuthorize = async (input) => {
    const request = await input;
    this.authorizeRequests.push(request);
    const code = `code-${++this.serial}`;
    this.codes.set(code, {
      challenge: request.params.code_challenge ?? '',
      nonce: request.params.nonce ?? '',
    });
    const answer = this.authorizeAnswer ?? { code, iss: ISSUER };
    const params = new URLSearchParams({ ...answer, state: 'the-state' });
    return { params, secrets: request.secrets } satisfies AuthorizationResult;
  };

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === `${ISSUER}/.well-known/openid-configuration`) {
      this.discoveryRequests++;
      return json(METADATA);
    }
    if (url !== TOKEN_ENDPOINT || init?.method !== 'POST') return json({}, 404);
    const body = new URLSearchParams(init.body as URLSearchParams);
    this.tokenRequests.push(body);
    const reply = this.oneOff.shift();
    const answer = reply ? reply(body) : this.token(body);
    // Like fetch: an aborted signal rejects, whatever the server is doing.
    const signal = init.signal;
    if (!signal) return answer;
    return Promise.race([
      answer,
      new Promise<Response>((_, reject) => {
        const abort = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
        if (signal.aborted) abort();
        signal.addEventListener('abort', abort, { once: true });
      }),
    ]);
  };

  private async token(body: URLSearchParams): Promise<Response> {
    const refusal = () => {
      this.invalidGrants++;
      return json({ error: 'invalid_grant', error_description: 'grant request is invalid' }, 400);
    };
    if (body.get('client_id') !== CLIENT_ID) return json({ error: 'invalid_client' }, 401);
    if (body.get('grant_type') === 'authorization_code') {
      const code = this.codes.get(body.get('code') ?? '');
      this.codes.delete(body.get('code') ?? '');
      if (!code || body.get('redirect_uri') !== REDIRECT_URI) return refusal();
      if ((await codeChallengeS256(body.get('code_verifier') ?? '')) !== code.challenge) {
        return refusal();
      }
      return json(this.tokens(code.nonce));
    }
    if (body.get('grant_type') === 'refresh_token') {
      const token = body.get('refresh_token') ?? '';
      if (this.spentRefresh.has(token)) {
        // Reuse: revoke the whole grant.
        this.liveRefresh.clear();
        return refusal();
      }
      if (!this.liveRefresh.delete(token)) return refusal();
      this.spentRefresh.add(token);
      return json(this.tokens(undefined));
    }
    return json({ error: 'unsupported_grant_type' }, 400);
  }

  private tokens(nonce: string | undefined) {
    const n = ++this.serial;
    const refresh = `rt-secret-${n}`;
    this.liveRefresh.add(refresh);
    this.latestRefresh = refresh;
    const now = Math.floor(this.clock.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: ISSUER,
      aud: CLIENT_ID,
      exp: now + this.expiresIn,
      iat: now,
      ...this.user,
      ...(nonce ? { nonce } : {}),
      ...this.idTokenOverrides,
    };
    this.idTokenOverrides = {};
    return {
      access_token: `at-secret-${n}`,
      token_type: 'Bearer',
      expires_in: this.expiresIn,
      refresh_token: refresh,
      id_token: jwt(claims),
      scope: 'openid profile offline_access',
    };
  }
}
