import { expect, waitUntil } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import { refreshLockName } from '../../src/core/kernel/tab-channel.ts';
import { SessionStore, memoryKeyValue } from '../../src/core/session/store.ts';
import { deferred } from './helpers/deferred.ts';
import { closeAll, makeEnv, openTab, settled } from './helpers/tabs.ts';
import type { Env, TestTab } from './helpers/tabs.ts';
import type { TokenAnswer } from '../../src/core/session/types.ts';

const S = 1000;
const reject = (code: ConstructorParameters<typeof FinesseError>[0]) => () =>
  Promise.reject(new FinesseError(code, `scripted ${code}`));

async function signedInTabs(env: Env, count: number): Promise<TestTab[]> {
  const tabs = [await openTab(env)];
  await tabs[0]!.session.signIn();
  for (let i = 1; i < count; i++) tabs.push(await openTab(env));
  return tabs;
}

const allIn = (tabs: TestTab[], state: string) => () =>
  tabs.every((t) => t.session.state === state);

describe('SsoSession: one pair, one refresher', () => {
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => closeAll(env));

  it('a new tab becomes active from the shared record without a sign-in', async () => {
    const [first, second] = await signedInTabs(env, 2);
    expect(first!.session.state).to.equal('active');
    expect(second!.session.state).to.equal('active');
    expect(second!.session.user?.userId).to.equal('agent1');
    expect(env.source.signInCalls).to.equal(1);
  });

  it('a tab without a username follows the current user of the cluster', async () => {
    await signedInTabs(env, 1);
    const anonymous = await openTab(env, { username: undefined });
    expect(anonymous.session.state).to.equal('active');
    expect(anonymous.session.username).to.equal('agent1');
  });

  it('a tab that is signed out hears a sign-in made in another tab', async () => {
    const waiting = await openTab(env, { username: undefined });
    expect(waiting.session.state).to.equal('signed-out');
    const other = await openTab(env);
    await other.session.signIn();
    await waitUntil(() => waiting.session.state === 'active', 'waiting tab did not follow');
  });

  it('exactly one of three due tabs refreshes; all adopt the new pair', async () => {
    const tabs = await signedInTabs(env, 3);
    const before = tabs[0]!.session.expiresAt!;
    // Hold the first answer so that every tab's timer fires while a refresh is in flight.
    const answer = deferred<TokenAnswer>();
    env.source.enqueue(() => answer.promise);
    await env.clock.advance(75 * S);
    await waitUntil(
      () => tabs.every((t) => t.session.state === 'refreshing'),
      'all tabs wait on the lock',
    );
    answer.resolve(env.source.mint());
    await waitUntil(() =>
      tabs.every((t) => t.session.expiresAt !== before && t.session.state === 'active'),
    );
    expect(env.source.refreshCalls).to.have.length(1);
    const expiries = new Set(tabs.map((t) => t.session.expiresAt));
    expect(expiries.size).to.equal(1);
    const refreshed = tabs.flatMap((t) => t.events.filter((e) => e.type === 'token-refreshed'));
    expect(refreshed).to.have.length(3);
    expect(refreshed.filter((e) => (e.detail as { byThisTab: boolean }).byThisTab)).to.have.length(
      1,
    );
  });

  it('over ten lifetimes three tabs send exactly one refresh per lifetime, each with the latest pair', async () => {
    const tabs = await signedInTabs(env, 3);
    for (let i = 1; i <= 10; i++) {
      await env.clock.advance(75 * S);
      await waitUntil(
        () =>
          env.source.refreshCalls.length === i && tabs.every((t) => t.session.state === 'active'),
      );
    }
    expect(env.source.refreshCalls).to.have.length(10);
    // Rotation: each call used the refresh token minted by the previous one.
    const used = env.source.refreshCalls.map((c) => c.refreshToken);
    expect(new Set(used).size).to.equal(10);
  });

  it('a refusal puts every tab in needs-sign-in, keeps the pair, and does not loop', async () => {
    const tabs = await signedInTabs(env, 2);
    const token = await tabs[1]!.session.getAccessToken();
    env.source.enqueue(reject('refresh-rejected'));
    await env.clock.advance(75 * S);
    await waitUntil(allIn(tabs, 'needs-sign-in'));
    for (const tab of tabs) {
      expect(tab.session.lastError?.code).to.equal('refresh-rejected');
      expect(tab.events.some((e) => e.type === 'session-error')).to.equal(true);
    }
    await env.clock.advance(19 * S);
    expect(env.source.refreshCalls).to.have.length(1);
    // The access token is still handed out until the margin before its expiry (5 s here).
    expect(await tabs[0]!.session.getAccessToken()).to.equal(token);
    // One re-sign-in from any tab restores every tab.
    await tabs[1]!.session.signIn();
    await waitUntil(allIn(tabs, 'active'));
    expect(tabs[0]!.session.lastError).to.equal(null);
  });

  describe('a refresh answer without refresh_token', () => {
    const withoutRefreshToken = () => {
      const { refreshToken: _r, ...answer } = env.source.mint();
      return Promise.resolve(answer);
    };

    it('keeps the refresh token it has and sends it next time, with the new access token', async () => {
      const tabs = await signedInTabs(env, 2);
      env.source.enqueue(withoutRefreshToken);
      env.source.enqueue(withoutRefreshToken);
      for (let i = 1; i <= 3; i++) {
        await env.clock.advance(75 * S);
        await waitUntil(
          () =>
            env.source.refreshCalls.length === i && tabs.every((t) => t.session.state === 'active'),
        );
      }
      const [first, second, third] = env.source.refreshCalls;
      expect(second!.refreshToken).to.equal(first!.refreshToken);
      expect(third!.refreshToken).to.equal(first!.refreshToken);
      expect(second!.token).not.to.equal(first!.token);
      expect(third!.token).not.to.equal(second!.token);
      expect(tabs[0]!.session.lastError).to.equal(null);
    });

    it('a refusal of the kept token at its next use is refresh-token-not-returned in every tab, once', async () => {
      const tabs = await signedInTabs(env, 3);
      env.source.enqueue(withoutRefreshToken);
      env.source.enqueue(reject('refresh-rejected'));
      await env.clock.advance(75 * S);
      await waitUntil(() => env.source.refreshCalls.length === 1 && allIn(tabs, 'active')());
      await env.clock.advance(75 * S);
      await waitUntil(allIn(tabs, 'needs-sign-in'));
      for (const tab of tabs) {
        expect(tab.session.lastError?.code).to.equal('refresh-token-not-returned');
        const errors = tab.events.filter((e) => e.type === 'session-error');
        expect(errors.map((e) => (e.detail as { code: string }).code)).to.deep.equal([
          'refresh-token-not-returned',
        ]);
      }
      await env.clock.advance(30 * S);
      expect(env.source.refreshCalls).to.have.length(2);
      // A new sign-in brings a refresh token from the sign-in answer again.
      await tabs[2]!.session.signIn();
      await waitUntil(allIn(tabs, 'active'));
      env.source.enqueue(reject('refresh-rejected'));
      await env.clock.advance(75 * S);
      await waitUntil(allIn(tabs, 'needs-sign-in'));
      expect(tabs[0]!.session.lastError?.code).to.equal('refresh-rejected');
    });

    it('a kept token that already worked again is refused as plain refresh-rejected', async () => {
      const tabs = await signedInTabs(env, 2);
      env.source.enqueue(withoutRefreshToken);
      env.source.enqueue(withoutRefreshToken);
      env.source.enqueue(reject('refresh-rejected'));
      for (let i = 1; i <= 2; i++) {
        await env.clock.advance(75 * S);
        await waitUntil(
          () =>
            env.source.refreshCalls.length === i && tabs.every((t) => t.session.state === 'active'),
        );
      }
      await env.clock.advance(75 * S);
      await waitUntil(allIn(tabs, 'needs-sign-in'));
      expect(tabs[1]!.session.lastError?.code).to.equal('refresh-rejected');
    });
  });

  it('a transport failure is offline: pair kept, retried with backoff, recovered', async () => {
    const tabs = await signedInTabs(env, 2);
    env.source.enqueue(reject('server-error'));
    await env.clock.advance(75 * S);
    await waitUntil(allIn(tabs, 'offline'));
    expect(env.source.refreshCalls).to.have.length(1);
    await env.clock.advance(1 * S);
    await waitUntil(allIn(tabs, 'active'));
    expect(env.source.refreshCalls).to.have.length(2);
  });

  it('a lost answer is retried once; an Invalid Token then is rotation-lost, not a loop', async () => {
    const tabs = await signedInTabs(env, 2);
    env.source.enqueue(reject('network'));
    env.source.enqueue(reject('refresh-rejected'));
    await env.clock.advance(75 * S);
    await waitUntil(allIn(tabs, 'needs-sign-in'));
    expect(tabs[0]!.session.lastError?.code).to.equal('rotation-lost');
    expect(tabs[1]!.session.lastError?.code).to.equal('rotation-lost');
    await env.clock.advance(20 * S);
    expect(env.source.refreshCalls).to.have.length(2);
  });

  it('a lost answer whose retry succeeds (reset before rotation) leaves the session active', async () => {
    const tabs = await signedInTabs(env, 2);
    env.source.enqueue(reject('network'));
    await env.clock.advance(75 * S);
    await waitUntil(
      () => env.source.refreshCalls.length === 2 && tabs.every((t) => t.session.state === 'active'),
    );
    expect(env.source.refreshCalls[0]!.refreshToken).to.equal(
      env.source.refreshCalls[1]!.refreshToken,
    );
  });

  it('a hanging refresh is abandoned shortly before expiry and retried once, keeping the lock meanwhile', async () => {
    const tabs = await signedInTabs(env, 2);
    env.source.enqueue(
      (_input, signal) =>
        new Promise((_resolve, rejectAnswer) =>
          signal.addEventListener('abort', () =>
            rejectAnswer(new FinesseError('timeout', 'no answer')),
          ),
        ),
    );
    await env.clock.advance(75 * S);
    // The refresh starts after IndexedDB and the lock answer (real ones): move the clock on only
    // once it is out, or its deadline is planned from a later time (a stressed Firefox run).
    await waitUntil(() => env.source.refreshCalls.length === 1, 'the refresh sent');
    await env.clock.advance(10 * S);
    // Still waiting for the answer: no second request from the other tab.
    expect(env.source.refreshCalls).to.have.length(1);
    await env.clock.advance(11 * S);
    await waitUntil(
      () => env.source.refreshCalls.length === 2 && tabs.every((t) => t.session.state === 'active'),
    );
    expect(tabs[0]!.session.expiresAt! > env.clock.now()).to.equal(true);
  });

  it('after a sleep longer than the lifetime, one refresh brings the session back', async () => {
    const [tab] = await signedInTabs(env, 1);
    env.clock.jump(500 * S);
    tab!.lifecycle.document.dispatchEvent(new Event('resume'));
    await waitUntil(() => env.source.refreshCalls.length === 1 && tab!.session.state === 'active');
    expect(tab!.session.expiresAt! > env.clock.now()).to.equal(true);
  });

  it('after a sleep with the network down: offline and expired (no sign-in), retried at once when back online', async () => {
    const [tab] = await signedInTabs(env, 1);
    env.clock.jump(500 * S);
    env.source.enqueue(reject('network'));
    env.source.enqueue(reject('network'));
    tab!.lifecycle.window.dispatchEvent(new Event('focus'));
    await waitUntil(() => env.source.refreshCalls.length === 2 && tab!.session.state === 'offline');
    expect(tab!.session.expired).to.equal(true);
    expect(tab!.session.lastError?.code).to.equal('network');
    tab!.lifecycle.window.dispatchEvent(new Event('online'));
    await waitUntil(() => tab!.session.state === 'active');
    expect(env.source.refreshCalls).to.have.length(3);
    expect(tab!.session.expired).to.equal(false);
    expect(env.source.signInCalls).to.equal(1);
  });

  it('sign-out reaches every tab, and a refresh still in flight cannot bring the session back', async () => {
    const tabs = await signedInTabs(env, 2);
    const answer = deferred<TokenAnswer>();
    env.source.enqueue(() => answer.promise);
    await env.clock.advance(75 * S);
    await waitUntil(() => env.source.refreshCalls.length === 1);
    await tabs[1]!.session.signOut();
    await waitUntil(allIn(tabs, 'signed-out'));
    answer.resolve(env.source.mint());
    await env.clock.advance(1 * S);
    for (const tab of tabs) {
      expect(tab.session.state).to.equal('signed-out');
      expect(tab.session.user).to.equal(null);
    }
    const signedOut = tabs.map((t) => t.events.find((e) => e.type === 'signed-out')?.detail);
    expect(signedOut).to.deep.equal([{ byThisTab: false }, { byThisTab: true }]);
    try {
      await tabs[0]!.session.getAccessToken();
      throw new Error('expected signed-out');
    } catch (error) {
      expect((error as FinesseError).code).to.equal('signed-out');
    }
  });

  it('a frozen lock holder (no heartbeat) is superseded before the pair expires', async () => {
    const [tab] = await signedInTabs(env, 1);
    const key = `${env.cluster}|agent1`;
    const frozen = deferred<void>();
    const held = navigator.locks
      .request(refreshLockName(key), () => frozen.promise)
      .catch(() => undefined); // rejected when stolen
    const expiry = tab!.session.expiresAt!;
    // Step only once the tab waits on the clock again (its lock request queued behind the
    // frozen holder, or a timer set). On a loaded machine it lags the clock steps; stepping on
    // regardless moved the deadlines it plans (a stressed Firefox run).
    await env.clock.advance(75 * S);
    while (env.source.refreshCalls.length === 0 && env.clock.now() < expiry) {
      await settled(env, { queuedLock: refreshLockName(key) });
      if (env.source.refreshCalls.length === 0) await env.clock.advance(1 * S);
    }
    await waitUntil(
      () => tab!.session.state === 'active' && env.source.refreshCalls.length === 1,
      'the refresh by the superseding tab',
      { timeout: 10_000 },
    );
    expect(env.clock.now() < expiry).to.equal(true);
    frozen.resolve();
    await held;
  });

  it('a tab that missed the broadcast catches up when it wakes', async () => {
    const first = await openTab(env);
    await first.session.signIn();
    const deaf = await openTab(env, { channel: undefined });
    env.clock.jump(76 * S); // timers did not run: a frozen tab
    await first.session.getAccessToken(); // refreshes, as it is due
    expect(env.source.refreshCalls).to.have.length(1);
    deaf.lifecycle.document.dispatchEvent(new Event('resume'));
    await waitUntil(() => deaf.session.expiresAt === first.session.expiresAt);
    expect(await deaf.session.getAccessToken()).to.equal(await first.session.getAccessToken());
    expect(env.source.refreshCalls).to.have.length(1);
  });

  it('getAccessToken refreshes first when the refresh is due', async () => {
    const [tab] = await signedInTabs(env, 1);
    const old = await tab!.session.getAccessToken();
    env.clock.jump(80 * S);
    const fresh = await tab!.session.getAccessToken();
    expect(fresh).not.to.equal(old);
    expect(env.source.refreshCalls).to.have.length(1);
  });

  it('refuses a sign-in that returns another user than requested', async () => {
    const tab = await openTab(env, { username: 'agent2' });
    try {
      await tab.session.signIn();
      throw new Error('expected user-mismatch');
    } catch (error) {
      expect((error as FinesseError).code).to.equal('user-mismatch');
    }
    expect(tab.session.state).to.equal('signed-out');
    expect(tab.session.lastError?.code).to.equal('user-mismatch');
  });

  it('reports storage-unavailable when the browser refuses to store the pair', async () => {
    const readOnly = { ...memoryKeyValue() };
    readOnly.set = async () => {
      throw new DOMException('QuotaExceededError', 'QuotaExceededError');
    };
    const tab = await openTab(env, { store: new SessionStore(readOnly, 'indexeddb') });
    try {
      await tab.session.signIn();
      throw new Error('expected storage-unavailable');
    } catch (error) {
      expect((error as FinesseError).code).to.equal('storage-unavailable');
    }
    expect(tab.session.state).to.equal('signed-out');
    expect(tab.events.some((e) => e.type === 'session-error')).to.equal(true);
  });

  it('announces the memory fallback', async () => {
    const tab = await openTab(env, {
      store: async () => ({
        store: new SessionStore(memoryKeyValue(), 'memory'),
        degraded: 'IndexedDB is missing',
      }),
    });
    expect(tab.session.storage).to.equal('memory');
    expect(tab.events.find((e) => e.type === 'storage-degraded')?.detail).to.deep.equal({
      reason: 'IndexedDB is missing',
    });
    await tab.session.signIn();
    expect(tab.session.state).to.equal('active');
  });

  it('never puts a token in an event detail', async () => {
    const tabs = await signedInTabs(env, 2);
    env.source.enqueue(reject('network'));
    await env.clock.advance(75 * S);
    await env.clock.advance(5 * S);
    env.source.enqueue(reject('refresh-rejected'));
    await env.clock.advance(80 * S);
    await tabs[0]!.session.signOut();
    const serialised = JSON.stringify(tabs.flatMap((t) => t.events));
    expect(tabs[0]!.events.length).to.be.greaterThan(3);
    for (const token of env.source.issued) expect(serialised).not.to.include(token);
  });
});

