import { expect, waitUntil } from '@open-wc/testing';
import { malformedMessageCounts } from '../../src/core/kernel/malformed.ts';
import { IdleWatch } from '../../src/core/idle/idle-watch.ts';
import type { IdleWatchOptions } from '../../src/core/idle/idle-watch.ts';
import { memoryKeyValue } from '../../src/core/session/store.ts';
import type { KeyValue } from '../../src/core/session/store.ts';
import { ManualClock, flush } from './helpers/manual-clock.ts';

const S = 1000;
const MIN = 60 * S;
const KEY = 'idle:test';

/** One tab: its own input target, page lifecycle and channel end; what its watch reported. */
interface Tab {
  watch: IdleWatch;
  input: EventTarget;
  window: EventTarget;
  document: EventTarget & { visibilityState: DocumentVisibilityState };
  events: string[];
  warnings: Array<{ remainingMs: number; signOutAt: number }>;
  channel?: BroadcastChannel;
}

let counter = 0;

/** Tabs of one browser: one clock, one shared store, one channel name. */
function makeBrowser() {
  const clock = new ManualClock();
  const kv = memoryKeyValue();
  const writes: number[] = [];
  const store: KeyValue = {
    ...kv,
    update: <T>(key: string, updater: (old: T | undefined) => T) =>
      kv.update<T>(key, (old) => {
        const value = updater(old);
        writes.push(value as number);
        return value;
      }),
  };
  const channelName = `idle-watch-test-${Date.now()}-${++counter}`;
  const tabs: Tab[] = [];

  function openTab(options: Partial<IdleWatchOptions> & { withChannel?: boolean } = {}): Tab {
    const { withChannel = true, ...rest } = options;
    const channel = withChannel ? new BroadcastChannel(channelName) : undefined;
    const doc = Object.assign(new EventTarget(), {
      visibilityState: 'visible' as DocumentVisibilityState,
    });
    const tab = {
      input: new EventTarget(),
      window: new EventTarget(),
      document: doc,
      events: [] as string[],
      warnings: [] as Tab['warnings'],
      channel,
    } as Tab;
    tab.watch = new IdleWatch({
      timeoutMs: 15 * MIN,
      clock,
      store,
      key: KEY,
      channel,
      activityTarget: tab.input,
      lifecycle: { window: tab.window, document: tab.document },
      onWarning: (remainingMs, signOutAt) => {
        tab.events.push('warning');
        tab.warnings.push({ remainingMs, signOutAt });
      },
      onActive: () => tab.events.push('active'),
      onExpired: () => tab.events.push('expired'),
      ...rest,
    });
    tabs.push(tab);
    return tab;
  }

  function close() {
    for (const tab of tabs) {
      tab.watch.dispose();
      tab.channel?.close();
    }
  }

  return { clock, kv, writes, channelName, openTab, close };
}

type Browser = ReturnType<typeof makeBrowser>;

const click = (tab: Tab) => tab.input.dispatchEvent(new Event('pointerdown'));

