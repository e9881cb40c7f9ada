import { expect, waitUntil } from '@open-wc/testing';
import { createDiscovery } from '../../src/core/oidc/discovery.ts';
import { OidcSource } from '../../src/core/oidc/oidc-source.ts';
import { CLIENT_ID, FakeIdp, ISSUER, REDIRECT_URI } from './helpers/fake-idp.ts';
import { closeAll, makeEnv, openTab } from './helpers/tabs.ts';
import type { Env, TestTab } from './helpers/tabs.ts';

const S = 1000;

/**
 * The OpenID Connect source inside the shared session: several tabs, one IndexedDB record,
 * Web Locks, the manual clock. The session's refresh protocol (not the source) decides who
 * refreshes and keeps the rotated refresh token by compare-and-set.
 */
describe('SsoSession with OidcSource', () => {
  let env: Env;
  let idp: FakeIdp;
  let tabs: TestTab[];

  const refreshes = () => idp.tokenRequests.filter((b) => b.get('grant_type') === 'refresh_token');
  const allIn = (state: string) => () => tabs.every((t) => t.session.state === state);

  beforeEach(async () => {
    env = makeEnv();
    idp = new FakeIdp(env.clock);
    idp.expiresIn = 100;
    const source = new OidcSource({
      issuer: ISSUER,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      clock: env.clock,
      fetch: idp.fetch,
      authorize: idp.authorize,
      discovery: createDiscovery(idp.fetch),
    });
    tabs = [await openTab(env, { source })];
    await tabs[0]!.session.signIn();
    tabs.push(await openTab(env, { source }), await openTab(env, { source }));
    await waitUntil(allIn('active'));
  });
  afterEach(() => closeAll(env));

  it('three tabs over ten lifetimes: one refresh per lifetime, each with the latest refresh token', async () => {
    expect(tabs[1]!.session.user).to.deep.equal({
      userId: 'agent1',
      realm: ISSUER,
      userPrincipal: 'agent1@example.test',
    });
    for (let i = 1; i <= 10; i++) {
      await env.clock.advance(75 * S);
      await waitUntil(
        () => refreshes().length === i && tabs.every((t) => t.session.state === 'active'),
      );
    }
    const used = refreshes().map((b) => b.get('refresh_token'));
    expect(new Set(used).size, 'no refresh token was sent twice').to.equal(10);
    expect(idp.invalidGrants).to.equal(0);
    expect(idp.authorizeRequests, 'no second sign-in').to.have.length(1);
  });

  it('a reused refresh token (invalid_grant) is needs-sign-in in every tab, not a loop; one sign-in restores all', async () => {
    await env.clock.advance(75 * S);
    await waitUntil(
      () => refreshes().length === 1 && tabs.every((t) => t.session.state === 'active'),
    );
    // Someone else spends the current refresh token first: our next refresh is a reuse.
    expect(await idp.spendLatestRefreshToken()).to.equal(true);
    await env.clock.advance(75 * S);
    await waitUntil(allIn('needs-sign-in'));
    for (const tab of tabs) expect(tab.session.lastError?.code).to.equal('refresh-rejected');
    const requests = idp.tokenRequests.length;
    await env.clock.advance(20 * S);
    // And past the access token's expiry (jumped over: under the manual clock the session's
    // timer at exactly expiresAt would re-arm at 0 ms forever, see nextWakeAt).
    env.clock.jump(100 * S);
    await env.clock.advance(S);
    expect(idp.tokenRequests.length, 'no retry after invalid_grant').to.equal(requests);
    await tabs[2]!.session.signIn();
    await waitUntil(allIn('active'));
    expect(idp.authorizeRequests).to.have.length(2);
  });
});