describe('SsoSession: a user change is an event, never a silent swap', () => {
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => closeAll(env));

  /** agent1 signed in; then agent2 signs in from a tab of their own. */
  async function agent2SignsIn(): Promise<TestTab> {
    env.source.userId = 'agent2';
    const theirs = await openTab(env, { username: 'agent2' });
    await theirs.session.signIn();
    return theirs;
  }

  it('a tab without username follows the newest sign-in with user-changed, never a token', async () => {
    const first = await openTab(env);
    await first.session.signIn();
    const follower = await openTab(env, { username: undefined });
    const before = await follower.session.getAccessToken();
    await agent2SignsIn();
    await waitUntil(() => follower.session.user?.userId === 'agent2', 'follower did not follow');
    const changes = follower.events.filter((e) => e.type === 'user-changed');
    expect(changes.map((e) => e.detail)).to.deep.equal([
      { previousUserId: 'agent1', userId: 'agent2' },
    ]);
    expect(follower.session.state).to.equal('active');
    expect(follower.events.some((e) => e.type === 'signed-out')).to.equal(false);
    const after = await follower.session.getAccessToken();
    expect(after).not.to.equal(before);
    expect(JSON.stringify(follower.events)).not.to.include(after);
    expect(JSON.stringify(follower.events)).not.to.include(before);
  });

  it('a tab bound to agent1 signs out of agent1 (reason user-changed) when agent2 signs in', async () => {
    const bound = await openTab(env);
    await bound.session.signIn();
    const second = await openTab(env); // another tab of agent1
    await agent2SignsIn();
    await waitUntil(allIn([bound, second], 'signed-out'), 'agent1 tabs were not signed out');
    for (const tab of [bound, second]) {
      const out = tab.events.filter((e) => e.type === 'signed-out');
      expect(out).to.have.length(1);
      expect((out[0]!.detail as { reason?: string }).reason).to.equal('user-changed');
      expect(tab.session.user).to.equal(null);
      expect(tab.events.some((e) => e.type === 'user-changed')).to.equal(false);
      const refused = await tab.session.getAccessToken().then(
        () => null,
        (error: FinesseError) => error.code,
      );
      expect(refused).to.equal('signed-out');
    }
    // It offers agent1's sign-in again (not agent2's), and that restores agent1 there.
    expect(bound.session.username).to.equal('agent1');
    env.source.userId = 'agent1';
    await bound.session.signIn();
    await waitUntil(allIn([bound, second], 'active'));
    expect(second.session.user?.userId).to.equal('agent1');
  });

  it('a tab bound to agent1 refuses to store a pair of agent2', async () => {
    const bound = await openTab(env);
    env.source.userId = 'agent2';
    const refused = await bound.session.signIn({ username: 'agent2' }).then(
      () => null,
      (error: FinesseError) => error.code,
    );
    expect(refused).to.equal('user-mismatch');
    expect(bound.session.state).to.equal('signed-out');
    expect(bound.session.user).to.equal(null);
  });

  it('a request started while showing agent1 never gets agent2’s token', async () => {
    const sent: string[] = [];
    let switchUser: (() => Promise<void>) | null = null;
    const first = await openTab(env);
    await first.session.signIn();
    const follower = await openTab(env, {
      username: undefined,
      fetch: async (input) => {
        sent.push((input as Request).headers.get('Authorization') ?? '');
        if (switchUser) {
          const run = switchUser;
          switchUser = null;
          await run(); // agent2 signs in while agent1's request is out, and this tab follows
          return new Response('', { status: 401 });
        }
        return new Response('<User/>', { status: 200 });
      },
    });
    await env.clock.advance(10 * S);
    const agent1Token = await follower.session.getAccessToken();
    switchUser = async () => {
      await agent2SignsIn();
      await waitUntil(() => follower.session.user?.userId === 'agent2');
    };
    const refused = await follower.session.fetch('/finesse/api/User/agent1').then(
      () => null,
      (error: FinesseError) => error.code,
    );
    expect(refused).to.equal('user-mismatch');
    expect(sent).to.deep.equal([`Bearer ${agent1Token}`]);
    // Calls made now, while agent2 is shown, carry agent2's pair.
    expect((await follower.session.fetch('/finesse/api/User/agent2')).status).to.equal(200);
    expect(sent[1]).to.equal(`Bearer ${await follower.session.getAccessToken()}`);
    expect(sent[1]).not.to.equal(sent[0]);
  });
});

