import { expect, waitUntil } from '@open-wc/testing';
import type { TokenAnswer } from '../../src/core/session/types.ts';
import { closeAll, makeEnv, openTab } from './helpers/tabs.ts';
import type { Env, TestTab } from './helpers/tabs.ts';

const S = 1000;
const MIN = 60 * S;

const allIn = (tabs: TestTab[], state: string) => () =>
  tabs.every((t) => t.session.state === state);

describe('SsoSession with providers that differ from Finesse', () => {
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => closeAll(env));

  describe('a source that cannot refresh (Genesys Cloud)', () => {
    beforeEach(() => {
      env.source.canRefresh = false;
    });

    it('asks for a new sign-in 10 minutes before expiry, never calls refresh, and one sign-in restores every tab', async () => {
      env.source.expiresIn = 3600;
      const first = await openTab(env, { timing: { maxTimerStepMs: 10 * MIN } });
      await first.session.signIn();
      const second = await openTab(env, { timing: { maxTimerStepMs: 10 * MIN } });
      const tabs = [first, second];
      expect(first.session.silentRenewal).to.equal(false);
      const { expiresAt, refreshAt } = first.session;
      expect(expiresAt! - refreshAt!).to.equal(10 * MIN);

      await env.clock.advance(50 * MIN - S);
      expect(tabs.every((t) => t.session.state === 'active')).to.equal(true);
      await env.clock.advance(2 * S);
      await waitUntil(allIn(tabs, 'needs-sign-in'), 'banner in every tab');
      expect(env.source.refreshCalls).to.have.length(0);
      expect(second.session.lastError?.code).to.equal('refresh-needs-interaction');

      await second.session.signIn();
      await waitUntil(allIn(tabs, 'active'), 'the new sign-in reached every tab');
      expect(env.source.signInCalls).to.equal(2);
    });

    it('a short token (300 s) gets the last quarter, not more than its life', async () => {
      env.source.expiresIn = 300;
      const tab = await openTab(env);
      await tab.session.signIn();
      expect(tab.session.expiresAt! - tab.session.refreshAt!).to.equal(75 * S);
    });
  });

  it('commits a sign-in the source finished without signIn() (an OAuth callback after a reload)', async () => {
    let deliver: ((answer: Promise<TokenAnswer>) => void) | undefined;
    let unsubscribed = false;
    Object.assign(env.source, {
      watchSignIns(onSignIn: (answer: Promise<TokenAnswer>) => void) {
        deliver = onSignIn;
        return () => {
          unsubscribed = true;
        };
      },
    });
    const tab = await openTab(env);
    const other = await openTab(env);
    expect(tab.session.state).to.equal('signed-out');
    deliver!(Promise.resolve(env.source.mint()));
    await waitUntil(allIn([tab, other], 'active'), 'the orphan callback signed every tab in');
    tab.session.dispose();
    expect(unsubscribed).to.equal(true);
  });

  describe('idle timeout', () => {
    it('endForIdle() signs every tab out and each one says why', async () => {
      const first = await openTab(env);
      await first.session.signIn();
      const second = await openTab(env);
      const signOutAt = env.clock.now() + 30 * S;
      first.session.setIdleWarning(signOutAt);
      expect(first.session.idleSignOutAt).to.equal(signOutAt);
      await first.session.endForIdle();
      await waitUntil(allIn([first, second], 'signed-out'), 'every tab signed out');
      expect(first.session.idleSignOutAt).to.equal(null);
      for (const tab of [first, second]) {
        await waitUntil(() => tab.session.lastError?.code === 'idle-timeout', 'idle-timeout shown');
        expect(tab.events.map((e) => e.type)).to.include('signed-out');
      }
      const warnings = first.events.filter((e) => e.type === 'idle-warning');
      expect(warnings.map((e) => e.detail)).to.deep.equal([{ signOutAt }, { signOutAt: null }]);
    });

    it('with unauthorized=idle-expiry a 401 is the server ending the session: every tab signs out', async () => {
      let apiUse = 0;
      const calls: string[] = [];
      const fetchStub = async (request: RequestInfo | URL) => {
        calls.push(String(request instanceof Request ? request.url : request));
        return new Response('', { status: 401 });
      };
      const overrides = {
        unauthorized: 'idle-expiry' as const,
        fetch: fetchStub as typeof fetch,
        onApiUse: () => void apiUse++,
      };
      const first = await openTab(env, overrides);
      await first.session.signIn();
      const second = await openTab(env, overrides);
      let caught: unknown;
      try {
        await first.session.fetch('/api/v2/users/me');
      } catch (error) {
        caught = error;
      }
      expect((caught as { code?: string }).code).to.equal('idle-timeout');
      expect(calls).to.have.length(1); // no refresh and no retry
      expect(env.source.refreshCalls).to.have.length(0);
      expect(apiUse).to.equal(1);
      await waitUntil(allIn([first, second], 'signed-out'), 'every tab signed out');
      await waitUntil(() => second.session.lastError?.code === 'idle-timeout', 'reason shown');
    });
  });
});
