import { expect } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import type { FinesseErrorCode } from '../../src/core/kernel/errors.ts';
import { GenesysSource } from '../../src/core/genesys/genesys-source.ts';
import type { GenesysSourceOptions } from '../../src/core/genesys/genesys-source.ts';
import type {
  AuthorizationRequest,
  AuthorizationResult,
  DeferredAuthorize,
} from '../../src/core/oauth/authorization.ts';
import { codeChallengeS256 } from '../../src/core/oauth/pkce.ts';
import type { TokenAnswer } from '../../src/core/session/types.ts';
import { deferred } from './helpers/deferred.ts';
import type { Deferred } from './helpers/deferred.ts';
import { ManualClock, flush } from './helpers/manual-clock.ts';

const REDIRECT = 'https://desk.example.com/oauth-callback/';
const TOKEN = 'gc-at-secret-4f1c2a9e7b';
const USER = { id: 'u-42', name: 'Agent One', email: 'agent1@example.com', username: 'agent1' };

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

/** A fake Genesys: the token endpoint and users/me, each scriptable per test. */
class FakeGenesys {
  readonly requests: Request[] = [];
  token: () => Response | Promise<Response> = () =>
    json(200, { access_token: TOKEN, token_type: 'bearer', expires_in: 64_800 });
  me: () => Response | Promise<Response> = () => json(200, USER);
  readonly fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    this.requests.push(request);
    // Like a real fetch, an abort rejects whatever the server is doing.
    const aborted = new Promise<never>((_, reject) =>
      request.signal.addEventListener('abort', () => reject(request.signal.reason)),
    );
    if (request.url.endsWith('/oauth/token')) return Promise.race([this.token(), aborted]);
    if (request.url.endsWith('/api/v2/users/me')) return Promise.race([this.me(), aborted]);
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
}

/** A stand-in for the popup machinery: records each call, the test answers it. */
class FakeAuthorize {
  readonly requests: Array<AuthorizationRequest | PromiseLike<AuthorizationRequest>> = [];
  readonly signals: Array<AbortSignal | undefined> = [];
  readonly pending: Array<Deferred<AuthorizationResult>> = [];
  readonly authorize: DeferredAuthorize = (request, options) => {
    this.requests.push(request);
    this.signals.push(options?.signal);
    const answer = deferred<AuthorizationResult>();
    this.pending.push(answer);
    return answer.promise;
  };
  /** The request of call `index`, once the provider finished building it. */
  request(index = this.requests.length - 1): Promise<AuthorizationRequest> {
    return Promise.resolve(this.requests[index]!);
  }
  /** Answers the latest call as the callback page would (state already checked). */
  async answer(params: Record<string, string>): Promise<void> {
    const request = await this.request();
    this.pending.at(-1)!.resolve({
      params: new URLSearchParams(params),
      secrets: { ...request.secrets },
    });
  }
}

function setup(overrides: Partial<GenesysSourceOptions> = {}) {
  const clock = new ManualClock();
  const server = new FakeGenesys();
  const popup = new FakeAuthorize();
  const source = new GenesysSource({
    region: 'us-east-1',
    clientId: 'client-1',
    redirectUri: REDIRECT,
    clock,
    fetch: server.fetch,
    authorize: popup.authorize,
    ...overrides,
  });
  return { clock, server, popup, source };
}

async function failure(promise: Promise<unknown>): Promise<FinesseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(FinesseError);
    return error as FinesseError;
  }
  throw new Error('expected a rejection');
}

async function failsWith(promise: Promise<unknown>, code: FinesseErrorCode) {
  const error = await failure(promise);
  expect(error.code, error.message).to.equal(code);
  expect(error.message).not.to.contain(TOKEN);
  return error;
}