describe('SsoSession: cross-tab messages are checked by shape', () => {
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => closeAll(env));

  /** Everything that must be ignored: missing fields, wrong types, NaN/Infinity, huge deadlines, unknown types. */
  function malformed(now: number): unknown[] {
    const key = `${env.cluster}|agent1`;
    return [
      { type: 'signing-in', from: 'x', open: true }, // no deadline: the bug that froze every tab
      { type: 'signing-in', from: 'x', open: 'yes', until: now + 1_000 },
      { type: 'signing-in', from: 'x', open: true, until: Number.NaN },
      { type: 'signing-in', from: 'x', open: true, until: Number.POSITIVE_INFINITY },
      { type: 'signing-in', from: 'x', open: true, until: now + 10 * 3_600_000 },
      { type: 'signing-in', from: 'x', open: true, until: String(now + 1_000) },
      { type: 'signing-in', open: true, until: now + 1_000 },
      { type: 'signing-in', from: '', open: true, until: now + 1_000 },
      { type: 'record-changed', from: 'x', why: 'signed-in' },
      { type: 'record-changed', from: 'x', key, why: 'take-over' },
      { type: 'record-changed', from: 42, key, why: 'signed-out' },
      {
        type: 'record-changed',
        from: 'x',
        key: 'https://elsewhere.test|agent1',
        why: 'signed-out',
      },
      { type: 'record-changed', from: 'x', key: 'k'.repeat(5_000), why: 'signed-out' },
      { type: 'sign-everyone-out', from: 'x', key },
      null,
      'signing-in',
      [{ type: 'signing-in', from: 'x', open: true, until: now + 1_000 }],
    ];
  }

  it('ignores and counts malformed messages: a tab in needs-sign-in stays there', async () => {
    const tab = await openTab(env);
    await tab.session.signIn();
    env.source.enqueue(reject('refresh-rejected'));
    await env.clock.advance(75 * S);
    await waitUntil(() => tab.session.state === 'needs-sign-in');
    const changes = tab.events.length;
    const evil = new BroadcastChannel(env.channelName);
    env.channels.push(evil);
    const bad = malformed(env.clock.now());
    for (const message of bad) evil.postMessage(message);
    await waitUntil(() => tab.session.malformedMessages === bad.length, 'not all counted');
    expect(tab.session.state).to.equal('needs-sign-in');
    expect(tab.events.slice(changes)).to.deep.equal([]);
    // A well-formed notice still counts, and lapses by itself.
    evil.postMessage({
      type: 'signing-in',
      from: 'x',
      open: true,
      until: env.clock.now() + 60 * S,
    });
    await waitUntil(() => tab.session.state === 'signing-in');
    await env.clock.advance(61 * S);
    await waitUntil(() => tab.session.state === 'needs-sign-in');
    expect(tab.session.malformedMessages).to.equal(bad.length);
  });

  it('a signed-out tab ignores and counts them too, and stays signed out', async () => {
    const tab = await openTab(env);
    const evil = new BroadcastChannel(env.channelName);
    env.channels.push(evil);
    const bad = malformed(env.clock.now());
    for (const message of bad) evil.postMessage(message);
    await waitUntil(() => tab.session.malformedMessages === bad.length, 'not all counted');
    expect(tab.session.state).to.equal('signed-out');
    expect(tab.events).to.deep.equal([]);
  });
});

