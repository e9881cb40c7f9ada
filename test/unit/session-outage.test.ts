/**
 * Issue 9: transport faults never force a sign-in, lost rotations are named, wall-clock jumps
 * are noticed. Tabs share one IndexedDB, one channel and real Web Locks; the test drives a
 * manual clock (wall and monotonic) and a scripted identity server.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import type { FinesseErrorCode } from '../../src/core/kernel/errors.ts';
import { closeAll, makeEnv, openTab, settled } from './helpers/tabs.ts';
import type { Env, TestTab } from './helpers/tabs.ts';
import type { SsoSessionOptions } from '../../src/core/session/session.ts';

const S = 1000;
const H = 60 * 60 * S;
const error = (code: FinesseErrorCode, status?: number) =>
  new FinesseError(code, `scripted ${code}`, { details: status ? { status } : {} });

async function signedInTabs(
  env: Env,
  count: number,
  overrides: Partial<SsoSessionOptions> = {},
): Promise<TestTab[]> {
  const tabs = [await openTab(env, overrides)];
  await tabs[0]!.session.signIn();
  for (let i = 1; i < count; i++) tabs.push(await openTab(env, overrides));
  return tabs;
}

const allIn = (tabs: TestTab[], state: string) => () =>
  tabs.every((t) => t.session.state === state);

/**
 * Advances the clock in steps, failing as soon as a tab asks for a sign-in. Between steps it
 * lets what the last step started finish (`settled`: the record read that a timer begins with,
 * the refresh, real IndexedDB and locks), so a busy machine does not turn slow async work into
 * elapsed clock time.
 */
async function advanceWatching(env: Env, tabs: TestTab[], ms: number, step: number) {
  for (let done = 0; done < ms; done += step) {
    await settled(env);
    await env.clock.advance(Math.min(step, ms - done));
    for (const tab of tabs) {
      expect(tab.session.state, `at +${done} ms`).not.to.equal('needs-sign-in');
    }
  }
}

const everNeededSignIn = (tabs: TestTab[]) =>
  tabs.some((t) =>
    t.events.some(
      (e) =>
        e.type === 'session-change' && (e.detail as { state: string }).state === 'needs-sign-in',
    ),
  );

