import { expect, waitUntil } from '@open-wc/testing';
import {
  XmppNotifications,
  createXmppNotifications,
  deriveNotificationUrl,
} from '../../src/core/notifications/xmpp-notifications.ts';
import type { XmppNotificationsOptions } from '../../src/core/notifications/xmpp-options.ts';
import { backoffDelay } from '../../src/core/notifications/xmpp-retry.ts';
import { isXmppTabMessage, xmppLockName } from '../../src/core/notifications/xmpp-tab-messages.ts';
import type {
  ClosedEvent,
  ConnectCommand,
  WorkerCommand,
  WorkerEvent,
} from '../../src/core/notifications/worker-protocol.ts';
import type { WorkerLike } from '../../src/core/notifications/worker-url.ts';
import type { NotificationStatus, RawUpdate } from '../../src/core/notifications/types.ts';
import type { ChannelLike } from '../../src/core/kernel/tab-channel.ts';
import type { SessionEndpoints } from '../../src/core/session/session-api.ts';
import { setLogLevel } from '../../src/core/kernel/logger.ts';
import { FakeSession, SECRET_TOKEN } from './fake-session.ts';
import { ManualClock, flush } from './helpers/manual-clock.ts';
import { malformedMessageCounts } from '../../src/core/kernel/malformed.ts';