describe('SsoSession.fetch', () => {
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => closeAll(env));

  it('on a 401 refreshes once and retries once with the new token', async () => {
    const seen: Array<{ url: string; auth: string | null; body: string }> = [];
    let calls = 0;
    const tab = await openTab(env, {
      fetch: async (input) => {
        const request = input as Request;
        seen.push({
          url: request.url,
          auth: request.headers.get('Authorization'),
          body: await request.text(),
        });
        return new Response('<User/>', { status: ++calls === 1 ? 401 : 200 });
      },
    });
    await tab.session.signIn();
    // Past the first moments of the pair: a 401 on a token that young is not expiry.
    await env.clock.advance(10 * S);
    const first = await tab.session.getAccessToken();
    const response = await tab.session.fetch('/finesse/api/User/agent1', {
      method: 'PUT',
      body: '<User/>',
    });
    expect(response.status).to.equal(200);
    expect(seen).to.have.length(2);
    expect(seen[0]!.url).to.equal(`${env.cluster}/finesse/api/User/agent1`);
    expect(seen[0]!.auth).to.equal(`Bearer ${first}`);
    expect(seen[1]!.auth).to.equal(`Bearer ${await tab.session.getAccessToken()}`);
    expect(seen[1]!.auth).not.to.equal(seen[0]!.auth);
    expect(seen[1]!.body).to.equal('<User/>');
    expect(env.source.refreshCalls).to.have.length(1);
  });

  /** A Finesse that answers 401 for another agent's resource, whatever the token. */
  const forbidding = (seen: string[]) => async (input: RequestInfo | URL) => {
    const request = input as Request;
    seen.push(request.headers.get('Authorization') ?? '');
    const mine = request.url.endsWith('/User/agent1');
    return new Response('<ApiErrors/>', { status: mine ? 200 : 401 });
  };

  it('ten calls to a resource that is not the agent’s cost at most one refresh', async () => {
    const seen: string[] = [];
    const tab = await openTab(env, { fetch: forbidding(seen) });
    await tab.session.signIn();
    await env.clock.advance(10 * S);
    for (let i = 0; i < 10; i++) {
      const response = await tab.session.fetch('/finesse/api/User/agent2');
      expect(response.status).to.equal(401);
    }
    expect(env.source.refreshCalls).to.have.length(1);
    // The caller's own resource still works with the pair it has.
    expect((await tab.session.fetch('/finesse/api/User/agent1')).status).to.equal(200);
    expect(tab.session.state).to.equal('active');
  });

  it('the refused retry is shared: another tab’s 401s on that pair cause no refresh', async () => {
    const seen: string[] = [];
    const first = await openTab(env, { fetch: forbidding(seen) });
    await first.session.signIn();
    const second = await openTab(env, { fetch: forbidding(seen) });
    await env.clock.advance(10 * S);
    expect((await first.session.fetch('/finesse/api/User/agent2')).status).to.equal(401);
    // Well past the new pair's first moments, so only the shared mark holds the second tab back.
    await env.clock.advance(10 * S);
    for (let i = 0; i < 10; i++) {
      expect((await second.session.fetch('/finesse/api/User/agent2')).status).to.equal(401);
    }
    expect(env.source.refreshCalls).to.have.length(1);
  });

  it('ten concurrent 401s on one token make one refresh', async () => {
    const seen: string[] = [];
    const tab = await openTab(env, { fetch: forbidding(seen) });
    await tab.session.signIn();
    await env.clock.advance(10 * S);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => tab.session.fetch('/finesse/api/User/agent2')),
    );
    expect(answers.every((r) => r.status === 401)).to.equal(true);
    expect(env.source.refreshCalls).to.have.length(1);
  });

  it('a 401 on a token issued moments ago goes back to the caller without a refresh', async () => {
    const seen: string[] = [];
    const tab = await openTab(env, { fetch: forbidding(seen) });
    await tab.session.signIn();
    const response = await tab.session.fetch('/finesse/api/User/agent2');
    expect(response.status).to.equal(401);
    expect(seen).to.have.length(1); // no retry either: there is no newer token
    expect(env.source.refreshCalls).to.have.length(0);
  });

  it('the next pair (renewed on schedule) may again be refreshed once on a 401', async () => {
    const seen: string[] = [];
    const tab = await openTab(env, { fetch: forbidding(seen) });
    await tab.session.signIn();
    await env.clock.advance(10 * S);
    await tab.session.fetch('/finesse/api/User/agent2');
    expect(env.source.refreshCalls).to.have.length(1);
    await env.clock.advance(80 * S); // the scheduled refresh of the pair minted on the 401
    await waitUntil(() => env.source.refreshCalls.length === 2 && tab.session.state === 'active');
    await env.clock.advance(10 * S);
    for (let i = 0; i < 5; i++) await tab.session.fetch('/finesse/api/User/agent2');
    expect(env.source.refreshCalls).to.have.length(3);
  });

  it('useNode moves the token endpoint with REST and notifications, and back', async () => {
    const secondary = 'https://fin-b.test:8445';
    const tab = await openTab(env, { finesseOrigins: [env.cluster, secondary] });
    tab.session.useNode('secondary');
    tab.session.useNode('primary');
    expect(env.source.usedNodes).to.deep.equal([secondary, env.cluster]);
  });

  it('useNode with the origin SystemInfo names (no secondary-url) lets that node see the bearer', async () => {
    const named = 'https://fin-b.test:9443';
    const seen: string[] = [];
    const tab = await openTab(env, {
      fetch: async (input: RequestInfo | URL) => {
        seen.push(new Request(input).url);
        return new Response('<User/>');
      },
    });
    await tab.session.signIn();
    tab.session.useNode('secondary', 'http://fin-b.test:9443'); // another scheme: refused
    expect(env.source.usedNodes).to.deep.equal([]);
    tab.session.useNode('secondary', named);
    expect(env.source.usedNodes).to.deep.equal([named]);
    await tab.session.fetch(`${named}/finesse/api/User/agent1`);
    expect(seen).to.deep.equal([`${named}/finesse/api/User/agent1`]);
    tab.session.useNode('primary');
    expect(env.source.usedNodes).to.deep.equal([named, env.cluster]);
  });

  it('refuses to send the token to a foreign origin', async () => {
    let called = false;
    const tab = await openTab(env, {
      fetch: async () => {
        called = true;
        return new Response('');
      },
    });
    await tab.session.signIn();
    try {
      await tab.session.fetch('https://evil.example/steal');
      throw new Error('expected foreign-origin');
    } catch (error) {
      expect((error as FinesseError).code).to.equal('foreign-origin');
      expect((error as FinesseError).message).not.to.include(await tab.session.getAccessToken());
    }
    expect(called).to.equal(false);
  });
});