describe('SsoSession: transport faults never force a sign-in', function () {
  // Many clock steps with real IndexedDB and locks in between: slow on a loaded machine.
  this.timeout(30_000);
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => closeAll(env));

  it('a 5xx outage straddling expiry: offline and expired, then every tab recovers without a popup', async () => {
    const start = env.clock.now();
    // 100 s tokens: the outage starts 3 s before the refresh (75 s) and lasts past expiry.
    const outageEnd = start + 130 * S;
    const attempts: number[] = [];
    env.source.outage = () => {
      attempts.push(env.clock.now());
      return env.clock.now() >= start + 72 * S && env.clock.now() < outageEnd
        ? error('server-error', 503)
        : undefined;
    };
    const tabs = await signedInTabs(env, 3);
    await advanceWatching(env, tabs, 99 * S, 1 * S);
    expect(tabs.every((t) => t.session.expired)).to.equal(false);
    await advanceWatching(env, tabs, 2 * S, 1 * S);
    await waitUntil(
      () => tabs.every((t) => t.session.expired && t.session.state === 'offline'),
      'every tab offline with an expired token',
    );
    for (const tab of tabs) {
      const change = tab.events.filter((e) => e.type === 'session-change').reverse()[0];
      expect(change?.detail).to.deep.include({ state: 'offline', expired: true });
    }
    // No token is handed out once it has expired: the code says why, the agent need not act.
    try {
      await tabs[1]!.session.getAccessToken();
      throw new Error('expected a transport error');
    } catch (caught) {
      expect((caught as FinesseError).code).to.equal('server-error');
    }
    // Still retrying through the outage; once expired, at most 4 s apart.
    await advanceWatching(env, tabs, outageEnd - env.clock.now(), 1 * S);
    // Past expiry the waits are at most 4 s (the clock moves in 1 s steps: 1 s of slack).
    const expired = attempts.filter((at) => at >= start + 100 * S);
    expect(expired.length).to.be.greaterThan(4);
    for (let i = 1; i < expired.length; i++) {
      expect(expired[i]! - expired[i - 1]!, `wait before attempt ${i}`).to.be.at.most(5 * S);
    }
    await advanceWatching(env, tabs, 5 * S, 1 * S);
    await waitUntil(allIn(tabs, 'active'), 'every tab back to active');
    expect(
      tabs.every((t) => !t.session.expired && t.session.expiresAt! > env.clock.now()),
    ).to.equal(true);
    expect(env.source.signInCalls).to.equal(1);
    expect(everNeededSignIn(tabs)).to.equal(false);
    // Recovered by the first attempt after the outage, within the expired-retry cap (counted by
    // the clock at each attempt: an attempt still on its way to the server when the outage
    // ended counts as one during it, however slow the machine).
    expect(attempts.filter((at) => at >= outageEnd).length).to.equal(1);
  });

  it('a 503 for 15 % of the lifetime from the refresh (8 s tokens, 3 tabs) ends active in every tab', async () => {
    env.source.expiresIn = 8;
    const start = env.clock.now();
    // 6.0 s .. 7.2 s inclusive: the last try before expiry still meets the outage.
    env.source.outage = () =>
      env.clock.now() >= start + 6 * S && env.clock.now() <= start + 7.2 * S
        ? error('server-error', 503)
        : undefined;
    const tabs = await signedInTabs(env, 3, { random: () => 0 });
    // The tries at 6.0, 7.0 and 7.2 s fail; the next one (5 s later) succeeds.
    await advanceWatching(env, tabs, 14 * S, 100);
    await waitUntil(allIn(tabs, 'active'), 'every tab active');
    expect(env.source.signInCalls).to.equal(1);
    expect(everNeededSignIn(tabs)).to.equal(false);
    expect(tabs[0]!.session.expiresAt! > env.clock.now()).to.equal(true);
  });

  it('online, focus and any answer from Finesse retry at once instead of waiting out the backoff', async () => {
    let down = true;
    env.source.outage = () => (down ? error('network') : undefined);
    const tabs = await signedInTabs(env, 2, {
      fetch: async () => new Response('<User/>', { status: 200 }),
      // A long backoff: every retry below is an early one.
      timing: { backoffMs: [20_000] },
    });
    await env.clock.advance(75 * S);
    await waitUntil(allIn(tabs, 'offline'));
    // Several early retries in a row (each keeps a 1 s gap from the last failure).
    for (let i = 0; i < 4; i++) {
      await env.clock.advance(1 * S);
      const calls = env.source.refreshCalls.length;
      tabs[0]!.lifecycle.window.dispatchEvent(new Event(i % 2 ? 'online' : 'focus'));
      await waitUntil(() => env.source.refreshCalls.length > calls, `retry ${i} at once`);
      await waitUntil(allIn(tabs, 'offline'));
    }
    // Within a second of the last failure, an answer from Finesse does not retry yet: a busy
    // desktop does not hammer a failing token endpoint.
    const calls = env.source.refreshCalls.length;
    await tabs[1]!.session.fetch('/finesse/api/User/agent1');
    await env.clock.advance(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(env.source.refreshCalls.length).to.equal(calls);
    await env.clock.advance(1 * S);
    down = false;
    // A successful authorised API call says Finesse is back: the refresh follows at once.
    const response = await tabs[1]!.session.fetch('/finesse/api/User/agent1');
    expect(response.status).to.equal(200);
    await waitUntil(allIn(tabs, 'active'), 'recovered without the clock moving');
    expect(env.source.signInCalls).to.equal(1);
  });

  it('a record an older version turned into needs-sign-in after a network failure is retried on the next wake', async () => {
    const [tab] = await signedInTabs(env, 1);
    const { SessionStore, indexedDbKeyValue } = await import('../../src/core/session/store.ts');
    const store = new SessionStore(indexedDbKeyValue(env.dbName), 'indexeddb');
    const key = `${env.cluster}|agent1`;
    const record = (await store.get(key))!;
    await store.compareAndSet(key, record, (r) => ({
      ...r,
      needsSignIn: { code: 'network', at: env.clock.now() },
    }));
    tab!.lifecycle.document.dispatchEvent(new Event('resume'));
    await waitUntil(() => env.source.refreshCalls.length === 1 && tab!.session.state === 'active');
    expect(env.source.signInCalls).to.equal(1);
  });

  it('a token is not handed out in the last margin before its expiry (it could reach Finesse after it)', async () => {
    // The refresh is refused: the old token stays in use until it runs out, as the banner counts down.
    env.source.outage = () => error('refresh-rejected', 401);
    const [tab] = await signedInTabs(env, 1);
    await env.clock.advance(80 * S);
    await waitUntil(() => tab!.session.state === 'needs-sign-in', 'needs-sign-in');
    // 100 s tokens: the margin is 5 s. At 94 s the token still goes out; at 96 s it does not.
    await env.clock.advance(14 * S);
    expect(await tab!.session.getAccessToken()).to.be.a('string');
    await env.clock.advance(2 * S);
    try {
      await tab!.session.getAccessToken();
      throw new Error('expected the token to be withheld');
    } catch (caught) {
      expect((caught as FinesseError).code).to.equal('refresh-rejected');
    }
  });

  it('past the refresh-token lifetime a transport failure asks for a sign-in', async () => {
    env.source.outage = () => error('server-error', 503);
    const tabs = await signedInTabs(env, 2, { refreshLifetimeMs: 150 * S });
    await advanceWatching(env, tabs, 140 * S, 5 * S);
    await waitUntil(allIn(tabs, 'offline'));
    await env.clock.advance(45 * S);
    await waitUntil(allIn(tabs, 'needs-sign-in'));
    expect(tabs[1]!.session.lastError?.code).to.equal('refresh-needs-interaction');
    expect(tabs[1]!.session.expired).to.equal(false);
  });
});