describe('GenesysSource', () => {
  it('is a genesys source that cannot refresh, and refresh() asks for the agent', async () => {
    const { source } = setup();
    expect(source.kind).to.equal('genesys');
    expect(source.canRefresh).to.equal(false);
    await failsWith(source.refresh(), 'refresh-needs-interaction');
  });

  it('PKCE: opens the popup synchronously with an S256 challenge of the kept verifier', async () => {
    const { source, popup } = setup({ region: 'mypurecloud.jp', popupTimeoutMs: 90_000 });
    const controller = new AbortController();
    void source.signIn({ signal: controller.signal });
    expect(popup.requests).to.have.length(1); // no await before authorize()
    expect(popup.signals[0]).to.equal(controller.signal);
    const request = await popup.request(0); // built while the popup shows about:blank
    expect(request.authorizeUrl).to.equal('https://login.mypurecloud.jp/oauth/authorize');
    expect(request.redirectUri).to.equal(REDIRECT);
    expect(request.responseMode).to.equal('query');
    expect(request.timeoutMs).to.equal(90_000);
    const { params, secrets } = request;
    expect(params).to.include({
      client_id: 'client-1',
      redirect_uri: REDIRECT,
      response_type: 'code',
      code_challenge_method: 'S256',
    });
    expect(params).not.to.have.property('state'); // the machinery owns it
    expect(params).not.to.have.property('code_verifier');
    expect(secrets.code_verifier).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(params.code_challenge).to.equal(await codeChallengeS256(secrets.code_verifier!));
  });

  it('PKCE: exchanges the code with the verifier, then asks users/me who signed in', async () => {
    const { source, popup, server } = setup({ region: 'eu-west-1' });
    const answer = source.signIn({});
    await popup.answer({ code: 'code-1', state: 's' });
    const result = await answer;
    expect(result).to.deep.equal({
      token: TOKEN,
      expiresIn: 64_800,
      userId: 'u-42',
      realm: 'mypurecloud.ie',
      userPrincipal: 'agent1@example.com',
    } satisfies TokenAnswer);
    const [tokenRequest, meRequest] = server.requests;
    expect(tokenRequest!.url).to.equal('https://login.mypurecloud.ie/oauth/token');
    expect(tokenRequest!.method).to.equal('POST');
    expect(tokenRequest!.credentials).to.equal('omit');
    const body = new URLSearchParams(await tokenRequest!.text());
    expect(Object.fromEntries(body)).to.deep.equal({
      grant_type: 'authorization_code',
      code: 'code-1',
      redirect_uri: REDIRECT,
      client_id: 'client-1',
      code_verifier: (await popup.request(0)).secrets.code_verifier,
    });
    expect(meRequest!.url).to.equal('https://api.mypurecloud.ie/api/v2/users/me');
    expect(meRequest!.method).to.equal('GET');
    expect(meRequest!.headers.get('Authorization')).to.equal(`Bearer ${TOKEN}`);
  });

  it('PKCE: every sign-in uses a new verifier', async () => {
    const { source, popup } = setup();
    void source.signIn({});
    void source.signIn({});
    const first = await popup.request(0);
    const second = await popup.request(1);
    expect(first.secrets.code_verifier).not.to.equal(second.secrets.code_verifier);
    expect(first.params.code_challenge).not.to.equal(second.params.code_challenge);
    expect(second.params.code_challenge).to.equal(
      await codeChallengeS256(second.secrets.code_verifier!),
    );
  });

  it('implicit: asks for a token in the fragment and reads it from there', async () => {
    const { source, popup, server } = setup({ grant: 'implicit', region: 'usw2.pure.cloud' });
    const answer = source.signIn({});
    expect(popup.requests).to.have.length(1);
    const request = await popup.request(0);
    expect(request.responseMode).to.equal('fragment');
    expect(request.params).to.deep.equal({
      client_id: 'client-1',
      redirect_uri: REDIRECT,
      response_type: 'token',
    });
    expect(request.secrets).not.to.have.property('code_verifier');
    await popup.answer({
      access_token: TOKEN,
      expires_in: '86399',
      token_type: 'bearer',
      state: 's',
    });
    expect(await answer).to.deep.equal({
      token: TOKEN,
      expiresIn: 86_399,
      userId: 'u-42',
      realm: 'usw2.pure.cloud',
      userPrincipal: 'agent1@example.com',
    });
    expect(server.requests.map((r) => r.url)).to.deep.equal([
      'https://api.usw2.pure.cloud/api/v2/users/me',
    ]);
  });

  it('a callback that arrives after the starting tab is gone is finished here', async () => {
    const { clock, server, popup } = setup();
    let accept: ((secrets: Record<string, string>) => boolean) | undefined;
    let deliver: ((result: Promise<AuthorizationResult>) => void) | undefined;
    let stopped = false;
    const source = new GenesysSource({
      region: 'us-east-1',
      clientId: 'client-1',
      redirectUri: REDIRECT,
      clock,
      fetch: server.fetch,
      authorize: popup.authorize,
      listenForOrphans: (options, onResult) => {
        accept = options.accept;
        deliver = onResult;
        return () => (stopped = true);
      },
    });
    const answers: Array<Promise<TokenAnswer>> = [];
    const stop = source.watchSignIns((answer) => answers.push(answer));
    const { secrets } = await source.authorizationRequest();
    expect(accept!(secrets)).to.equal(true);
    expect(accept!({ ...secrets, client_id: 'other-client' })).to.equal(false);
    expect(accept!({ ...secrets, provider: 'oidc' })).to.equal(false);
    deliver!(Promise.resolve({ params: new URLSearchParams({ code: 'c' }), secrets }));
    expect((await answers[0]!).userId).to.equal('u-42');
    const body = new URLSearchParams(await server.requests[0]!.text());
    expect(body.get('code_verifier')).to.equal(secrets.code_verifier);
    stop();
    expect(stopped).to.equal(true);
  });

  describe('expires_in (an admin sets 300 to 172 800 s)', () => {
    async function signInWith(expiresIn: unknown) {
      const { source, popup } = setup({ grant: 'implicit' });
      const answer = source.signIn({});
      const params: Record<string, string> = { access_token: TOKEN };
      if (expiresIn !== undefined) params.expires_in = String(expiresIn);
      await popup.answer(params);
      return answer;
    }

    it('takes 1 to 172 800 s as they are', async () => {
      for (const seconds of [1, 299, 300, 64_800, 172_800]) {
        expect((await signInWith(seconds)).expiresIn).to.equal(seconds);
      }
    });

    it('clamps more than 2 days to 172 800 s (banner early, never late)', async () => {
      expect((await signInWith(38_880_000)).expiresIn).to.equal(172_800);
    });

    it('refuses a missing, zero, negative or fractional lifetime', async () => {
      for (const bad of [undefined, 0, -5, 3.5, 'soon', '']) {
        await failsWith(signInWith(bad), 'token-answer-invalid');
      }
    });

    it('refuses a lifetime that is not a number in the token endpoint JSON', async () => {
      const { source, popup, server } = setup();
      server.token = () => json(200, { access_token: TOKEN, expires_in: null });
      const answer = source.signIn({});
      await popup.answer({ code: 'c' });
      await failsWith(answer, 'token-answer-invalid');
    });
  });

  describe('users/me mapping', () => {
    async function signInAs(user: unknown) {
      const { source, popup, server } = setup({ grant: 'implicit' });
      server.me = () => json(200, user);
      const answer = source.signIn({});
      await popup.answer({ access_token: TOKEN, expires_in: '300' });
      return answer;
    }

    it('principal is the email, else the username, else the id', async () => {
      expect((await signInAs(USER)).userPrincipal).to.equal('agent1@example.com');
      expect((await signInAs({ id: 'u-1', username: 'agent.one' })).userPrincipal).to.equal(
        'agent.one',
      );
      expect((await signInAs({ id: 'u-1', email: '', username: '' })).userPrincipal).to.equal(
        'u-1',
      );
    });

    it('a user without an id, or not JSON, is token-answer-invalid', async () => {
      await failsWith(signInAs({ email: 'a@b.c' }), 'token-answer-invalid');
      await failsWith(signInAs(['u-1']), 'token-answer-invalid');
    });
  });

  describe('failures', () => {
    async function pkceSignIn(
      script: (server: FakeGenesys) => void,
      params: Record<string, string> = { code: 'c' },
    ) {
      const env = setup();
      script(env.server);
      const answer = env.source.signIn({});
      await env.popup.answer(params);
      return { answer, ...env };
    }

    it('error= in the callback is authorization-failed with the OAuth code', async () => {
      const { answer, server } = await pkceSignIn(() => undefined, {
        error: 'access_denied',
        error_description: 'The user said no',
      });
      const error = await failsWith(answer, 'authorization-failed');
      expect(error.details.errorType).to.equal('access_denied');
      expect(server.requests).to.have.length(0);
    });

    it('an answer without a code to a code request is authorization-failed', async () => {
      const { answer, server } = await pkceSignIn(() => undefined, {
        access_token: TOKEN,
        expires_in: '300',
      });
      await failsWith(answer, 'authorization-failed');
      expect(server.requests).to.have.length(0);
    });

    it('a refused code exchange is authorization-failed (invalid_grant)', async () => {
      const { answer } = await pkceSignIn((s) => {
        s.token = () => json(400, { error: 'invalid_grant', error_description: 'bad verifier' });
      });
      const error = await failsWith(answer, 'authorization-failed');
      expect(error.details).to.deep.equal({ errorType: 'invalid_grant', status: 400 });
    });

    it('an HTML page or garbage where JSON belongs is token-answer-invalid', async () => {
      const html = () =>
        new Response('<html><body>Sign in</body></html>', {
          headers: { 'Content-Type': 'text/html' },
        });
      await failsWith((await pkceSignIn((s) => (s.token = html))).answer, 'token-answer-invalid');
      const garbage = () => new Response('{"access_token":', { status: 200 });
      await failsWith(
        (await pkceSignIn((s) => (s.token = garbage))).answer,
        'token-answer-invalid',
      );
      await failsWith((await pkceSignIn((s) => (s.me = html))).answer, 'token-answer-invalid');
    });

    it('a token that is not a bearer token is not-bearer', async () => {
      const { answer } = await pkceSignIn((s) => {
        s.token = () => json(200, { access_token: TOKEN, token_type: 'mac', expires_in: 300 });
      });
      await failsWith(answer, 'not-bearer');
    });

    it('an unreachable server is network; 5xx is server-error', async () => {
      const { answer } = await pkceSignIn((s) => {
        s.token = () => Promise.reject(new TypeError('Failed to fetch'));
      });
      await failsWith(answer, 'network');
      const second = await pkceSignIn((s) => (s.me = () => json(503, {})));
      const error = await failsWith(second.answer, 'server-error');
      expect(error.details.status).to.equal(503);
    });

    it('users/me refusing the new token is authorization-failed', async () => {
      const { answer } = await pkceSignIn((s) => (s.me = () => json(401, { status: 401 })));
      const error = await failsWith(answer, 'authorization-failed');
      expect(error.details.status).to.equal(401);
    });

    it('a token endpoint that never answers times out on the injected clock', async () => {
      const { answer, clock } = await pkceSignIn((s) => {
        s.token = () => new Promise<Response>(() => undefined);
      });
      const outcome = failure(answer);
      await flush();
      await clock.advance(30_000);
      expect((await outcome).code).to.equal('timeout');
    });

    it('a code without the verifier of this browser is state-mismatch', async () => {
      const { source, popup, server } = setup();
      const answer = source.signIn({});
      popup.pending[0]!.resolve({ params: new URLSearchParams({ code: 'c' }), secrets: {} });
      await failsWith(answer, 'state-mismatch');
      expect(server.requests).to.have.length(0);
    });

    it('what the popup machinery rejects with reaches the caller unchanged', async () => {
      const { source, popup } = setup();
      const answer = source.signIn({});
      popup.pending[0]!.reject(new FinesseError('popup-blocked', 'blocked'));
      await failsWith(answer, 'popup-blocked');
    });
  });

  it('bad configuration is a developer error at construction', () => {
    const clock = new ManualClock();
    const base = { region: 'us-east-1', clientId: 'c', redirectUri: REDIRECT, clock };
    expect(() => new GenesysSource({ ...base, region: 'mars-1' })).to.throw(RangeError);
    expect(() => new GenesysSource({ ...base, clientId: '' })).to.throw(TypeError);
    expect(() => new GenesysSource({ ...base, grant: 'password' as unknown as 'pkce' })).to.throw(
      RangeError,
    );
  });
});
