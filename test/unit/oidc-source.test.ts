import { expect } from '@open-wc/testing';
import type { FinesseError } from '../../src/core/kernel/errors.ts';
import type { AuthorizationResult } from '../../src/core/oauth/authorization.ts';
import { codeChallengeS256 } from '../../src/core/oauth/pkce.ts';
import { createDiscovery } from '../../src/core/oidc/discovery.ts';
import { OidcSource } from '../../src/core/oidc/oidc-source.ts';
import type { OidcSourceOptions } from '../../src/core/oidc/oidc-source.ts';
import { deferred } from './helpers/deferred.ts';
import {
  AUTHORIZE_ENDPOINT,
  CLIENT_ID,
  FakeIdp,
  ISSUER,
  METADATA,
  REDIRECT_URI,
  json,
} from './helpers/fake-idp.ts';
import { ManualClock } from './helpers/manual-clock.ts';

const refreshInput = (refreshToken: string) => ({
  token: 'at-old',
  refreshToken,
  username: 'agent1',
});
const signal = () => new AbortController().signal;

async function rejection(promise: Promise<unknown>): Promise<FinesseError> {
  try {
    await promise;
  } catch (error) {
    return error as FinesseError;
  }
  throw new Error('expected a rejection');
}

describe('OidcSource', () => {
  let clock: ManualClock;
  let idp: FakeIdp;

  const source = (overrides: Partial<OidcSourceOptions> = {}) =>
    new OidcSource({
      issuer: ISSUER,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      clock,
      fetch: idp.fetch,
      authorize: idp.authorize,
      discovery: createDiscovery(idp.fetch),
      ...overrides,
    });

  beforeEach(() => {
    clock = new ManualClock();
    idp = new FakeIdp(clock);
  });

  it('signs in with PKCE S256 and a nonce, and maps the ID token to the answer', async () => {
    const answer = await source().signIn({ username: 'agent1' });
    const [request] = idp.authorizeRequests;
    expect(request!.authorizeUrl).to.equal(AUTHORIZE_ENDPOINT);
    expect(request!.params).to.include({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid profile offline_access',
      code_challenge_method: 'S256',
      login_hint: 'agent1',
    });
    const verifier = request!.secrets.code_verifier!;
    expect(verifier).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(request!.params.code_challenge).to.equal(await codeChallengeS256(verifier));
    expect(request!.params.nonce).to.equal(request!.secrets.nonce);
    expect(request!.params).not.to.have.property('state', 'the machinery adds the state');
    const [exchange] = idp.tokenRequests;
    expect(Object.fromEntries(exchange!)).to.deep.equal({
      grant_type: 'authorization_code',
      code: 'code-1',
      client_id: CLIENT_ID,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    });
    expect(answer).to.deep.equal({
      token: 'at-secret-2',
      refreshToken: 'rt-secret-2',
      expiresIn: 300,
      userId: 'agent1',
      realm: ISSUER,
      userPrincipal: 'agent1@example.test',
    });
  });

  it('the PKCE challenge is RFC 7636 S256 (appendix B example)', async () => {
    expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).to.equal(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('falls back to sub when the ID token has no preferred_username or email', async () => {
    idp.user = { sub: 'u-777' } as FakeIdp['user'];
    const answer = await source().signIn({});
    expect(answer.userId).to.equal('u-777');
    expect(answer.userPrincipal).to.equal('u-777');
  });

  for (const [claim, value, why] of [
    ['iss', 'https://evil.test', '"iss"'],
    ['aud', 'someone-else', '"aud"'],
    ['nonce', 'replayed-nonce', '"nonce"'],
  ] as const) {
    it(`refuses an ID token whose ${claim} does not fit`, async () => {
      idp.idTokenOverrides = { [claim]: value };
      const error = await rejection(source().signIn({}));
      expect(error.code).to.equal('token-answer-invalid');
      expect(error.message).to.contain(why);
      expect(error.message).not.to.contain(value);
    });
  }

  it('refuses an expired ID token, and one whose azp names another client', async () => {
    idp.idTokenOverrides = { exp: Math.floor(clock.now() / 1000) - 3600 };
    expect((await rejection(source().signIn({}))).message).to.contain('"exp"');
    idp.idTokenOverrides = { aud: [CLIENT_ID, 'api'], azp: 'api' };
    expect((await rejection(source().signIn({}))).message).to.contain('"azp"');
  });

  it('refuses an answer naming another issuer (RFC 9207), or an error= answer', async () => {
    idp.authorizeAnswer = { code: 'x', iss: 'https://mix-up.test' };
    expect((await rejection(source().signIn({}))).code).to.equal('authorization-failed');
    idp.authorizeAnswer = { error: 'access_denied', error_description: '<b>no</b>' };
    const error = await rejection(source().signIn({}));
    expect(error.code).to.equal('authorization-failed');
    expect(error.details.errorType).to.equal('access_denied');
    expect(error.message).not.to.contain('<b>');
  });

  it('a refused code exchange is authorization-failed, not a refresh refusal', async () => {
    idp.next(() => json({ error: 'invalid_grant' }, 400));
    const error = await rejection(source().signIn({}));
    expect(error.code).to.equal('authorization-failed');
    expect(error.details.errorType).to.equal('invalid_grant');
  });

  it('refresh rotates: each refresh token is spent once, the next one is the new token', async () => {
    const oidc = source();
    const first = await oidc.signIn({});
    const second = await oidc.refresh(refreshInput(first.refreshToken!), { signal: signal() });
    expect(second.refreshToken).to.not.equal(first.refreshToken);
    const third = await oidc.refresh(refreshInput(second.refreshToken!), { signal: signal() });
    expect(third.token).to.match(/^at-secret-/);
    const refreshes = idp.tokenRequests.filter((b) => b.get('grant_type') === 'refresh_token');
    expect(refreshes.map((b) => b.get('refresh_token'))).to.deep.equal([
      first.refreshToken,
      second.refreshToken,
    ]);
    expect(Object.fromEntries(refreshes[0]!)).to.deep.equal({
      grant_type: 'refresh_token',
      refresh_token: first.refreshToken,
      client_id: CLIENT_ID,
    });
    expect(idp.invalidGrants).to.equal(0);
  });

  it('a reused refresh token is refresh-rejected (invalid_grant), and so is every later one', async () => {
    const oidc = source();
    const first = await oidc.signIn({});
    const second = await oidc.refresh(refreshInput(first.refreshToken!), { signal: signal() });
    const reuse = await rejection(
      oidc.refresh(refreshInput(first.refreshToken!), { signal: signal() }),
    );
    expect(reuse.code).to.equal('refresh-rejected');
    expect(reuse.details.errorType).to.equal('invalid_grant');
    expect(reuse.message).not.to.contain('grant request is invalid');
    const revoked = await rejection(
      oidc.refresh(refreshInput(second.refreshToken!), { signal: signal() }),
    );
    expect(revoked.code).to.equal('refresh-rejected');
  });

  it('classifies refresh failures: 5xx, network, timeout, HTML, broken JSON, no token', async () => {
    const oidc = source();
    const codeOf = async () =>
      (await rejection(oidc.refresh(refreshInput('rt'), { signal: signal() }))).code;
    await oidc.signIn({}); // discovery done
    idp.next(() => json({ error: 'temporarily_unavailable' }, 503));
    expect(await codeOf()).to.equal('server-error');
    idp.next(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await codeOf()).to.equal('network');
    idp.next(
      () => new Response('<html>login</html>', { headers: { 'Content-Type': 'text/html' } }),
    );
    expect(await codeOf()).to.equal('token-answer-invalid');
    idp.next(() => new Response('{"access_token":', { status: 200 }));
    expect(await codeOf()).to.equal('token-answer-invalid');
    idp.next(() => json({ token_type: 'Bearer', expires_in: 60 }));
    expect(await codeOf()).to.equal('token-answer-invalid');
    idp.next(() => json({ access_token: 'a', token_type: 'DPoP', expires_in: 60 }));
    expect(await codeOf()).to.equal('token-answer-invalid');
    idp.next(() => json({ error: 'invalid_client' }, 401));
    expect(await codeOf()).to.equal('refresh-rejected');
    // The session aborts a refresh that runs out of time.
    const controller = new AbortController();
    idp.next(() => new Promise<Response>(() => undefined)); // never answers
    const pending = oidc.refresh(refreshInput('rt'), { signal: controller.signal });
    controller.abort();
    expect((await rejection(pending)).code).to.equal('timeout');
  });

  it('a refresh without a new refresh token leaves it absent (the session keeps the old one)', async () => {
    const oidc = source();
    await oidc.signIn({});
    idp.next(() => json({ access_token: 'at-x', token_type: 'bearer', expires_in: 120 }));
    const answer = await oidc.refresh(refreshInput('rt'), { signal: signal() });
    expect(answer).to.include({ token: 'at-x', expiresIn: 120, userId: 'agent1' });
    expect(answer).not.to.have.property('refreshToken');
  });

  it('asks the authorization machinery synchronously, before discovery has answered', async () => {
    const metadata = deferred<typeof METADATA>();
    let calledWith: unknown;
    let result: AuthorizationResult | undefined;
    const oidc = source({
      discovery: () => metadata.promise,
      authorize: (request) => {
        calledWith = request;
        return Promise.resolve(request).then(async (r) => {
          result = { params: new URLSearchParams({ code: 'c' }), secrets: r.secrets };
          return result;
        });
      },
    });
    const pending = oidc.signIn({});
    expect(calledWith, 'authorize ran inside the click').to.be.instanceOf(Promise);
    expect(result).to.equal(undefined);
    metadata.resolve(METADATA);
    await rejection(pending); // code "c" is unknown to the IdP: refused, fine here
    expect(result!.secrets.code_verifier).to.have.length(43);
  });

  it('a discovery failure reaches the sign-in as discovery-failed', async () => {
    const oidc = source({
      discovery: createDiscovery(async () => new Response('<!doctype html><h1>Portal</h1>')),
    });
    expect((await rejection(oidc.signIn({}))).code).to.equal('discovery-failed');
  });

  it('finishes sign-ins picked up from another tab for its own issuer and client only', async () => {
    let accept: ((secrets: Record<string, string>) => boolean) | undefined;
    let deliver: ((result: Promise<AuthorizationResult>) => void) | undefined;
    const stopped: string[] = [];
    const oidc = source({
      listenForOrphans: (options, onResult) => {
        accept = options.accept;
        deliver = onResult;
        return () => stopped.push('stopped');
      },
    });
    const answers: Promise<unknown>[] = [];
    const stop = oidc.watchSignIns((answer) => answers.push(answer));
    expect(accept!({ issuer: ISSUER, client_id: CLIENT_ID })).to.equal(true);
    expect(accept!({ issuer: 'https://other.test', client_id: CLIENT_ID })).to.equal(false);
    expect(accept!({ issuer: ISSUER, client_id: 'other' })).to.equal(false);
    // A request made by "another tab" of the same source, finished here.
    const request = await oidc.authorizationRequest();
    idp.authorize(request).then((result) => deliver!(Promise.resolve(result)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const answer = (await answers[0]) as { userId: string };
    expect(answer.userId).to.equal('agent1');
    stop();
    expect(stopped).to.deep.equal(['stopped']);
  });

  it('refuses a configuration without openid, a client id or absolute URLs', () => {
    expect(() => source({ scope: 'profile' })).to.throw(TypeError, /openid/);
    expect(() => source({ clientId: '' })).to.throw(TypeError, /clientId/);
    expect(() => source({ issuer: 'idp.test' })).to.throw(TypeError, /issuer/);
    expect(() => source({ redirectUri: '/oauth/callback.html' })).to.throw(TypeError, /redirect/);
  });
});