describe('SsoSession: lost rotations are named', function () {
  // Many clock steps with real IndexedDB and locks in between: slow on a loaded machine.
  this.timeout(30_000);
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
  });
  afterEach(() => closeAll(env));

  it('a slow refresh the server accepted, a 5xx, then a refusal after backoff in another tab: rotation-lost', async () => {
    const tabs = await signedInTabs(env, 2, { random: () => 0, timing: { backoffMs: [20_000] } });
    // The server rotates the pair but the answer never arrives (abandoned as a timeout).
    env.source.enqueue(
      (_input, signal) =>
        new Promise((_resolve, rejectAnswer) =>
          signal.addEventListener('abort', () => rejectAnswer(error('timeout'))),
        ),
    );
    // The immediate retry meets a server error: the question stays open across the backoff.
    env.source.enqueue(() => Promise.reject(error('server-error', 503)));
    // Every later try carries the retired pair: Invalid Token.
    env.source.outage = () =>
      env.source.refreshCalls.length > 2 ? error('refresh-rejected', 500) : undefined;
    await env.clock.advance(75 * S);
    // Move on only once the request is out (after real IndexedDB and locks): a stressed Firefox
    // run moved the clock before it, and its abandonment came a step too late.
    await waitUntil(() => env.source.refreshCalls.length === 1, 'the refresh sent');
    await env.clock.advance(20 * S); // the request is abandoned at 95 s; the retry fails
    await waitUntil(
      () => env.source.refreshCalls.length === 2 && allIn(tabs, 'offline')(),
      'both tabs offline',
      { timeout: 5_000 },
    );
    expect(tabs[0]!.session.lastError?.code).to.equal('server-error');
    // During the backoff the other tab wakes up and retries: the refusal is a lost rotation.
    await env.clock.advance(1 * S);
    expect(env.source.refreshCalls).to.have.length(2);
    tabs[1]!.lifecycle.window.dispatchEvent(new Event('focus'));
    await waitUntil(allIn(tabs, 'needs-sign-in'), 'both tabs need a sign-in', { timeout: 5_000 });
    for (const tab of tabs) expect(tab.session.lastError?.code).to.equal('rotation-lost');
    expect(env.source.refreshCalls).to.have.length(3);
  });

  it('a refresher that vanished with its request out: the next refusal is rotation-lost', async () => {
    const tabs = await signedInTabs(env, 1);
    const key = `${env.cluster}|agent1`;
    // Simulate a refresher in another tab that stamped its heartbeat, sent, and died.
    const { SessionStore, indexedDbKeyValue } = await import('../../src/core/session/store.ts');
    const store = new SessionStore(indexedDbKeyValue(env.dbName), 'indexeddb');
    const record = (await store.get(key))!;
    await store.compareAndSet(key, record, (r) => ({
      ...r,
      heartbeat: { tabId: 'gone', at: env.clock.now() + 70 * S },
    }));
    env.source.enqueue(() => Promise.reject(error('refresh-rejected', 500)));
    await env.clock.advance(90 * S);
    await waitUntil(allIn(tabs, 'needs-sign-in'));
    expect(tabs[0]!.session.lastError?.code).to.equal('rotation-lost');
  });
});