describe('IdleWatch: the idle timeout across tabs', () => {
  let browser: Browser;
  beforeEach(() => {
    browser = makeBrowser();
  });
  afterEach(() => browser.close());

  async function twoTabs(options: Partial<IdleWatchOptions> = {}) {
    const a = browser.openTab(options);
    const b = browser.openTab(options);
    await a.watch.start();
    await b.watch.start();
    return [a, b] as const;
  }

  it('the first tab records now; warning a minute before, then expiry, in every tab', async () => {
    const start = browser.clock.now();
    const [a, b] = await twoTabs();
    expect(await browser.kv.get(KEY)).to.equal(start);
    expect(a.watch.signOutAt).to.equal(start + 15 * MIN);

    await browser.clock.advance(14 * MIN - S);
    expect(a.events).to.deep.equal([]);
    await browser.clock.advance(S);
    for (const tab of [a, b]) {
      expect(tab.events).to.deep.equal(['warning']);
      expect(tab.warnings[0]).to.deep.equal({ remainingMs: MIN, signOutAt: start + 15 * MIN });
    }
    await browser.clock.advance(MIN);
    expect(a.events).to.deep.equal(['warning', 'expired']);
    expect(b.events).to.deep.equal(['warning', 'expired']);

    // once per idle period: waking, re-checking and more time change nothing
    a.window.dispatchEvent(new Event('focus'));
    await browser.clock.advance(30 * MIN);
    expect(a.events).to.deep.equal(['warning', 'expired']);
    expect(b.events).to.deep.equal(['warning', 'expired']);
  });

  it('input in one tab postpones the expiry in the other', async () => {
    const [a, b] = await twoTabs();
    await browser.clock.advance(10 * MIN);
    click(a);
    await flush();
    const activeAt = browser.clock.now();
    expect(await browser.kv.get(KEY)).to.equal(activeAt);
    await browser.clock.advance(6 * MIN); // past the first deadline
    expect(b.events).to.deep.equal([]);
    expect(b.watch.signOutAt).to.equal(activeAt + 15 * MIN);
    await browser.clock.advance(9 * MIN);
    expect(b.events).to.deep.equal(['warning', 'expired']);
    expect(a.events).to.deep.equal(['warning', 'expired']);
  });

  it('API use (noteActivity) counts as activity for every tab', async () => {
    const [a, b] = await twoTabs();
    await browser.clock.advance(12 * MIN);
    b.watch.noteActivity();
    await browser.clock.advance(12 * MIN);
    expect(a.events).to.deep.equal([]);
    await browser.clock.advance(3 * MIN);
    expect(a.events).to.deep.equal(['warning', 'expired']);
  });

  it('activity during the warning clears it in the other tab at once', async () => {
    const [a, b] = await twoTabs();
    await browser.clock.advance(14 * MIN + 30 * S);
    expect(b.events).to.deep.equal(['warning']);
    expect(b.warnings[0]!.remainingMs).to.equal(MIN);
    a.input.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    // The channel's notice, with no clock time passing (Firefox delivers it a few turns later).
    await waitUntil(() => b.events.length === 2, 'the notice in the other tab', { timeout: 5_000 });
    expect(b.events).to.deep.equal(['warning', 'active']);
    expect(a.events).to.deep.equal(['warning', 'active']);
    await browser.clock.advance(14 * MIN);
    expect(b.events).to.deep.equal(['warning', 'active', 'warning']);
  });

  it('every kind of agent input counts', async () => {
    for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart']) {
      const tab = browser.openTab();
      await tab.watch.start();
      await browser.clock.advance(20 * S);
      tab.input.dispatchEvent(new Event(type));
      await flush();
      expect(await browser.kv.get(KEY), type).to.equal(browser.clock.now());
    }
    const tab = browser.openTab();
    await tab.watch.start();
    const before = await browser.kv.get(KEY);
    await browser.clock.advance(20 * S);
    tab.input.dispatchEvent(new Event('mousemove')); // not agent intent
    await flush();
    expect(await browser.kv.get(KEY)).to.equal(before);
  });

  it('input is written at most every 15 s, the last of a burst at the end of the window', async () => {
    const [a] = await twoTabs();
    browser.writes.length = 0;
    await browser.clock.advance(MIN);
    click(a);
    await flush();
    const first = browser.clock.now();
    expect(browser.writes).to.deep.equal([first]);
    for (let i = 0; i < 10; i++) {
      await browser.clock.advance(S);
      click(a);
    }
    const last = browser.clock.now();
    await flush();
    expect(browser.writes).to.deep.equal([first]);
    await browser.clock.advance(5 * S); // the window ends 15 s after the first write
    expect(browser.writes).to.deep.equal([first, last]);
    expect(await browser.kv.get(KEY)).to.equal(last);
  });

  it('a short timeout writes input often enough that no other tab warns', async () => {
    const [a, b] = await twoTabs({ timeoutMs: 6 * S, warningMs: 3 * S });
    for (let i = 0; i < 30; i++) {
      click(a);
      await browser.clock.advance(S / 2);
    }
    expect(b.events).to.deep.equal([]);
    expect(a.events).to.deep.equal([]);
    await browser.clock.advance(6 * S);
    expect(b.events).to.deep.equal(['warning', 'expired']);
  });

  it('the shared time never goes backwards', async () => {
    const [a, b] = await twoTabs();
    await browser.clock.advance(5 * MIN);
    await browser.kv.set(KEY, browser.clock.now() + 2 * MIN); // a later time from somewhere
    a.channel!.postMessage({ type: 'idle-activity', key: KEY, at: 0 }); // a stale notice
    b.watch.noteActivity();
    await flush();
    expect(await browser.kv.get(KEY)).to.equal(browser.clock.now() + 2 * MIN);
    expect(b.watch.signOutAt).to.equal(browser.clock.now() + 15 * MIN);
  });

  it('a tab that missed the notices re-reads the store before it warns or signs out', async () => {
    const a = browser.openTab();
    const deaf = browser.openTab({ withChannel: false });
    await a.watch.start();
    await deaf.watch.start();
    await browser.clock.advance(10 * MIN);
    click(a);
    await browser.clock.advance(5 * MIN);
    expect(deaf.events).to.deep.equal([]);
    await browser.clock.advance(10 * MIN);
    expect(deaf.events).to.deep.equal(['warning', 'expired']);
  });

  it('re-checks on wake: a laptop that slept past the deadline expires when it wakes', async () => {
    const [a, b] = await twoTabs();
    browser.clock.jump(40 * MIN); // no timer ran
    expect(a.events).to.deep.equal([]);
    a.document.dispatchEvent(new Event('visibilitychange'));
    b.window.dispatchEvent(new Event('pageshow'));
    await flush();
    expect(a.events).to.deep.equal(['expired']);
    expect(b.events).to.deep.equal(['expired']);
  });

  it('a tab opened on a stale activity time expires at once (restored the next day)', async () => {
    await browser.kv.set(KEY, browser.clock.now() - 10 * 60 * MIN);
    const tab = browser.openTab();
    await tab.watch.start();
    expect(tab.events).to.deep.equal(['expired']);
    expect(await browser.kv.get(KEY)).to.equal(browser.clock.now() - 10 * 60 * MIN);
  });

  it('activity after an expiry starts a new idle period that can expire again', async () => {
    const [a, b] = await twoTabs();
    await browser.clock.advance(16 * MIN);
    click(b); // the agent signs in again
    // Tab a hears it only from the channel (it has no timer left after its expiry), which a
    // loaded machine delivers some turns later (a stressed run: Firefox, after flush()).
    await waitUntil(() => a.events.length === 3, 'the notice in the other tab', { timeout: 5_000 });
    expect(a.events).to.deep.equal(['warning', 'expired', 'active']);
    await browser.clock.advance(15 * MIN);
    expect(a.events).to.deep.equal(['warning', 'expired', 'active', 'warning', 'expired']);
  });

  it('a configurable timeout and warning', async () => {
    const [a] = await twoTabs({ timeoutMs: 2 * MIN, warningMs: 20 * S });
    await browser.clock.advance(100 * S);
    expect(a.events).to.deep.equal(['warning']);
    expect(a.warnings[0]!.remainingMs).to.equal(20 * S);
    await browser.clock.advance(20 * S);
    expect(a.events).to.deep.equal(['warning', 'expired']);
  });

  it('a timeout of 0 disables everything', async () => {
    const tab = browser.openTab({ timeoutMs: 0 });
    await tab.watch.start();
    click(tab);
    tab.watch.noteActivity();
    await browser.clock.advance(10 * 60 * MIN);
    expect(tab.watch.enabled).to.equal(false);
    expect(tab.events).to.deep.equal([]);
    expect(browser.clock.pending).to.equal(0);
    expect(await browser.kv.get(KEY)).to.equal(undefined);
  });

  it('bad timeouts are developer errors', () => {
    const clock = browser.clock;
    const base = { clock, store: memoryKeyValue(), onWarning() {}, onActive() {}, onExpired() {} };
    expect(() => new IdleWatch({ ...base, timeoutMs: -1 })).to.throw(RangeError);
    expect(() => new IdleWatch({ ...base, timeoutMs: Number.NaN })).to.throw(RangeError);
    expect(() => new IdleWatch({ ...base, timeoutMs: MIN, warningMs: -5 })).to.throw(RangeError);
  });

  it('dispose stops listening and scheduling, and flushes a pending write', async () => {
    const [a, b] = await twoTabs();
    await browser.clock.advance(MIN);
    click(a);
    await browser.clock.advance(5 * S);
    click(a); // inside the window: not written yet
    const last = browser.clock.now();
    a.watch.dispose();
    await flush();
    expect(await browser.kv.get(KEY)).to.equal(last);
    click(a);
    await browser.clock.advance(30 * MIN);
    expect(a.events).to.deep.equal([]);
    expect(b.events).to.deep.equal(['warning', 'expired']);
  });

  it('ignores and counts malformed activity notices (a far-future time would never expire)', async () => {
    const [a] = await twoTabs();
    const evil = new BroadcastChannel(browser.channelName);
    const now = browser.clock.now();
    const before = malformedMessageCounts().idle;
    const bad = [
      { type: 'idle-activity', key: KEY }, // no time
      { type: 'idle-activity', key: KEY, at: String(now) },
      { type: 'idle-activity', key: KEY, at: Number.NaN },
      { type: 'idle-activity', key: KEY, at: Number.POSITIVE_INFINITY },
      { type: 'idle-activity', key: KEY, at: now + 24 * 60 * MIN }, // tomorrow: never idle
      { type: 'idle-activity', at: now },
      { type: 'idle-activity', key: 42, at: now },
      { type: 'stay-signed-in', key: KEY, at: now },
      null,
      'idle-activity',
    ];
    for (const message of bad) evil.postMessage(message);
    await waitUntil(() => malformedMessageCounts().idle - before === 2 * bad.length);
    evil.close();
    expect(a.watch.signOutAt).to.equal(now + 15 * MIN);
    await browser.clock.advance(15 * MIN);
    expect(a.events).to.deep.equal(['warning', 'expired']);
  });

  it('a throwing callback does not stop the watch', async () => {
    const tab = browser.openTab({
      onWarning: () => {
        throw new Error('integrator bug');
      },
      onExpired: () => tab.events.push('expired'),
    });
    await tab.watch.start();
    await browser.clock.advance(15 * MIN);
    expect(tab.events).to.deep.equal(['expired']);
  });
});