class FakeWorker implements WorkerLike {
  readonly commands: WorkerCommand[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  postMessage(command: WorkerCommand): void {
    this.commands.push(command);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(event: WorkerEvent): void {
    this.onmessage?.(new MessageEvent('message', { data: event }));
  }
  get connects(): ConnectCommand[] {
    return this.commands.filter((c): c is ConnectCommand => c.type === 'connect');
  }
  live(): void {
    this.emit({ type: 'status', phase: 'opening' });
    this.emit({ type: 'status', phase: 'live' });
  }
  closed(event: Partial<ClosedEvent> = {}): void {
    this.emit({
      type: 'closed',
      code: 1006,
      reason: 'socket-error',
      authFailed: false,
      opened: false,
      wasLive: false,
      ...event,
    });
  }
}

let counter = 0;

/** One agent shared by the "tabs" of a test: a unique lock and channel, one clock. */
function makeAgent() {
  const agentKey = `test-${Date.now()}-${++counter}|1001`;
  const clock = new ManualClock();
  const workers: FakeWorker[] = [];
  const tabs: XmppNotifications[] = [];
  const channels: BroadcastChannel[] = [];
  /** Everything any tab says on the channel, as an outsider hears it. */
  const heard: unknown[] = [];
  const spy = new BroadcastChannel(xmppLockName(agentKey));
  spy.onmessage = (event) => heard.push(event.data);
  channels.push(spy);
  let tokens = 0;
  const agent = {
    agentKey,
    clock,
    workers,
    tabs,
    heard,
    passwords: [] as string[],
    open(overrides: Partial<XmppNotificationsOptions> = {}) {
      const tab = new XmppNotifications({
        agentKey,
        url: 'ws://localhost:8445/ws',
        domain: 'finesse.lab.example.com',
        pubsubDomain: 'pubsub.finesse.lab.example.com',
        loginId: '1001',
        getPassword: async () => {
          const token = `${SECRET_TOKEN}-${++tokens}`;
          agent.passwords.push(token);
          return token;
        },
        clock,
        locks: navigator.locks,
        createChannel: (name) => {
          const channel = new BroadcastChannel(name);
          channels.push(channel);
          return channel;
        },
        createWorker: () => {
          const worker = new FakeWorker();
          workers.push(worker);
          return worker;
        },
        random: () => 0.5,
        tabId: `tab-${tabs.length + 1}`,
        ...overrides,
      });
      tabs.push(tab);
      return tab;
    },
    close() {
      for (const tab of tabs) tab.stop();
      for (const channel of channels) channel.close();
    },
  };
  return agent;
}

type Agent = ReturnType<typeof makeAgent>;

function record(tab: XmppNotifications) {
  const updates: RawUpdate[] = [];
  const statuses: NotificationStatus[] = [];
  tab.onUpdate((u) => updates.push(u));
  tab.onStatus((s) => statuses.push(s));
  return { updates, statuses };
}

/** Time until the manual clock's next timer (it keeps them private). */
function nextDue(clock: ManualClock): number | undefined {
  const timers = (clock as unknown as { timers: Map<number, { at: number }> }).timers;
  const next = Math.min(...[...timers.values()].map((t) => t.at));
  return Number.isFinite(next) ? Math.max(0, next - clock.now()) : undefined;
}

const holderOf = (agent: Agent) => agent.tabs.filter((t) => t.isHolder);

describe('XmppNotifications: one connection per agent across tabs', () => {
  let agent: Agent;
  beforeEach(() => {
    agent = makeAgent();
  });
  afterEach(() => agent.close());

  it('starts exactly one Worker for two tabs of the same agent', async () => {
    const a = agent.open();
    const b = agent.open();
    a.start();
    b.start();
    await waitUntil(() => agent.workers.length === 1 && agent.workers[0]!.connects.length === 1);
    await flush(5);
    expect(agent.workers).to.have.length(1);
    expect(holderOf(agent)).to.deep.equal([a]);
    expect(b.isHolder).to.equal(false);
  });

  it('starts one Worker for five tabs, and another agent gets its own', async () => {
    for (let i = 0; i < 5; i++) agent.open().start();
    const other = makeAgent();
    try {
      other.open().start();
      await waitUntil(() => agent.workers.length === 1 && other.workers.length === 1);
      await flush(5);
      expect(agent.workers).to.have.length(1);
      expect(holderOf(agent)).to.have.length(1);
    } finally {
      other.close();
    }
  });

  it('sends the Worker the connection details, a fresh token and a random resource', async () => {
    agent.open({ pingMs: 12_000 }).start();
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    const connect = agent.workers[0]!.connects[0]!;
    expect(connect).to.deep.include({
      url: 'ws://localhost:8445/ws',
      domain: 'finesse.lab.example.com',
      pubsubDomain: 'pubsub.finesse.lab.example.com',
      loginId: '1001',
      password: `${SECRET_TOKEN}-1`,
      pingMs: 12_000,
    });
    expect(connect.resource).to.match(/^finesse-sso-[0-9a-f]{16}$/);
  });

  it('fans updates out to every tab, and the status too', async () => {
    const a = agent.open();
    const b = agent.open();
    const c = agent.open();
    const ra = record(a);
    const rb = record(b);
    const rc = record(c);
    a.start();
    b.start();
    c.start();
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    agent.workers[0]!.live();
    await waitUntil(() => b.status === 'live' && c.status === 'live');
    expect(a.status).to.equal('live');
    const update = { node: '/finesse/api/User/1001', xml: '<Update><event>PUT</event></Update>' };
    agent.workers[0]!.emit({ type: 'update', ...update });
    await waitUntil(() => rb.updates.length === 1 && rc.updates.length === 1);
    expect(ra.updates).to.deep.equal([update]);
    expect(rb.updates).to.deep.equal([update]);
    expect(rc.updates).to.deep.equal([update]);
    expect(rb.statuses).to.deep.equal(['connecting', 'live']);
  });

  it('tells a tab opened later the current status at once', async () => {
    const a = agent.open();
    a.start();
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    agent.workers[0]!.live();
    const late = agent.open();
    late.start();
    await waitUntil(() => late.status === 'live');
    expect(late.isHolder).to.equal(false);
  });

  it('hands the connection to another tab at once when the holder stops', async () => {
    const a = agent.open();
    const b = agent.open();
    const rb = record(b);
    a.start();
    b.start();
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    agent.workers[0]!.live();
    await waitUntil(() => b.status === 'live');
    const before = performance.now();
    a.stop();
    await waitUntil(() => agent.workers[1]?.connects.length === 1);
    const tookMs = performance.now() - before;
    expect(tookMs).to.be.lessThan(500); // Finesse's presence grace is minutes
    expect(b.isHolder).to.equal(true);
    expect(a.isHolder).to.equal(false);
    expect(a.status).to.equal('stopped');
    // The old Worker was told to close its stream, then ended.
    expect(agent.workers[0]!.commands.at(-1)).to.deep.equal({ type: 'close' });
    await agent.clock.advance(1_000);
    expect(agent.workers[0]!.terminated).to.equal(true);
    // A new resource for the new connection.
    expect(agent.workers[1]!.connects[0]!.resource).to.not.equal(
      agent.workers[0]!.connects[0]!.resource,
    );
    agent.workers[1]!.live();
    expect(b.status).to.equal('live');
    expect(rb.statuses).to.deep.equal(['connecting', 'live', 'connecting', 'live']);
  });

  it('passes the connection down a queue of tabs, one at a time', async () => {
    const tabs = [agent.open(), agent.open(), agent.open()];
    for (const tab of tabs) tab.start();
    for (let i = 0; i < 3; i++) {
      await waitUntil(() => agent.workers.length === i + 1);
      await flush(5);
      expect(holderOf(agent)).to.have.length(1);
      holderOf(agent)[0]!.stop();
    }
    await flush(5);
    expect(agent.workers).to.have.length(3);
    expect(holderOf(agent)).to.have.length(0);
  });

  it('never puts a token on the channel', async () => {
    const a = agent.open();
    const b = agent.open();
    a.start();
    b.start();
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    const worker = agent.workers[0]!;
    worker.live();
    worker.emit({ type: 'update', node: '/finesse/api/User/1001', xml: '<Update/>' });
    worker.emit({ type: 'pong', at: 1, rttMs: 3 });
    worker.closed({ authFailed: true, opened: true, condition: 'not-authorized' });
    await waitUntil(() => agent.passwords.length >= 2);
    a.stop();
    await waitUntil(() => agent.workers.length === 2);
    await flush(5);
    expect(agent.heard.length).to.be.greaterThan(4);
    for (const message of agent.heard) {
      expect(isXmppTabMessage(message), JSON.stringify(message)).to.equal(true);
      const text = JSON.stringify(message);
      expect(text).to.not.contain(SECRET_TOKEN);
      expect(text).to.not.contain('password');
    }
  });

  it('ignores malformed channel messages', async () => {
    const a = agent.open();
    const r = record(a);
    const b = agent.open();
    a.start();
    b.start();
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    const evil = new BroadcastChannel(xmppLockName(agent.agentKey));
    const before = malformedMessageCounts().notifications;
    const bad = [
      null,
      'x',
      [],
      { type: 'xmpp-update', from: 'x', node: 1, xml: 'x' },
      { type: 'xmpp-status', from: 'x', status: 'owned' },
      { type: 'xmpp-status', from: 'x' },
      { type: 'xmpp-update', node: 'n', xml: 'x' },
      {
        type: 'xmpp-update',
        from: 'x',
        node: '/finesse/api/User/1001',
        xml: 'x'.repeat(2_000_001),
      },
      { type: 'xmpp-hello', from: 7 },
      { type: 'xmpp-takeover', from: 'x' },
    ];
    for (const message of bad) evil.postMessage(message);
    evil.close();
    // Both tabs hear each one, ignore it and count it.
    await waitUntil(() => malformedMessageCounts().notifications - before === 2 * bad.length);
    expect(b.status).to.equal('connecting');
    expect(r.updates).to.have.length(0);
  });

  it('ignores and counts malformed Worker events', async () => {
    const a = agent.open();
    const r = record(a);
    a.start();
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    const worker = agent.workers[0]!;
    const before = malformedMessageCounts()['notifications-worker'];
    const bad = [
      { type: 'status', phase: 'owned' },
      { type: 'status' },
      { type: 'update', node: '/finesse/api/User/1001' },
      { type: 'update', node: 5, xml: '<Update/>' },
      { type: 'pong', at: Number.NaN, rttMs: 1 },
      { type: 'pong', at: 1, rttMs: Number.POSITIVE_INFINITY },
      { type: 'closed', code: 'x', reason: 'r', authFailed: false, opened: true, wasLive: true },
      { type: 'closed', code: 1006, reason: 'r', authFailed: 'no', opened: true, wasLive: true },
      { type: 'hijack' },
      null,
    ];
    for (const event of bad) worker.emit(event as never);
    expect(malformedMessageCounts()['notifications-worker'] - before).to.equal(bad.length);
    expect(a.status).to.equal('connecting');
    expect(r.updates).to.have.length(0);
    // A well-formed one still works.
    worker.live();
    expect(a.status).to.equal('live');
  });
});

describe('XmppNotifications: reconnecting', () => {
  let agent: Agent;
  beforeEach(() => {
    agent = makeAgent();
  });
  afterEach(() => agent.close());

  async function holderLive(overrides: Partial<XmppNotificationsOptions> = {}) {
    const tab = agent.open(overrides);
    const r = record(tab);
    tab.start();
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    const worker = agent.workers[0]!;
    worker.live();
    return { tab, worker, r };
  }

  /** How long after a close the next connect is sent, on the manual clock (timer to timer). */
  async function nextConnectAfter(worker: FakeWorker, limitMs = 120_000): Promise<number> {
    const { clock } = agent;
    const before = worker.connects.length;
    let waited = 0;
    while (worker.connects.length === before) {
      const due = nextDue(clock);
      if (due === undefined || waited + due > limitMs) throw new Error('no reconnect');
      await clock.advance(due);
      waited += due;
    }
    return waited;
  }

  it('backs off exponentially with jitter, from 1 s to 60 s', () => {
    const nominal = [1, 2, 4, 8, 16, 32, 60, 60, 60].map((s) => s * 1000);
    nominal.forEach((ms, i) => expect(backoffDelay(i + 1, 1000, 60_000, 0.5)).to.equal(ms));
    // ±25 % jitter, never below 1 s nor above 60 s.
    expect(backoffDelay(3, 1000, 60_000, 0)).to.equal(3000);
    expect(backoffDelay(3, 1000, 60_000, 0.999999)).to.equal(5000);
    expect(backoffDelay(1, 1000, 60_000, 0)).to.equal(1000);
    expect(backoffDelay(9, 1000, 60_000, 0.999999)).to.equal(60_000);
    expect(backoffDelay(9, 1000, 60_000, 0)).to.equal(45_000);
    expect(backoffDelay(200, 1000, 60_000, 0.3)).to.be.within(45_000, 60_000);
  });

  it('reconnects after a drop on the backoff schedule', async () => {
    const { worker } = await holderLive({ pollingAfter: 100 });
    worker.closed({ opened: true, wasLive: true, reason: 'socket-closed' });
    const waits: number[] = [];
    waits.push(await nextConnectAfter(worker));
    for (let i = 0; i < 7; i++) {
      worker.closed();
      waits.push(await nextConnectAfter(worker));
    }
    expect(waits).to.deep.equal([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    // Back to live: the next drop starts again at 1 s.
    worker.live();
    worker.closed({ opened: true, wasLive: true });
    expect(await nextConnectAfter(worker)).to.equal(1000);
    // A fresh token for every connection.
    expect(new Set(worker.connects.map((c) => c.password)).size).to.equal(worker.connects.length);
  });

  it('goes to polling after repeated failures, keeps retrying, and returns to live', async () => {
    const { tab, worker, r } = await holderLive();
    const other = agent.open();
    other.start();
    await waitUntil(() => other.status === 'live');
    worker.closed({ opened: true, wasLive: true }); // the drop: connecting, retry in 1 s
    expect(tab.status).to.equal('connecting');
    await nextConnectAfter(worker);
    worker.closed(); // 1 failure
    await nextConnectAfter(worker);
    worker.closed(); // 2
    await nextConnectAfter(worker);
    expect(tab.status).to.equal('connecting');
    worker.closed(); // 3: the socket cannot be opened
    expect(tab.status).to.equal('polling');
    await waitUntil(() => other.status === 'polling');
    await nextConnectAfter(worker); // still trying in the background
    worker.closed();
    expect(tab.status).to.equal('polling');
    await nextConnectAfter(worker);
    worker.live();
    expect(tab.status).to.equal('live');
    await waitUntil(() => other.status === 'live');
    expect(r.statuses).to.deep.equal(['connecting', 'live', 'connecting', 'polling', 'live']);
  });

  it('polls at once when no Worker can be started (CSP, no Worker support), and recovers', async () => {
    let refuse = true;
    const tab = agent.open({
      createWorker: () => {
        if (refuse) throw new DOMException('refused', 'SecurityError');
        const worker = new FakeWorker();
        agent.workers.push(worker);
        return worker;
      },
    });
    tab.start();
    await waitUntil(() => tab.status === 'polling');
    expect(tab.isHolder).to.equal(true);
    refuse = false;
    await agent.clock.advance(5_000);
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    agent.workers[0]!.live();
    expect(tab.status).to.equal('live');
  });

  it('polls at once when the Worker script fails to load, and tries a new Worker later', async () => {
    const tab = agent.open();
    tab.start();
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    agent.workers[0]!.onerror?.(new Event('error')); // e.g. a 404 or a CSP refusal
    expect(tab.status).to.equal('polling');
    expect(agent.workers[0]!.terminated).to.equal(true);
    await agent.clock.advance(2_000);
    await waitUntil(() => agent.workers[1]?.connects.length === 1);
    agent.workers[1]!.live();
    expect(tab.status).to.equal('live');
  });

  it('retries a SASL refusal once at once with a fresh token, then backs off', async () => {
    const { worker } = await holderLive();
    worker.closed({ opened: true, wasLive: true }); // a drop
    await nextConnectAfter(worker);
    expect(worker.connects).to.have.length(2);
    worker.closed({ opened: true, authFailed: true, condition: 'not-authorized' });
    await waitUntil(() => worker.connects.length === 3); // at once, no timer involved
    expect(worker.connects[2]!.password).to.not.equal(worker.connects[1]!.password);
    worker.closed({ opened: true, authFailed: true, condition: 'not-authorized' });
    await flush(5);
    expect(worker.connects).to.have.length(3); // not again at once
    expect(await nextConnectAfter(worker)).to.equal(2000); // backoff
  });

  it('sends the configured SASL mechanism (plain by default) with every connect', async () => {
    const { worker } = await holderLive({ sasl: 'x-oauth2' });
    expect(worker.connects[0]!.sasl).to.equal('x-oauth2');
    const other = makeAgent();
    try {
      other.open().start();
      await waitUntil(() => other.workers[0]?.connects.length === 1);
      expect(other.workers[0]!.connects[0]!.sasl).to.equal('plain');
    } finally {
      other.close();
    }
  });

  it('a server without the configured mechanism: polls at once (labelled), says why, keeps trying', async () => {
    const tab = agent.open({ sasl: 'x-oauth2' });
    const r = record(tab);
    tab.start();
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    const follower = agent.open({ sasl: 'x-oauth2' });
    follower.start();
    const worker = agent.workers[0]!;
    worker.closed({
      opened: true,
      reason: 'sasl-mechanism-unavailable: x-oauth2 (offered: PLAIN)',
      saslUnavailable: { mechanism: 'x-oauth2', offered: ['PLAIN'] },
    });
    expect(tab.status).to.equal('polling'); // first failure, not the third
    const problem = {
      code: 'sasl-mechanism-unavailable',
      mechanism: 'x-oauth2',
      offered: ['PLAIN'],
    };
    expect(tab.problem).to.deep.equal(problem);
    // The other tabs learn it too (it travels with the status, never a token).
    await waitUntil(() => follower.status === 'polling');
    expect(follower.problem).to.deep.equal(problem);
    const status = { type: 'xmpp-status', from: 't', status: 'polling' };
    expect(isXmppTabMessage({ ...status, problem })).to.equal(true);
    expect(isXmppTabMessage({ ...status, problem: { code: 'other', mechanism: 'x' } })).to.equal(
      false,
    );
    expect(isXmppTabMessage({ ...status, problem: { ...problem, offered: [1] } })).to.equal(false);
    await nextConnectAfter(worker); // still trying in the background (a server fixed later)
    worker.live();
    expect(tab.status).to.equal('live');
    expect(tab.problem).to.equal(null);
    await waitUntil(() => follower.status === 'live');
    expect(follower.problem).to.equal(null);
    expect(r.statuses).to.deep.equal(['connecting', 'polling', 'live']);
  });

  it('a refused password is a typed problem too, and polling after the usual failures', async () => {
    const tab = agent.open({ sasl: 'plain' });
    tab.start();
    await waitUntil(() => agent.workers[0]?.connects.length === 1);
    const worker = agent.workers[0]!;
    worker.closed({ opened: true, authFailed: true, condition: 'not-authorized' });
    expect(tab.problem).to.deep.equal({
      code: 'sasl-refused',
      mechanism: 'plain',
      condition: 'not-authorized',
    });
    expect(tab.status).to.equal('connecting');
    await waitUntil(() => worker.connects.length === 2); // the one fresh-token retry
    worker.closed({ opened: true, authFailed: true, condition: 'not-authorized' });
    await nextConnectAfter(worker);
    worker.closed({ opened: true, authFailed: true, condition: 'not-authorized' });
    expect(tab.status).to.equal('polling');
    expect(JSON.stringify(tab.problem)).to.not.contain(SECRET_TOKEN);
  });

  it('after a token refresh, reconnects only if the server asked for a fresh token', async () => {
    const session = new EventTarget();
    const onTokenRefreshed = (listener: () => void) => {
      session.addEventListener('token-refreshed', listener);
      return () => session.removeEventListener('token-refreshed', listener);
    };
    const { worker, tab } = await holderLive({ onTokenRefreshed });
    // Live: a refresh changes nothing (the server keeps the stream).
    session.dispatchEvent(new Event('token-refreshed'));
    await flush(5);
    expect(worker.connects).to.have.length(1);
    expect(worker.commands.filter((c) => c.type === 'close')).to.have.length(0);
    // The server ends the stream: not-authorized. One immediate retry, refused again.
    worker.closed({ opened: true, wasLive: true, streamError: true, condition: 'not-authorized' });
    await waitUntil(() => worker.connects.length === 2);
    worker.closed({ opened: true, authFailed: true, condition: 'not-authorized' });
    await flush(5);
    expect(worker.connects).to.have.length(2);
    // The session refreshes: reconnect now with the new token, not after the backoff.
    session.dispatchEvent(new Event('token-refreshed'));
    await waitUntil(() => worker.connects.length === 3);
    worker.live();
    expect(tab.status).to.equal('live');
    // A drop for another reason: a refresh does not hurry the backoff.
    worker.closed({ opened: true, wasLive: true, reason: 'socket-closed' });
    session.dispatchEvent(new Event('token-refreshed'));
    await flush(5);
    expect(worker.connects).to.have.length(3);
    expect(await nextConnectAfter(worker)).to.equal(1000);
  });

  it('reconnect() drops the connection and connects now, optionally elsewhere', async () => {
    const { tab, worker } = await holderLive();
    tab.reconnect({ url: 'wss://fin2.example.com:8445/ws' });
    await waitUntil(() => worker.connects.length === 2);
    expect(worker.commands.at(-2)).to.deep.equal({ type: 'close' });
    expect(worker.connects[1]!.url).to.equal('wss://fin2.example.com:8445/ws');
  });

  it('stops cleanly: no Worker, no timers left that reconnect', async () => {
    const { tab, worker } = await holderLive();
    worker.closed({ opened: true, wasLive: true });
    tab.stop();
    await agent.clock.advance(120_000);
    expect(worker.connects).to.have.length(1);
    expect(worker.terminated).to.equal(true);
    expect(tab.status).to.equal('stopped');
  });
});

/**
 * A real BroadcastChannel that can be frozen (deaf and mute, as in a tab the browser froze),
 * and that counts the probes (`xmpp-hello`) its tab sends and the messages it hears, so a test
 * can wait for the answer to a probe instead of racing it: the manual clock moves in an
 * instant, a real channel delivers in a task, later on a busy machine.
 */
function watchedChannel(name: string, isFrozen: () => boolean = () => false) {
  const real = new BroadcastChannel(name);
  const listeners = new Set<(event: MessageEvent) => void>();
  const counts = { hellos: 0, heard: 0 };
  real.onmessage = (event) => {
    if (isFrozen()) return;
    counts.heard++;
    for (const l of listeners) l(event);
  };
  const channel: ChannelLike = {
    postMessage: (m) => {
      if (isFrozen()) return;
      if ((m as { type?: unknown }).type === 'xmpp-hello') counts.hellos++;
      real.postMessage(m);
    },
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
    close: () => real.close(),
  };
  return { channel, counts };
}

/**
 * Moves the clock `ms` in 1 s steps; whenever a follower probed the holder, waits until it
 * heard an answer before time moves on (what real time guarantees: the answer comes in
 * milliseconds, the probe gives up after seconds).
 */
async function advanceHeard(
  clock: { advance(ms: number): Promise<void> },
  followers: Array<{ hellos: number; heard: number }>,
  ms: number,
): Promise<void> {
  for (let t = 0; t < ms; t += 1_000) {
    const before = followers.map((f) => ({ ...f }));
    await clock.advance(1_000);
    for (const [i, f] of followers.entries()) {
      if (f.hellos > before[i]!.hellos) {
        await waitUntil(() => f.heard > before[i]!.heard, 'the holder answered the probe', {
          timeout: 10_000,
        });
      }
    }
  }
}

describe('XmppNotifications: a frozen holder tab', () => {
  it('a follower takes the lock over when the holder stays silent and does not answer', async () => {
    const agent = makeAgent();
    try {
      let frozen = false;
      const watched: Array<{ hellos: number; heard: number }> = [];
      const a = agent.open({
        createChannel: (name) => {
          const { channel, counts } = watchedChannel(name, () => frozen);
          watched[0] = counts;
          return channel;
        },
      });
      const b = agent.open({
        holderSilenceMs: 60_000,
        probeMs: 5_000,
        createChannel: (name) => {
          const { channel, counts } = watchedChannel(name);
          watched[1] = counts;
          return channel;
        },
      });
      a.start();
      b.start();
      await waitUntil(() => agent.workers[0]?.connects.length === 1);
      agent.workers[0]!.live();
      await waitUntil(() => b.status === 'live');
      // A live holder pings every 15 s; nothing is stolen while it speaks.
      for (let i = 0; i < 8; i++) {
        agent.workers[0]!.emit({ type: 'pong', at: 0, rttMs: 1 });
        await advanceHeard(agent.clock, [watched[1]!], 15_000);
      }
      expect(agent.workers).to.have.length(1);
      frozen = true;
      // Within silence (60 s) + a watch period (30 s) + the probe (5 s), the follower acts. In
      // 1 s steps, so the real channel and lock work between the timers has time to run on a
      // busy machine.
      for (let t = 0; t < 95_000 && agent.workers.length < 2; t += 1_000) {
        await agent.clock.advance(1_000);
      }
      await waitUntil(() => agent.workers.length === 2, 'the follower took over', {
        timeout: 10_000,
      });
      expect(b.isHolder).to.equal(true);
      await waitUntil(() => !a.isHolder, 'the frozen holder stood down', { timeout: 10_000 });
      await agent.clock.advance(1_000);
      expect(agent.workers[0]!.terminated).to.equal(true);
      expect(holderOf(agent)).to.deep.equal([b]);
      // The old tab thaws: it hears the new holder and stays a follower.
      frozen = false;
      agent.workers[1]!.live();
      for (let i = 0; i < 10; i++) {
        agent.workers[1]!.emit({ type: 'pong', at: 0, rttMs: 1 });
        await advanceHeard(agent.clock, [watched[0]!], 15_000);
      }
      expect(holderOf(agent)).to.deep.equal([b]);
      expect(a.status).to.equal('live');
      expect(agent.workers).to.have.length(2);
    } finally {
      agent.close();
    }
  });
});

describe('XmppNotifications: a quiet holder is not a frozen one', () => {
  it('a holder that answers the probe keeps the connection, even after long silence', async () => {
    const agent = makeAgent();
    try {
      const a = agent.open();
      let probes: { hellos: number; heard: number } | undefined;
      const b = agent.open({
        holderSilenceMs: 60_000,
        probeMs: 5_000,
        createChannel: (name) => {
          const { channel, counts } = watchedChannel(name);
          probes = counts;
          return channel;
        },
      });
      a.start();
      b.start();
      await waitUntil(() => agent.workers[0]?.connects.length === 1);
      // Never live (e.g. a long backoff): the holder says nothing for minutes. Each probe the
      // follower sends is answered before the clock moves on, as in real time.
      await advanceHeard(agent.clock, [probes!], 200_000);
      expect(probes!.hellos).to.be.greaterThan(0);
      expect(agent.workers).to.have.length(1);
      expect(holderOf(agent)).to.deep.equal([a]);
    } finally {
      agent.close();
    }
  });
});

describe('createXmppNotifications', () => {
  const info = {
    loginId: 'Agent1',
    xmppDomain: 'finesse.lab.example.com',
    pubsubDomain: 'pubsub.finesse.lab.example.com',
  };

  it('derives the URL from the node: wss for https, ws for http (the simulator)', () => {
    expect(deriveNotificationUrl('https://fin1.example.com:8445/')).to.equal(
      'wss://fin1.example.com:8445/ws',
    );
    expect(deriveNotificationUrl('http://localhost:3000')).to.equal('ws://localhost:3000/ws');
    expect(deriveNotificationUrl('https://fin1.example.com/desktop')).to.equal(
      'wss://fin1.example.com/ws',
    );
  });

  it("uses the session's token, endpoints and token-refreshed event", async () => {
    const session = new FakeSession();
    session.signInNow();
    session.endpoints = { finesseUrl: `https://fin-${++counter}.test:8445/` };
    const workers: FakeWorker[] = [];
    const service = createXmppNotifications(session, info, {
      createWorker: () => {
        const w = new FakeWorker();
        workers.push(w);
        return w;
      },
    })!;
    try {
      service.start();
      await waitUntil(() => workers[0]?.connects.length === 1);
      expect(workers[0]!.connects[0]).to.deep.include({
        url: 'wss://fin-' + counter + '.test:8445/ws',
        password: SECRET_TOKEN,
        loginId: 'Agent1',
        domain: 'finesse.lab.example.com',
      });
      expect(session.count('getAccessToken')).to.equal(1);
      expect(session.listenerCount).to.equal(1); // token-refreshed
    } finally {
      service.stop();
    }
    expect(session.listenerCount).to.equal(0);
  });

  it("takes the mechanism, password form and ping period from the session's xmpp settings", async () => {
    const session = new FakeSession();
    session.signInNow();
    const run = async (xmpp: SessionEndpoints['xmpp']) => {
      session.endpoints = { finesseUrl: `https://fin-${++counter}.test:8445/`, xmpp };
      const workers: FakeWorker[] = [];
      const service = createXmppNotifications(session, info, {
        createWorker: () => {
          const w = new FakeWorker();
          workers.push(w);
          return w;
        },
      })!;
      service.start();
      await waitUntil(() => workers[0]?.connects.length === 1);
      service.stop();
      const { sasl, password, pingMs } = workers[0]!.connects[0]!;
      return { sasl, password, pingMs };
    };
    expect(await run(undefined)).to.deep.equal({
      sasl: 'plain',
      password: SECRET_TOKEN,
      pingMs: 15_000,
    });
    expect(await run({ sasl: 'oauthbearer', password: 'bearer', pingMs: 10_000 })).to.deep.equal({
      sasl: 'oauthbearer',
      password: `Bearer ${SECRET_TOKEN}`,
      pingMs: 10_000,
    });
  });

  it('warns (when logging is on) about a ping period longer than the 20 s Finesse expects', () => {
    const session = new FakeSession();
    const lines: string[] = [];
    const warn = console.warn;
    console.warn = (line: string) => lines.push(line);
    setLogLevel('warn');
    try {
      for (const pingMs of [20_000, 25_000]) {
        session.endpoints = { finesseUrl: `https://fin-${++counter}.test:8445/`, xmpp: { pingMs } };
        createXmppNotifications(session, info);
      }
    } finally {
      setLogLevel('silent');
      console.warn = warn;
    }
    expect(lines).to.deep.equal([
      '[finesse-sso:xmpp] xmpp-ping-ms 25000 is longer than the 20 s Finesse expects between pings',
    ]);
  });

  it('uses the URL the agent model resolved, else the configured one, else the node', async () => {
    const session = new FakeSession();
    session.signInNow();
    const run = async (configured: string | undefined, resolved: string | undefined) => {
      session.endpoints = {
        finesseUrl: `https://fin-${++counter}.test:8445/`,
        notificationUrl: configured,
      };
      const workers: FakeWorker[] = [];
      const service = createXmppNotifications(
        session,
        { ...info, notificationUrl: resolved },
        {
          createWorker: () => {
            const w = new FakeWorker();
            workers.push(w);
            return w;
          },
        },
      )!;
      service.start();
      await waitUntil(() => workers[0]?.connects.length === 1);
      service.stop();
      return workers[0]!.connects[0]!.url;
    };
    expect(await run('wss://xmpp.example.com:7443/ws', 'wss://fin2.example.com:7443/ws')).to.equal(
      'wss://fin2.example.com:7443/ws',
    );
    expect(await run('wss://xmpp.example.com:7443/ws', undefined)).to.equal(
      'wss://xmpp.example.com:7443/ws',
    );
    expect(await run(undefined, undefined)).to.equal(`wss://fin-${counter}.test:8445/ws`);
  });

  it('gives no service without an XMPP domain (SystemInfo unread): the model polls', () => {
    expect(createXmppNotifications(new FakeSession(), { ...info, xmppDomain: '' })).to.equal(null);
  });

  it('gives no service in gadget mode (the Finesse container feeds updates there)', () => {
    const session = new FakeSession();
    session.mode = 'gadget';
    expect(createXmppNotifications(session, info)).to.equal(null);
  });
});