describe('SsoSession: wall-clock jumps', function () {
  // Many clock steps with real IndexedDB and locks in between: slow on a loaded machine.
  this.timeout(30_000);
  let env: Env;
  beforeEach(() => {
    env = makeEnv();
    env.source.serverClock = env.clock;
  });
  afterEach(() => closeAll(env));

  /** The token a tab hands out was minted less than a lifetime ago (server time). */
  async function expectLiveToken(tab: TestTab) {
    const token = await tab.session.getAccessToken();
    const minted = env.source.mintedAt.get(token);
    expect(minted, 'a token this server minted').not.to.equal(undefined);
    expect(env.clock.monotonic() - minted!).to.be.lessThan(env.source.expiresIn * S);
  }

  it('the wall clock set back 2 h: refreshes stay on schedule over two lifetimes, shifted once', async () => {
    const tabs = await signedInTabs(env, 2);
    const expiresAt = tabs[0]!.session.expiresAt!;
    await env.clock.advance(10 * S);
    env.clock.setWallClock(-2 * H);
    await env.clock.advance(1 * S);
    tabs[1]!.lifecycle.window.dispatchEvent(new Event('focus'));
    // Both tabs saw the jump; the shared record moved once, not twice.
    await waitUntil(() => tabs.every((t) => t.session.expiresAt === expiresAt - 2 * H));
    await expectLiveToken(tabs[1]!);
    // Refresh due at 75 s of the lifetime (monotonic), not two hours later.
    await env.clock.advance(63 * S);
    expect(env.source.refreshCalls).to.have.length(0);
    await env.clock.advance(2 * S);
    await waitUntil(() => env.source.refreshCalls.length === 1 && allIn(tabs, 'active')());
    await env.clock.advance(75 * S);
    await waitUntil(() => env.source.refreshCalls.length === 2 && allIn(tabs, 'active')());
    for (const tab of tabs) await expectLiveToken(tab);
  });

  it('the wall clock set back while no tab watched: the next tab re-bases the record and refreshes at once', async () => {
    const [first] = await signedInTabs(env, 1);
    await env.clock.advance(10 * S);
    first!.session.dispose();
    env.clock.setWallClock(-2 * H);
    const late = await openTab(env);
    await waitUntil(() => env.source.refreshCalls.length === 1 && late.session.state === 'active');
    expect(late.session.expiresAt! - env.clock.now()).to.be.within(99 * S, 100 * S);
    await expectLiveToken(late);
  });

  it('the wall clock set forward 2 h (or a suspend that stopped the monotonic clock): refresh at once, never a dead token', async () => {
    const tabs = await signedInTabs(env, 2);
    await env.clock.advance(10 * S);
    env.clock.setWallClock(2 * H);
    // Asked for a token before any timer ran: it refreshes first.
    await expectLiveToken(tabs[0]!);
    expect(env.source.refreshCalls).to.have.length(1);
    await waitUntil(allIn(tabs, 'active'));
    // Then on schedule, on the new wall clock.
    await env.clock.advance(74 * S);
    expect(env.source.refreshCalls).to.have.length(1);
    await env.clock.advance(2 * S);
    await waitUntil(() => env.source.refreshCalls.length === 2 && allIn(tabs, 'active')());
    for (const tab of tabs) await expectLiveToken(tab);
  });

  it('a suspend with the monotonic clock stopped is not mistaken for a clock change', async () => {
    const [tab] = await signedInTabs(env, 1);
    const old = await tab!.session.getAccessToken();
    // 500 s of sleep: the wall clock moved, the monotonic one (Linux, macOS) did not.
    env.clock.setWallClock(500 * S);
    tab!.lifecycle.document.dispatchEvent(new Event('resume'));
    await waitUntil(() => env.source.refreshCalls.length === 1 && tab!.session.state === 'active');
    expect(await tab!.session.getAccessToken()).not.to.equal(old);
  });
});
